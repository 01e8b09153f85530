/**
 * A model saved with its sparse optimizer resumes in a fresh process bit for
 * bit as uninterrupted training does, on the Node backends (cpu, wasm and
 * tensorflow; the same process, on every backend, is a shared check in
 * test/cases/training_state.ts).
 */
import {execFileSync} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import {SPARSE_OPTIMIZERS} from '../cases/training_state';

const ROOT = path.join(__dirname, '..', '..');

function runProgram(...args: string[]): void {
  execFileSync(
      process.execPath,
      [
        path.join(ROOT, 'scripts', 'run-ts.mjs'), path.join(__dirname, 'programs', 'resume.ts'),
        ...args
      ],
      {cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe']});
}

// The optimizers' own state (clipping adds none: its variants resume in the
// same process, in the shared check).
const OPTIMIZERS = SPARSE_OPTIMIZERS.map(([name]) => name).filter(name => !name.includes(' with '));

describe.each(['cpu', 'wasm', 'tensorflow'])('%s', backend => {
  // One process saves every optimizer's model, a second resumes them all.
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparse-grad-resume-'));
    runProgram('save', backend, OPTIMIZERS.join(','), dir);
    runProgram('resume', backend, OPTIMIZERS.join(','), dir);
  });
  afterAll(() => {
    fs.rmSync(dir, {recursive: true, force: true});
  });
  test.each(OPTIMIZERS.map((name, k) => [name, k] as const))(
      'train.%s resumes in a fresh process bit for bit', (_name, k) => {
        const uninterrupted = fs.readFileSync(path.join(dir, String(k), 'uninterrupted.bin'));
        const resumed = fs.readFileSync(path.join(dir, String(k), 'resumed.bin'));
        expect(resumed.length).toBeGreaterThan(0);
        expect(resumed.equals(uninterrupted)).toBe(true);
      });
});
