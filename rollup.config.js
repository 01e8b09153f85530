// Builds the package: an ES module and a CommonJS build for bundlers and
// Node, a minified UMD bundle for a <script> tag (it expects the tfjs global
// `tf` and defines `tfSparseGrad`), and one bundled .d.ts.
// Run `tsc -p tsconfig.build.json` first: it emits the declarations that
// rollup-plugin-dts bundles.
const typescript = require('@rollup/plugin-typescript');
const terser = require('@rollup/plugin-terser');
const {dts} = require('rollup-plugin-dts');

// tfjs-core and tfjs-layers (the EmbeddingBag layer) are the runtime
// dependencies; backends are imported as types. The <script> build takes
// both from the `tf` global of the full @tensorflow/tfjs bundle.
const externalModules = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers'];
const globals = {'@tensorflow/tfjs-core': 'tf', '@tensorflow/tfjs-layers': 'tf'};

function failOnUnresolved(warning, warn) {
  if (warning.code === 'UNRESOLVED_IMPORT') {
    throw new Error(`unexpected runtime import: ${warning.exporter ?? warning.message}`);
  }
  warn(warning);
}

// The <script> build reads the global `tf` when it loads: without it (the
// package's tag before tfjs's), say so instead of failing on an undefined.
const NEEDS_TF_GLOBAL = `(function (g) {
  if (typeof exports === 'object' || (typeof define === 'function' && define.amd)) return;
  var tf = g && g.tf;
  if (tf == null || typeof tf.registerKernel !== 'function' || tf.layers == null) {
    throw new Error('tfjs-sparse-grad: load TensorFlow.js first. Put the <script> of ' +
        '@tensorflow/tfjs (tf.min.js, which includes tf.layers) before tfjs-sparse-grad.min.js: ' +
        'this bundle uses the global tf, and ' +
        (tf == null ? 'there is none yet.' : 'it lacks ' + (tf.layers == null ? 'tf.layers.' : 'tf.registerKernel.')));
  }
})(typeof globalThis !== 'undefined' ? globalThis : typeof self !== 'undefined' ? self : this);`;

const ts = () => typescript({
  tsconfig: './tsconfig.json',
  // The sources go inside the maps: the package ships dist/ only.
  compilerOptions: {declaration: false, sourceMap: true, inlineSources: true},
  include: ['src/**/*.ts', 'kernels/**/*.ts', 'shaders/**/*.ts'],
});

module.exports = [
  {
    input: 'src/index.ts',
    external: externalModules,
    onwarn: failOnUnresolved,
    plugins: [ts()],
    output: [
      {file: 'dist/tfjs-sparse-grad.mjs', format: 'es', sourcemap: true},
      {file: 'dist/tfjs-sparse-grad.cjs', format: 'cjs', sourcemap: true},
    ],
  },
  {
    input: 'src/index.ts',
    external: externalModules,
    onwarn: failOnUnresolved,
    plugins: [ts()],
    output: {
      file: 'dist/tfjs-sparse-grad.min.js',
      format: 'umd',
      name: 'tfSparseGrad',
      globals,
      banner: NEEDS_TF_GLOBAL,
      sourcemap: true,
      plugins: [terser()],
    },
  },
  {
    input: '.cache/types/src/index.d.ts',
    external: externalModules,
    plugins: [dts()],
    output: {file: 'dist/index.d.ts', format: 'es'},
  },
];
