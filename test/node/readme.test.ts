/**
 * Every JavaScript and TypeScript snippet of the README and of the guides in
 * docs/ runs as written (in Node, on cpu), and every TypeScript one
 * type-checks against the package's sources. Snippets marked `js browser`
 * run in Chromium (test/browser/readme.browser.test.ts).
 */
import * as tf from '@tensorflow/tfjs';
import {execFileSync} from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

import * as sg from '../../src/layers';
import {asFunctionBody, docSnippets} from '../harness/readme_snippets';

const ROOT = path.join(__dirname, '..', '..');
const snippets = docSnippets();
const nodeSnippets = snippets.filter(s => !s.browser && !s.node);

/**
 * `fs` as the snippets see it: the GraphModel example reads `model/`, the
 * converter's output a user has; here it is a fixture of the tests.
 */
const snippetFs = {
  ...fs,
  readFileSync: (file: string, encoding?: BufferEncoding) => fs.readFileSync(
      file.replace(/^model\//, path.join(ROOT, 'test', 'fixtures', 'embedding_graph') + '/'),
      encoding),
};

// The layers entry is a superset of the main one: both names get it here
// (the type-check below keeps them apart).
const modules: Record<string, unknown> = {
  '@tensorflow/tfjs': tf,
  'tfjs-sparse-grad': sg,
  'tfjs-sparse-grad/layers': sg,
  'fs': snippetFs,
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

test('the README and the guides have their snippets', () => {
  expect(nodeSnippets.filter(s => s.language === 'ts').length).toBeGreaterThanOrEqual(2);
  expect(nodeSnippets.filter(s => s.language === 'js').length).toBeGreaterThanOrEqual(3);
  expect(snippets.some(s => s.browser)).toBe(true);
});

test('the TypeScript snippets type-check', () => {
  const dir = path.join(ROOT, '.cache', 'readme');
  fs.mkdirSync(dir, {recursive: true});
  const files = nodeSnippets.filter(s => s.language === 'ts').map(s => {
    const file = path.join(dir, `${s.file.replace(/\W/g, '_')}-line-${s.line}.ts`);
    // As a user's module: the package from source, top-level await allowed.
    const source = s.code
                       .replace(
                           /from 'tfjs-sparse-grad\/layers'/g,
                           `from '${path.relative(dir, path.join(ROOT, 'src', 'layers'))}'`)
                       .replace(
                           /from 'tfjs-sparse-grad'/g,
                           `from '${path.relative(dir, path.join(ROOT, 'src', 'index'))}'`);
    fs.writeFileSync(file, `${source}\nexport {};\n`);
    return file;
  });
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
  });
  const diagnostics = ts.getPreEmitDiagnostics(program).map(d => {
    const where = d.file != null && d.start != null ?
        `${path.basename(d.file.fileName)}:${
            d.file.getLineAndCharacterOfPosition(d.start).line + 1}` :
        '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  expect(diagnostics).toEqual([]);
});

test.each(nodeSnippets.map(s => [`${s.language} snippet at ${s.file}:${s.line}`, s] as const))(
    '%s runs', async (_label, snippet) => {
      const body = asFunctionBody(snippet.code);
      const js = snippet.language === 'ts' ?
          ts.transpileModule(body, {
              compilerOptions: {target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext}
            }).outputText :
          body;
      const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
      const run = new AsyncFunction('modules', js) as (m: typeof modules) => Promise<void>;
      const before = tf.memory().numTensors;
      await run(modules);
      // Snippets keep their variables, models and optimizers (a GraphModel
      // its weights); nothing else piles up.
      expect(tf.memory().numTensors - before).toBeLessThan(100);
    });

test.each(
    snippets.filter(s => s.node).map(s => [`node program at ${s.file}:${s.line}`, s] as const))(
    '%s runs', (_label, snippet) => {
      // As a CommonJS program of its own, with the built package.
      const file = path.join(
          ROOT, '.cache', 'readme', `${snippet.file.replace(/\W/g, '_')}-line-${snippet.line}.cjs`);
      fs.mkdirSync(path.dirname(file), {recursive: true});
      fs.writeFileSync(
          file,
          snippet.code
              .replace(
                  /require\('tfjs-sparse-grad\/layers'\)/g,
                  `require(${
                      JSON.stringify(path.join(ROOT, 'dist', 'tfjs-sparse-grad-layers.cjs'))})`)
              .replace(
                  /require\('tfjs-sparse-grad'\)/g,
                  `require(${JSON.stringify(path.join(ROOT, 'dist', 'tfjs-sparse-grad.cjs'))})`));
      const out = execFileSync(process.execPath, [file], {
        encoding: 'utf8',
        cwd: ROOT,
        env: {...process.env, TF_CPP_MIN_LOG_LEVEL: '3'},
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      // The comment after a console.log line says what it prints.
      const said = [...snippet.code.matchAll(/console\.log\(.*\);\s*\/\/ (.*)$/gm)].map(m => m[1]);
      expect(out.trim().split('\n').slice(-said.length)).toEqual(said);
    });
