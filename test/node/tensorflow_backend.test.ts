/**
 * The package with `@tensorflow/tfjs-node` as users load them, in fresh
 * Node processes (the built CommonJS bundle): whichever is required first,
 * the package's ops run on the `tensorflow` backend, gradients flow through
 * them, `UnsortedSegmentSum` raises the package's error class, a sparse
 * optimizer trains, and nothing leaks.
 */
import {execFileSync} from 'child_process';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

const PROGRAM = `(async () => {
  const tf = require('@tensorflow/tfjs-node');
  const sg = require('./dist/tfjs-sparse-grad-layers.cjs');
  if (tf.getBackend() !== 'tensorflow') throw new Error('backend ' + tf.getBackend());
  const before = tf.memory().numTensors;
  const out = [];
  // A raw gradient op, and tfjs's sparse op that tfjs-node has no kernel for.
  const g = tf.tidy(() => sg.sparseSegmentMeanGrad(tf.tensor2d([[1, 2], [3, 4]]), [2, 0, 2], [0, 1, 1], 3));
  out.push(Array.from(g.dataSync()).join(','));
  const dx = tf.tidy(() => tf.grad(d => tf.sparse.sparseSegmentMean(
      d, tf.tensor1d([0, 1], 'int32'), tf.tensor1d([0, 0], 'int32')))(
      tf.ones([2, 2]), tf.ones([1, 2])));
  out.push(Array.from(dx.dataSync()).join(','));
  try {
    tf.tidy(() => tf.unsortedSegmentSum(tf.tensor1d([1, 2]), tf.tensor1d([0, 5], 'int32'), 2));
  } catch (e) {
    out.push(e.name + ': ' + e.message);
  }
  // Lazy Adam on an EmbeddingBag: only the looked-up rows change.
  const model = tf.sequential({layers: [
    sg.layers.embeddingBag({inputDim: 50, outputDim: 4, inputShape: [3]}),
    tf.layers.dense({units: 1})]});
  model.compile({optimizer: sg.train.lazyAdam(0.1), loss: 'meanSquaredError'});
  const table = model.layers[0].getWeights()[0].arraySync();
  const batch = [tf.tensor2d([[1, 2, 3], [4, 5, -1]], [2, 3], 'int32'), tf.ones([2, 1])];
  await model.trainOnBatch(batch[0], batch[1]);
  tf.dispose(batch);
  const after = model.layers[0].getWeights()[0].arraySync();
  const changed = after.map((row, r) => row.some((v, c) => v !== table[r][c]) ? r : -1)
      .filter(r => r >= 0);
  out.push('changed rows ' + changed.join(','));
  tf.dispose([g, dx]);
  model.dispose();
  // The optimizer's slots live until the optimizer is disposed.
  model.optimizer.dispose();
  out.push('leaked ' + (tf.memory().numTensors - before));
  console.log(JSON.stringify(out));
})().catch(e => {
  console.error(e);
  process.exit(1);
});
`;

function run(order: 'tfjs-node first'|'package first'): string[] {
  const program = order === 'tfjs-node first' ?
      PROGRAM :
      `require('./dist/tfjs-sparse-grad-layers.cjs');\n${PROGRAM}`;
  const stdout = execFileSync(process.execPath, ['-e', program], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {...process.env, TF_CPP_MIN_LOG_LEVEL: '3'},
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

test.each(['tfjs-node first', 'package first'] as const)('%s', order => {
  const out = run(order);
  expect(out).toEqual([
    '1.5,2,0,0,2.5,4',
    '0.5,0.5,0.5,0.5',
    'InvalidArgumentError: segment_ids[1] = 5 is out of range [0, 2) [Op:UnsortedSegmentSum]',
    'changed rows 1,2,3,4,5',
    'leaked 0',
  ]);
});
