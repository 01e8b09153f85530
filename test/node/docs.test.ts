/**
 * The API docs (`npm run docs`, TypeDoc) build without warnings, and every
 * public op documents its inputs, its output, its errors and an example.
 */
import {execFileSync} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

interface Comment {
  summary: Array<{kind: string, text: string}>;
  blockTags?: Array<{tag: string}>;
}
interface Reflection {
  name: string;
  kind: number;
  signatures?: Array<{comment?: Comment, parameters?: Array<{name: string, comment?: Comment}>}>;
}

let functions: Reflection[];

beforeAll(() => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'typedoc-'));
  execFileSync(
      process.execPath,
      [
        path.join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc'),
        '--json',
        path.join(out, 'api.json'),
        '--out',
        path.join(out, 'html'),
      ],
      {cwd: ROOT, stdio: 'pipe'});
  const api = JSON.parse(fs.readFileSync(path.join(out, 'api.json'), 'utf8'));
  fs.rmSync(out, {recursive: true, force: true});
  functions = (api.children as Reflection[]).filter(c => c.signatures != null);
});

test('every op is a documented function with inputs, output, errors and an example', () => {
  const ops =
      functions.filter(f => f.name.startsWith('sparse') || f.name === 'registerGraphModelOps');
  expect(ops.length).toBeGreaterThanOrEqual(14);
  for (const op of ops) {
    const signature = op.signatures![0];
    const comment = signature.comment;
    const where = `${op.name}:`;
    expect([where, comment != null]).toEqual([where, true]);
    const summary = comment!.summary.map(p => p.text).join('');
    expect([where, summary.includes('```js')]).toEqual([where, true]);
    const tags = (comment!.blockTags ?? []).map(t => t.tag);
    expect([where, tags.includes('@returns')]).toEqual([where, true]);
    if (op.name !== 'registerGraphModelOps') {
      expect([where, tags.includes('@throws')]).toEqual([where, true]);
    }
    for (const p of signature.parameters ?? []) {
      expect([where, p.name, p.comment != null]).toEqual([where, p.name, true]);
    }
  }
});
