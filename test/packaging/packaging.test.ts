/**
 * The package as users get it: `npm pack`, then `require`, `import`, a
 * TypeScript consumer, a bundler, and a `<script>` tag after tf.min.js.
 * Needs `npm run build` first (`npm test` runs it).
 */
import {execFileSync, spawnSync} from 'child_process';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import {htmlPage, launchChromium, ROOT, serve} from '../../tools/browser';

let app: string;  // a throwaway app with the packed package installed

function run(cmd: string, args: string[], cwd = app): string {
  return execFileSync(cmd, args, {cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
}

beforeAll(() => {
  app = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-sparse-grad-app-'));
  const packed = run('npm', ['pack', '--silent', '--pack-destination', app], ROOT).trim();
  const modules = path.join(app, 'node_modules');
  fs.mkdirSync(path.join(modules, '@tensorflow'), {recursive: true});
  // The app's tfjs is this repo's installed copy (no network needed).
  for (const dep of fs.readdirSync(path.join(ROOT, 'node_modules', '@tensorflow'))) {
    fs.symlinkSync(
        path.join(ROOT, 'node_modules', '@tensorflow', dep),
        path.join(modules, '@tensorflow', dep));
  }
  for (const dep
           of ['seedrandom', 'long', 'argparse', 'core-js', 'regenerator-runtime', '@types']) {
    if (fs.existsSync(path.join(ROOT, 'node_modules', dep))) {
      fs.symlinkSync(path.join(ROOT, 'node_modules', dep), path.join(modules, dep));
    }
  }
  fs.mkdirSync(path.join(modules, 'tfjs-sparse-grad'));
  run('tar', [
    '-xzf', path.join(app, packed), '-C', path.join(modules, 'tfjs-sparse-grad'),
    '--strip-components=1'
  ]);
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({name: 'app', private: true}));
});

afterAll(() => {
  fs.rmSync(app, {recursive: true, force: true});
});

/** A program that checks the package registered its kernels and gradients. */
const CHECK = `
  const grad = tf.tensor2d([[1, 2], [3, 4]]);
  const out = sg.sparseSegmentMeanGrad(grad, [2, 0, 2], [0, 1, 1], 3);
  const got = Array.from(out.dataSync()).join(',');
  if (got !== '1.5,2,0,0,2.5,4') throw new Error('wrong result ' + got);
  const dx = tf.grad(d => tf.sparse.sparseSegmentMean(
      d, tf.tensor1d([0, 1], 'int32'), tf.tensor1d([0, 0], 'int32')))(
      tf.ones([2, 2]), tf.ones([1, 2]));
  if (Array.from(dx.dataSync()).join(',') !== '0.5,0.5,0.5,0.5') throw new Error('wrong grad');
  let error = null;
  try { sg.sparseSegmentMeanGrad(grad, [9], [0], 3); } catch (e) { error = e; }
  if (!(error instanceof sg.InvalidArgumentError) || error.name !== 'InvalidArgumentError' ||
      error.code !== 3 || !error.message.startsWith('Index 9 out of range [0, 3).')) {
    throw new Error('wrong error: ' + error);
  }
  console.log('ok ' + sg.version);
`;

test('the tarball holds the builds, types and README, and no tests', () => {
  const files = run('find', ['node_modules/tfjs-sparse-grad', '-type', 'f']).split('\n');
  const names = files.map(f => f.replace('node_modules/tfjs-sparse-grad/', ''));
  for (const f
           of ['package.json', 'README.md', 'LICENSE', 'dist/index.d.ts',
               'dist/tfjs-sparse-grad.mjs', 'dist/tfjs-sparse-grad.cjs',
               'dist/tfjs-sparse-grad.min.js']) {
    expect(names).toContain(f);
  }
  expect(names.filter(f => f.startsWith('test/'))).toEqual([]);
});

test('every source map carries the sources it points to', () => {
  const dist = path.join(app, 'node_modules', 'tfjs-sparse-grad', 'dist');
  const maps = fs.readdirSync(dist).filter(f => f.endsWith('.map'));
  expect(maps.length).toBe(3);
  for (const file of maps) {
    const map = JSON.parse(fs.readFileSync(path.join(dist, file), 'utf8'));
    expect(map.sources.length).toBeGreaterThan(50);
    expect(map.sourcesContent?.length).toBe(map.sources.length);
    const missing = map.sources.filter((_: string, i: number) => !map.sourcesContent[i]);
    expect({file, missing}).toEqual({file, missing: []});
  }
});

test('version matches package.json', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const out =
      run('node', ['-e', `const sg = require('tfjs-sparse-grad'); console.log(sg.version)`]);
  expect(out.trim()).toBe(pkg.version);
});

test('require() works, registered before the backend is loaded', () => {
  const out = run('node', [
    '-e', `
    const sg = require('tfjs-sparse-grad');
    const tf = require('@tensorflow/tfjs-core');
    require('@tensorflow/tfjs-backend-cpu');
    ${CHECK}`
  ]);
  expect(out).toContain('ok ');
});

test('the package before or after @tensorflow/tfjs: no warning, and its replacements run', () => {
  const program = (first: string, second: string) => `
    const ${first === 'tf' ? 'tf' : 'sg'} = require('${
      first === 'tf' ? '@tensorflow/tfjs' : 'tfjs-sparse-grad'}');
    const ${second === 'tf' ? 'tf' : 'sg'} = require('${
      second === 'tf' ? '@tensorflow/tfjs' : 'tfjs-sparse-grad'}');
    tf.setBackend('cpu').then(() => {
      // The package's UnsortedSegmentSum raises TF's error for an id past numSegments.
      let error = null;
      try { tf.unsortedSegmentSum(tf.tensor1d([1, 2]), tf.tensor1d([0, 5], 'int32'), 2); }
      catch (e) { error = e; }
      if (!(error instanceof sg.InvalidArgumentError)) throw new Error('tfjs kernel ran: ' + error);
      console.log('ok');
    }).catch(e => { console.error(e); process.exit(1); });`;
  for (const [first, second] of [['sg', 'tf'], ['tf', 'sg']]) {
    const result = spawnSync('node', ['-e', program(first, second)], {cwd: app, encoding: 'utf8'});
    expect(result.stdout).toContain('ok');
    expect(result.stderr).not.toContain('already registered');
  }
});

test('the package runs on the wasm backend (CJS, the compiled loops from the bundle)', () => {
  const out = run('node', [
    '-e', `
    const tf = require('@tensorflow/tfjs-core');
    require('@tensorflow/tfjs-backend-wasm');
    const sg = require('tfjs-sparse-grad');
    tf.setBackend('wasm').then(() => {
      if (tf.getBackend() !== 'wasm') throw new Error('backend ' + tf.getBackend());
      ${CHECK}
    }).catch(e => { console.error(e); process.exit(1); });`
  ]);
  expect(out).toContain('ok ');
});

test('import works (Node ESM), registered after the backend is loaded', () => {
  const out = run('node', [
    '--input-type=module', '-e', `
    import * as tf from '@tensorflow/tfjs-core';
    import '@tensorflow/tfjs-backend-cpu';
    import * as sg from 'tfjs-sparse-grad';
    ${CHECK}`
  ]);
  expect(out).toContain('ok ');
});

test('importing twice (ESM and CJS copies) registers once, without warnings', () => {
  const out = run('node', [
    '--input-type=module', '-e', `
    import {createRequire} from 'module';
    const warnings = [];
    const warn = console.warn;
    console.warn = (...a) => warnings.push(a.join(' '));
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-cpu');
    await import('tfjs-sparse-grad');
    createRequire(import.meta.url)('tfjs-sparse-grad');
    console.warn = warn;
    const ours = warnings.filter(w => /Sparse|SPARSE_GRAD/.test(w));
    if (ours.length) throw new Error(ours.join('; '));
    console.log('ok');`
  ]);
  expect(out.trim()).toBe('ok');
});

test('a TypeScript consumer type-checks against the bundled .d.ts', () => {
  fs.writeFileSync(path.join(app, 'consumer.ts'), `
    import * as tf from '@tensorflow/tfjs-core';
    import {sparseSegmentMeanGrad, sparseSegmentSqrtNGradV2, InvalidArgumentError} from 'tfjs-sparse-grad';
    const g: tf.Tensor = sparseSegmentMeanGrad(tf.ones([2, 3]), [0, 1], [0, 1], 4);
    const {output, sortedUniqueIndices} = sparseSegmentSqrtNGradV2(g, [1], [0], 4);
    const e: InvalidArgumentError | null = null;
    export const used = [output, sortedUniqueIndices, e];
  `);
  fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true,
      noEmit: true,
      module: 'node16',
      moduleResolution: 'node16',
      target: 'es2019',
      skipLibCheck: true,
      types: []
    },
    files: ['consumer.ts'],
  }));
  run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
});

test('a bundler keeps the registration of a bare import (sideEffects)', async () => {
  fs.writeFileSync(path.join(app, 'entry.mjs'), `
    import * as tf from '@tensorflow/tfjs-core';
    import '@tensorflow/tfjs-backend-cpu';
    import 'tfjs-sparse-grad';
    const out = tf.engine().runKernel('SparseSegmentSumGrad', {
      grad: tf.ones([1, 2]), indices: tf.tensor1d([1], 'int32'),
      segmentIds: tf.tensor1d([0], 'int32'), outputDim0: tf.scalar(2, 'int32')});
    console.log('bundled ' + Array.from(out.dataSync()).join(','));
  `);
  await esbuild.build({
    entryPoints: [path.join(app, 'entry.mjs')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: path.join(app, 'bundle.cjs'),
    logLevel: 'silent',
    absWorkingDir: app,
    minify: true,
    treeShaking: true,
    // Only this package is bundled (from its ES module build); tfjs stays a
    // Node dependency.
    external: ['@tensorflow/*'],
  });
  expect(fs.readFileSync(path.join(app, 'bundle.cjs'), 'utf8'))
      .toContain('Index must be less than 0');
  expect(run('node', ['bundle.cjs']).trim()).toBe('bundled 0,0,1,1');
});

test('a <script> tag after tf.min.js defines tfSparseGrad', async () => {
  const dist = path.join(app, 'node_modules');
  const server = await serve({
    '/': {text: htmlPage(['/tf.min.js', '/tfjs-sparse-grad.min.js'])},
    '/tf.min.js': {file: path.join(dist, '@tensorflow', 'tfjs', 'dist', 'tf.min.js')},
    '/tfjs-sparse-grad.min.js':
        {file: path.join(dist, 'tfjs-sparse-grad', 'dist', 'tfjs-sparse-grad.min.js')},
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', e => errors.push(String(e)));
    await page.goto(server.url);
    const result = await page.evaluate(async (check) => {
      const w = window as any;
      await w.tf.setBackend('cpu');
      const lines: string[] = [];
      const log = console.log;
      console.log = (s: string) => lines.push(s);
      try {
        new Function('tf', 'sg', check)(w.tf, w.tfSparseGrad);
      } finally {
        console.log = log;
      }
      return lines.join('\n');
    }, CHECK);
    expect(result).toMatch(/^ok /);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
    await server.close();
  }
});

test('a <script> tag before tf.min.js says to load tfjs first', async () => {
  const dist = path.join(app, 'node_modules');
  const server = await serve({
    '/': {text: htmlPage(['/tfjs-sparse-grad.min.js', '/tf.min.js'])},
    '/tf.min.js': {file: path.join(dist, '@tensorflow', 'tfjs', 'dist', 'tf.min.js')},
    '/tfjs-sparse-grad.min.js':
        {file: path.join(dist, 'tfjs-sparse-grad', 'dist', 'tfjs-sparse-grad.min.js')},
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', e => errors.push(e.message));
    await page.goto(server.url);
    await page.waitForFunction(() => (window as any).tf != null);
    expect(errors).toEqual(
        ['tfjs-sparse-grad: load TensorFlow.js first. Put the <script> of @tensorflow/tfjs ' +
         '(tf.min.js, which includes tf.layers) before tfjs-sparse-grad.min.js: this bundle uses ' +
         'the global tf, and there is none yet.']);
    expect(await page.evaluate(() => typeof (window as any).tfSparseGrad)).toBe('undefined');
  } finally {
    await browser.close();
    await server.close();
  }
});

test('a <script> tag on the wasm backend (tf-backend-wasm.min.js) runs the package', async () => {
  const dist = path.join(app, 'node_modules');
  const wasmDist = path.join(dist, '@tensorflow', 'tfjs-backend-wasm', 'dist');
  const server = await serve({
    '/': {text: htmlPage(['/tf.min.js', '/tf-backend-wasm.min.js', '/tfjs-sparse-grad.min.js'])},
    '/tf.min.js': {file: path.join(dist, '@tensorflow', 'tfjs', 'dist', 'tf.min.js')},
    '/tf-backend-wasm.min.js': {file: path.join(wasmDist, 'tf-backend-wasm.min.js')},
    '/tfjs-sparse-grad.min.js':
        {file: path.join(dist, 'tfjs-sparse-grad', 'dist', 'tfjs-sparse-grad.min.js')},
    ...Object.fromEntries([
      'tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm',
      'tfjs-backend-wasm-threaded-simd.wasm'
    ].map(b => [`/${b}`, {file: path.join(wasmDist, b)}])),
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', e => errors.push(String(e)));
    await page.goto(server.url);
    const result = await page.evaluate(async (check) => {
      const w = window as any;
      w.tf.wasm.setWasmPaths('/');
      await w.tf.setBackend('wasm');
      const lines: string[] = [w.tf.getBackend()];
      const log = console.log;
      console.log = (s: string) => lines.push(s);
      try {
        new Function('tf', 'sg', check)(w.tf, w.tfSparseGrad);
      } finally {
        console.log = log;
      }
      return lines.join('\n');
    }, CHECK);
    expect(result).toMatch(/^wasm\nok /);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
    await server.close();
  }
});
