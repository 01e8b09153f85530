/**
 * The package as users get it: `npm pack`, then `require`, `import`, a
 * TypeScript consumer, a bundler, and `<script>` tags: the kernel plugin
 * (`tfjs-sparse-grad`) with tfjs-core and a backend alone, and the layers
 * (`tfjs-sparse-grad/layers`) with tfjs-layers.
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
  // (npm test has just built dist/: --ignore-scripts skips prepack's second build.)
  const packed =
      run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', app], ROOT).trim();
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

test('the tarball holds the builds, types, README and guides, and no tests', () => {
  const files = run('find', ['node_modules/tfjs-sparse-grad', '-type', 'f']).split('\n');
  const names = files.map(f => f.replace('node_modules/tfjs-sparse-grad/', ''));
  for (const f
           of ['package.json', 'README.md', 'LICENSE', 'dist/index.d.ts', 'dist/layers.d.ts',
               'dist/tfjs-sparse-grad.mjs', 'dist/tfjs-sparse-grad.cjs',
               'dist/tfjs-sparse-grad.min.js', 'dist/tfjs-sparse-grad-layers.mjs',
               'dist/tfjs-sparse-grad-layers.cjs', 'dist/tfjs-sparse-grad-layers.min.js',
               'docs/embeddings.md', 'docs/training.md']) {
    expect(names).toContain(f);
  }
  expect(names.filter(f => f.startsWith('test/'))).toEqual([]);
});

test('every source map carries the sources it points to', () => {
  const dist = path.join(app, 'node_modules', 'tfjs-sparse-grad', 'dist');
  const maps = fs.readdirSync(dist).filter(f => f.endsWith('.map'));
  // Two entries and their shared module, in ES and CommonJS; two <script> bundles.
  expect(maps.length).toBe(8);
  for (const file of maps) {
    const map = JSON.parse(fs.readFileSync(path.join(dist, file), 'utf8'));
    if (file.endsWith('.min.js.map')) expect(map.sources.length).toBeGreaterThan(50);
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

/**
 * A sparse FTRL step of row-sparse gradients on `tf` with `sg`: prints
 * 'trained'. (tfjs-core alone has no gradients of its own ops, so no
 * autodiff here: `@tensorflow/tfjs` or tfjs-core's register_all_gradients
 * give them.)
 */
const TRAIN = `
  const table = tf.variable(tf.ones([5, 2]));
  const optimizer = sg.train.ftrl(0.1, {l1: 0.01});
  optimizer.applyGradients([{name: table.name, tensor: {
    indices: tf.tensor1d([3, 3, 1], 'int32'), values: tf.ones([3, 2]), denseShape: [5, 2]}}]);
  const rows = Array.from(table.dataSync());
  if (rows[0] !== 1 || rows[6] === 1) throw new Error('wrong update ' + rows);
  console.log('trained');
`;

test('require() works with tfjs-core alone (no tfjs-layers), registered before the backend', () => {
  const out = run('node', [
    '-e', `
    const sg = require('tfjs-sparse-grad');
    const tf = require('@tensorflow/tfjs-core');
    require('@tensorflow/tfjs-backend-cpu');
    ${CHECK}
    ${TRAIN}
    const layers = Object.keys(require.cache).filter(f => f.includes('tfjs-layers'));
    if (layers.length > 0 || sg.layers !== undefined) throw new Error('loaded ' + layers);`
  ]);
  expect(out).toContain('ok ');
  expect(out).toContain('trained');
});

test('tfjs-sparse-grad/layers (CJS and ESM): the layers, and the same package instance', () => {
  const program = `
    const model = tf.sequential({layers: [
      sgl.layers.embeddingBag({inputDim: 20, outputDim: 3, inputShape: [4]}),
      tf.layers.dense({units: 1}),
    ]});
    model.compile({optimizer: sgl.train.rowwiseAdagrad(0.1), loss: 'meanSquaredError'});
    if (sgl.train !== sg.train || sgl.sparseVariableGrads !== sg.sparseVariableGrads) {
      throw new Error('two copies of the package');
    }
    model.fit(tf.tensor2d([[1, 2, -1, 3]], [1, 4], 'int32'), tf.ones([1, 1]), {verbose: 0})
        .then(() => console.log('fit ' + sgl.EmbeddingBag.className))
        .catch(e => { console.error(e); process.exit(1); });`;
  const cjs = run('node', [
    '-e', `
    const tf = require('@tensorflow/tfjs');
    const sg = require('tfjs-sparse-grad');
    const sgl = require('tfjs-sparse-grad/layers');
    ${program}`
  ]);
  expect(cjs).toContain('fit EmbeddingBag');
  const esm = run('node', [
    '--input-type=module', '-e', `
    import * as tf from '@tensorflow/tfjs';
    import * as sgl from 'tfjs-sparse-grad/layers';
    import * as sg from 'tfjs-sparse-grad';
    ${program}`
  ]);
  expect(esm).toContain('fit EmbeddingBag');
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
    ${CHECK}
    ${TRAIN}`
  ]);
  expect(out).toContain('ok ');
  expect(out).toContain('trained');
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
    const sg = createRequire(import.meta.url)('tfjs-sparse-grad');
    console.warn = warn;
    const ours = warnings.filter(w => /Sparse|SPARSE_GRAD/.test(w));
    if (ours.length) throw new Error(ours.join('; '));
    // The overrides of the two copies do not defer to each other.
    await tf.setBackend('cpu');
    for (const replace of [true, false]) {
      tf.env().set('SPARSE_GRAD_REPLACE_TFJS_KERNELS', replace);
      const sum = tf.unsortedSegmentSum(tf.ones([2, 2]), tf.tensor1d([0, 2], 'int32'), 3);
      if (sum.dataSync().join() !== '1,1,0,0,1,1') throw new Error('wrong sum ' + sum);
    }
    ${CHECK}`
  ]);
  expect(out).toContain('ok ');
});

test('a TypeScript consumer type-checks against the bundled .d.ts', () => {
  fs.writeFileSync(path.join(app, 'consumer.ts'), `
    import * as tf from '@tensorflow/tfjs-core';
    import {sparseSegmentMeanGrad, sparseSegmentSqrtNGradV2, sparseVariableGrads, InvalidArgumentError} from 'tfjs-sparse-grad';
    import {layers, EmbeddingBagLayerArgs} from 'tfjs-sparse-grad/layers';
    const g: tf.Tensor = sparseSegmentMeanGrad(tf.ones([2, 3]), [0, 1], [0, 1], 4);
    const {output, sortedUniqueIndices} = sparseSegmentSqrtNGradV2(g, [1], [0], 4);
    const e: InvalidArgumentError | null = null;
    const v = tf.variable(tf.ones([4, 2]));
    const {value, grads} = sparseVariableGrads(() => tf.sum(tf.gather(v, [1])), [v]);
    tf.dispose([value, grads]);
    const args: EmbeddingBagLayerArgs = {inputDim: 4, outputDim: 2};
    export const used = [output, sortedUniqueIndices, e, layers.embeddingBag(args)];
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

const tfjsFile = (pkg: string, file: string) =>
    path.join(app, 'node_modules', '@tensorflow', pkg, 'dist', file);
const ownFile = (file: string) => path.join(app, 'node_modules', 'tfjs-sparse-grad', 'dist', file);

/**
 * Serves `scripts` (name -> file) as a page that loads them in order, with
 * `files` beside them; then, unless `body` is empty, sets `backend` and runs
 * `body` with `tf` and `sg` (the globals). Returns what it logged, the page's
 * errors, and whether `tfSparseGrad` is defined.
 */
async function runScripts(
    scripts: Array<[string, string]>, body: string,
    {backend = 'cpu', files = []}: {backend?: string, files?: Array<[string, string]>} = {}):
    Promise<{result: string, errors: string[], defined: boolean}> {
  const server = await serve({
    '/': {text: htmlPage(scripts.map(([name]) => `/${name}`))},
    ...Object.fromEntries([...scripts, ...files].map(([name, file]) => [`/${name}`, {file}])),
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', e => errors.push(e.message));
    await page.goto(server.url);
    const [result, defined] = await page.evaluate(async ([code, name]) => {
      const w = window as any;
      const lines: string[] = [];
      const log = console.log;
      console.log = (s: string) => lines.push(s);
      try {
        if (code !== '') {
          if (name === 'wasm') w.tf.wasm.setWasmPaths('/');
          await w.tf.setBackend(name);
          await new Function('tf', 'sg', `return (async () => { ${code} })()`)(
              w.tf, w.tfSparseGrad);
        }
      } finally {
        console.log = log;
      }
      return [lines.join('\n'), w.tfSparseGrad != null] as const;
    }, [body, backend] as const);
    return {result, errors, defined};
  } finally {
    await browser.close();
    await server.close();
  }
}

test('a <script> tag after tf.min.js defines tfSparseGrad', async () => {
  const {result, errors} = await runScripts(
      [
        ['tf.min.js', tfjsFile('tfjs', 'tf.min.js')],
        ['tfjs-sparse-grad.min.js', ownFile('tfjs-sparse-grad.min.js')],
      ],
      CHECK);
  expect(result).toMatch(/^ok /);
  expect(errors).toEqual([]);
});

test('a <script> tag before tf.min.js says to load tfjs first', async () => {
  const {errors, defined} = await runScripts(
      [
        ['tfjs-sparse-grad.min.js', ownFile('tfjs-sparse-grad.min.js')],
        ['tf.min.js', tfjsFile('tfjs', 'tf.min.js')],
      ],
      '');
  expect(errors).toEqual(
      ['tfjs-sparse-grad: load TensorFlow.js first. Put the <script> of @tensorflow/tfjs-core ' +
       '(tf-core.min.js) and a backend, or @tensorflow/tfjs (tf.min.js), before ' +
       'tfjs-sparse-grad.min.js: this bundle uses the global tf, and there is none yet.']);
  expect(defined).toBe(false);
});

test('a <script> tag on the wasm backend (tf-backend-wasm.min.js) runs the package', async () => {
  const binaries = [
    'tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'
  ];
  const {result, errors} = await runScripts(
      [
        ['tf.min.js', tfjsFile('tfjs', 'tf.min.js')],
        ['tf-backend-wasm.min.js', tfjsFile('tfjs-backend-wasm', 'tf-backend-wasm.min.js')],
        ['tfjs-sparse-grad.min.js', ownFile('tfjs-sparse-grad.min.js')],
      ],
      `console.log(tf.getBackend());\n${CHECK}`, {
        backend: 'wasm',
        files: binaries.map(b => [b, tfjsFile('tfjs-backend-wasm', b)] as [string, string]),
      });
  expect(result).toMatch(/^wasm\nok /);
  expect(errors).toEqual([]);
});


test(
    '<script> tags of tf-core.min.js and tf-backend-cpu.min.js alone run the kernel plugin',
    async () => {
      const {result, errors} = await runScripts(
          [
            ['tf-core.min.js', tfjsFile('tfjs-core', 'tf-core.min.js')],
            ['tf-backend-cpu.min.js', tfjsFile('tfjs-backend-cpu', 'tf-backend-cpu.min.js')],
            ['tfjs-sparse-grad.min.js', ownFile('tfjs-sparse-grad.min.js')],
          ],
          `if (tf.layers != null) throw new Error('tf.layers is there');
       ${CHECK}
       ${TRAIN}`);
      expect(errors).toEqual([]);
      expect(result).toMatch(/^ok .*\ntrained$/);
    });

test(
    'a <script> tag of tfjs-sparse-grad-layers.min.js after tf.min.js has the layers', async () => {
      const {result, errors} = await runScripts(
          [
            ['tf.min.js', tfjsFile('tfjs', 'tf.min.js')],
            ['tfjs-sparse-grad-layers.min.js', ownFile('tfjs-sparse-grad-layers.min.js')],
          ],
          `${CHECK}
       const layer = sg.layers.embeddingBagCollection(
           {tables: [{name: 't', inputDim: 9, outputDim: 2, features: ['a', 'b']}]});
       console.log('layers ' + layer.getClassName());`);
      expect(errors).toEqual([]);
      expect(result).toMatch(/^ok .*\nlayers EmbeddingBagCollection$/);
    });

test('tfjs-sparse-grad-layers.min.js after tf-core.min.js alone says what it lacks', async () => {
  const {errors} = await runScripts(
      [
        ['tf-core.min.js', tfjsFile('tfjs-core', 'tf-core.min.js')],
        ['tfjs-sparse-grad-layers.min.js', ownFile('tfjs-sparse-grad-layers.min.js')],
      ],
      '');
  expect(errors).toEqual([
    'tfjs-sparse-grad: load TensorFlow.js first. Put the <script> of @tensorflow/tfjs ' +
    '(tf.min.js, which includes tf.layers) before tfjs-sparse-grad-layers.min.js: this bundle ' +
    'uses the global tf, and it lacks tf.layers (use tfjs-sparse-grad.min.js for the kernels alone).'
  ]);
});
