/**
 * The code snippets of the README and of the guides in docs/, for the tests
 * that run them:
 * ```js and ```ts blocks run in Node (cpu), ```js browser blocks in
 * headless Chromium, ```js node blocks as CommonJS programs of their own (in
 * a Node process, e.g. with tfjs-node); ```ts blocks are type-checked too.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface Snippet {
  /** 'js' or 'ts'. */
  language: 'js'|'ts';
  /** Runs only in a browser page (```js browser). */
  browser: boolean;
  /** Runs as a CommonJS program of its own in Node (```js node). */
  node: boolean;
  /** The file it is in, relative to the repository (README.md, docs/...). */
  file: string;
  /** The line where it starts (for messages). */
  line: number;
  code: string;
}

const ROOT = path.join(__dirname, '..', '..');

/** The README and the guides, relative to the repository. */
export function documents(): string[] {
  const docs = fs.readdirSync(path.join(ROOT, 'docs')).filter(f => f.endsWith('.md')).sort();
  return ['README.md', ...docs.map(f => `docs/${f}`)];
}

/** Every snippet of the README and the guides. */
export function docSnippets(): Snippet[] {
  return documents().flatMap(file => snippetsOf(file));
}

function snippetsOf(file: string): Snippet[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const snippets: Snippet[] = [];
  const fence = /^```(js|ts)( browser| node)?\n([\s\S]*?)^```$/gm;
  let match: RegExpExecArray|null;
  while ((match = fence.exec(text)) != null) {
    snippets.push({
      language: match[1] as 'js' | 'ts',
      browser: match[2] === ' browser',
      node: match[2] === ' node',
      file,
      line: text.slice(0, match.index).split('\n').length,
      code: match[3],
    });
  }
  return snippets;
}

/**
 * The snippet as the body of an async function of `modules`:
 * `import * as x from 'm'` and `import {a, b} from 'm'` become reads of
 * `modules['m']`; side-effect imports are dropped (the runner loads those
 * modules itself); a snippet without imports gets `tf` and `tfSparseGrad`,
 * the globals of a <script> page.
 */
export function asFunctionBody(code: string): string {
  // Snippets without imports use the globals of a <script> page.
  const globals = /^import /m.test(code) ?
      '' :
      `const tf = modules['@tensorflow/tfjs']; const tfSparseGrad = modules['tfjs-sparse-grad'];\n`;
  return globals +
      code.replace(/^import (.+) from '([^']+)';.*$/gm, (_, what: string, module: string) => {
            const star = what.match(/^\* as (\w+)$/);
            return star != null ? `const ${star[1]} = modules['${module}'];` :
                                  `const ${what} = modules['${module}'];`;
          }).replace(/^import '[^']+';.*$/gm, '');
}
