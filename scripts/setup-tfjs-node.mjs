#!/usr/bin/env node
// Builds the native addon of @tensorflow/tfjs-node (the 'tensorflow'
// backend, a devDependency) against the TensorFlow C library of the
// `tensorflow-cpu` Python wheel, for machines where tfjs-node's own install
// script cannot download libtensorflow (package.json's `allowScripts` keeps
// npm from running that script at all). The tests use it as the reference:
// native TensorFlow, inside the suite.
//
//   npm run setup:tfjs-node        # does nothing when tfjs-node already loads
//
// Steps (each skipped when already done):
// 1. `pip download --no-deps tensorflow-cpu==<version>` (pip's configured
//    index), then the wheel's C library, framework library and headers go to
//    .cache/libtensorflow/.
// 2. tfjs-node's deps/ points at them, and node-gyp builds the addon into
//    tfjs-node's lib/napi-v8/, where tfjs-node loads it from.
//
// Users of the package with internet access just `npm i @tensorflow/tfjs-node`.
import {execFileSync, spawnSync} from 'child_process';
import * as fs from 'fs';
import {createRequire} from 'module';
import * as path from 'path';
import {fileURLToPath} from 'url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TFJS_NODE_VERSION = '4.22.0';
const TF_VERSION = '2.21.0';
const CACHE = path.join(ROOT, '.cache', 'libtensorflow');
const TFJS_NODE = path.join(ROOT, 'node_modules', '@tensorflow', 'tfjs-node');
const started = Date.now();

function log(message) {
  const seconds = ((Date.now() - started) / 1000).toFixed(0).padStart(3);
  console.log(`[setup:tfjs-node ${seconds} s] ${message}`);
}

function run(cmd, args, options = {}) {
  execFileSync(cmd, args, {cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], ...options});
}

/** Whether tfjs-node loads and its backend is TensorFlow's (in a child process). */
function tfjsNodeWorks() {
  if (!fs.existsSync(path.join(TFJS_NODE, 'lib', 'napi-v8', 'tfjs_binding.node'))) return false;
  const check = spawnSync(
      process.execPath,
      [
        '-e',
        `const tf = require('@tensorflow/tfjs-node'); if (tf.getBackend() !== 'tensorflow') process.exit(1);`
      ],
      {cwd: ROOT, encoding: 'utf8', env: {...process.env, TF_CPP_MIN_LOG_LEVEL: '3'}});
  return check.status === 0;
}

function installedVersion() {
  try {
    return JSON.parse(fs.readFileSync(path.join(TFJS_NODE, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

/** Step 1: the wheel's libraries and headers in .cache/libtensorflow/. */
function extractLibtensorflow() {
  const marker = path.join(CACHE, `tensorflow-cpu-${TF_VERSION}`);
  if (fs.existsSync(marker)) return;
  fs.rmSync(CACHE, {recursive: true, force: true});
  const wheels = path.join(ROOT, '.cache', 'tf-wheel');
  fs.mkdirSync(wheels, {recursive: true});
  let wheel = fs.readdirSync(wheels).find(f => f.startsWith(`tensorflow_cpu-${TF_VERSION}-`));
  if (wheel == null) {
    log(`downloading the tensorflow-cpu ${TF_VERSION} wheel with pip (about 260 MB)`);
    run('python3', [
      '-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--python-version', '3.11',
      '--platform', 'manylinux_2_27_x86_64', '--dest', wheels, `tensorflow-cpu==${TF_VERSION}`
    ]);
    wheel = fs.readdirSync(wheels).find(f => f.startsWith(`tensorflow_cpu-${TF_VERSION}-`));
    if (wheel == null)
      throw new Error(`pip left no tensorflow_cpu-${TF_VERSION} wheel in ${wheels}`);
  }
  log(`extracting the C library and headers from ${wheel}`);
  // Only the two libraries and the include tree (a wheel is a zip file).
  const extract = `
import sys, zipfile
wheel, dest = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if name.startswith('tensorflow/include/') or name in (
                'tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2'):
            z.extract(name, dest)
`;
  run('python3', ['-c', extract, path.join(wheels, wheel), CACHE]);
  fs.writeFileSync(marker, '');
  fs.rmSync(wheels, {recursive: true, force: true});
}

/** Step 2: tfjs-node's deps/ and the addon. */
function buildAddon() {
  const tf = path.join(CACHE, 'tensorflow');
  const deps = path.join(TFJS_NODE, 'deps');
  fs.rmSync(deps, {recursive: true, force: true});
  fs.mkdirSync(path.join(deps, 'lib'), {recursive: true});
  fs.symlinkSync(path.join(tf, 'include'), path.join(deps, 'include'));
  // tfjs-node links -ltensorflow and -ltensorflow_framework; the wheel's C
  // API lives in libtensorflow_cc.
  for (const name of ['libtensorflow.so', 'libtensorflow.so.2', 'libtensorflow_cc.so.2']) {
    fs.symlinkSync(path.join(tf, 'libtensorflow_cc.so.2'), path.join(deps, 'lib', name));
  }
  for (const name of ['libtensorflow_framework.so', 'libtensorflow_framework.so.2']) {
    fs.symlinkSync(path.join(tf, 'libtensorflow_framework.so.2'), path.join(deps, 'lib', name));
  }
  log('building the tfjs-node addon with node-gyp (about a minute)');
  const nodeGyp = createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
  // The headers of the Node that runs this script.
  const nodedir = path.resolve(path.dirname(process.execPath), '..');
  run(process.execPath,
      [
        nodeGyp, 'rebuild', `--nodedir=${nodedir}`, '--module_name=tfjs_binding',
        `--module_path=${path.join(TFJS_NODE, 'lib', 'napi-v8')}`, '--napi_build_version=8'
      ],
      {cwd: TFJS_NODE, stdio: ['ignore', 'ignore', 'inherit']});
}

function main() {
  if (installedVersion() === TFJS_NODE_VERSION && tfjsNodeWorks()) {
    log(`@tensorflow/tfjs-node ${TFJS_NODE_VERSION} is ready`);
    return;
  }
  if (installedVersion() !== TFJS_NODE_VERSION) {
    throw new Error(
        `@tensorflow/tfjs-node ${TFJS_NODE_VERSION} is not in node_modules: run npm ci first`);
  }
  extractLibtensorflow();
  buildAddon();
  if (!tfjsNodeWorks()) {
    throw new Error('the tfjs-node addon was built but does not load; see the output above');
  }
  log(`@tensorflow/tfjs-node ${TFJS_NODE_VERSION} is ready (TensorFlow ${TF_VERSION})`);
}

main();
