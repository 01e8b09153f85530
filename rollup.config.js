// Builds the package: ES module and CommonJS builds for bundlers and Node,
// minified UMD bundles for a <script> tag (they expect the tfjs global `tf`
// and define `tfSparseGrad`), and bundled .d.ts files.
// Run `tsc -p tsconfig.build.json` first: it emits the declarations that
// rollup-plugin-dts bundles.
const typescript = require('@rollup/plugin-typescript');
const terser = require('@rollup/plugin-terser');
const {dts} = require('rollup-plugin-dts');

// Two entries: `tfjs-sparse-grad` (src/index.ts: kernels, gradients, ops,
// lookups, optimizers; needs tfjs-core alone) and `tfjs-sparse-grad/layers`
// (src/layers.ts: all that plus the layers, which need tfjs-layers). The ES
// and CommonJS builds share the main entry's module (one copy when both are
// imported); each <script> build is whole: tfjs-sparse-grad.min.js after
// tf-core.min.js (or tf.min.js) and a backend, or
// tfjs-sparse-grad-layers.min.js after tf.min.js (which has tf.layers),
// both defining the global `tfSparseGrad`.
const externalModules = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers'];
const globals = {'@tensorflow/tfjs-core': 'tf', '@tensorflow/tfjs-layers': 'tf'};

function failOnUnresolved(warning, warn) {
  if (warning.code === 'UNRESOLVED_IMPORT') {
    throw new Error(`unexpected runtime import: ${warning.exporter ?? warning.message}`);
  }
  warn(warning);
}

// The <script> builds read the global `tf` when they load: without it (the
// package's tag before tfjs's), say so instead of failing on an undefined.
function needsTfGlobal(file, withLayers) {
  const load = withLayers ?
      '@tensorflow/tfjs (tf.min.js, which includes tf.layers)' :
      '@tensorflow/tfjs-core (tf-core.min.js) and a backend, or @tensorflow/tfjs (tf.min.js),';
  return `(function (g) {
  if (typeof exports === 'object' || (typeof define === 'function' && define.amd)) return;
  var tf = g && g.tf;
  if (tf == null || typeof tf.registerKernel !== 'function'${withLayers ? ' || tf.layers == null' : ''}) {
    throw new Error('tfjs-sparse-grad: load TensorFlow.js first. Put the <script> of ' +
        '${load} before ${file}: ' +
        'this bundle uses the global tf, and ' +
        (tf == null ? 'there is none yet.' : 'it lacks ' + ${
      withLayers ? `(tf.layers == null ? 'tf.layers' + (typeof tf.registerKernel === 'function' ? ' (use tfjs-sparse-grad.min.js for the kernels alone).' : '.') : 'tf.registerKernel.')` :
                   `'tf.registerKernel.'`}));
  }
})(typeof globalThis !== 'undefined' ? globalThis : typeof self !== 'undefined' ? self : this);`;
}

const ts = () => typescript({
  tsconfig: './tsconfig.json',
  // The sources go inside the maps: the package ships dist/ only.
  compilerOptions: {declaration: false, sourceMap: true, inlineSources: true},
  include: ['src/**/*.ts', 'kernels/**/*.ts', 'shaders/**/*.ts'],
});

function scriptBuild(input, file) {
  return {
    input,
    external: externalModules,
    onwarn: failOnUnresolved,
    plugins: [ts()],
    output: {
      file: `dist/${file}`,
      format: 'umd',
      name: 'tfSparseGrad',
      globals,
      banner: needsTfGlobal(file, input.endsWith('layers.ts')),
      sourcemap: true,
      plugins: [terser()],
    },
  };
}

const ENTRIES = {'tfjs-sparse-grad': 'src/index.ts', 'tfjs-sparse-grad-layers': 'src/layers.ts'};

module.exports = [
  {
    input: ENTRIES,
    external: externalModules,
    onwarn: failOnUnresolved,
    plugins: [ts()],
    output: ['es', 'cjs'].map(format => ({
      dir: 'dist',
      format,
      entryFileNames: `[name].${format === 'es' ? 'mjs' : 'cjs'}`,
      chunkFileNames: `tfjs-sparse-grad-[name].${format === 'es' ? 'mjs' : 'cjs'}`,
      sourcemap: true,
    })),
  },
  scriptBuild('src/index.ts', 'tfjs-sparse-grad.min.js'),
  scriptBuild('src/layers.ts', 'tfjs-sparse-grad-layers.min.js'),
  {
    input: '.cache/types/src/index.d.ts',
    external: externalModules,
    plugins: [dts()],
    output: {file: 'dist/index.d.ts', format: 'es'},
  },
  {
    // The layers' types import the main entry's from ./index.d.ts.
    input: '.cache/types/src/layers.d.ts',
    external: id => externalModules.includes(id) || id === './index',
    plugins: [dts()],
    output: {file: 'dist/layers.d.ts', format: 'es'},
  },
];
