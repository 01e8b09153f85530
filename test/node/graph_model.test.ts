/**
 * A hand-written TF graph (test/fixtures/graph_model: model.json and its
 * weights file) with SparseSegmentMeanGrad, SparseFillEmptyRowsGrad and
 * SparseSliceGrad nodes runs in a tfjs GraphModel after
 * registerGraphModelOps.
 */
import * as tf from '@tensorflow/tfjs';
import * as fs from 'fs';
import * as path from 'path';

import * as sg from '../../src/layers';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'graph_model');

/** Loads model.json and its weights from disk, as tf.io's file handlers would. */
const fileHandler: tf.io.IOHandler = {
  load: async () => {
    const json = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'model.json'), 'utf8'));
    const manifest = json.weightsManifest[0];
    const bytes = fs.readFileSync(path.join(FIXTURE, manifest.paths[0]));
    return {
      modelTopology: json.modelTopology,
      format: json.format,
      generatedBy: json.generatedBy,
      weightSpecs: manifest.weights,
      weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    };
  },
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

test('registerGraphModelOps registers every raw op', () => {
  const registered: string[] = [];
  const names = sg.registerGraphModelOps({registerOp: name => registered.push(name)});
  expect(names).toEqual(expect.arrayContaining([
    'SparseSegmentMeanGrad', 'SparseSegmentMeanGradV2', 'SparseFillEmptyRowsGrad',
    'SparseSliceGrad', 'SparseSegmentSqrtN', 'SparseSlice'
  ]));
  expect(registered).toEqual(names);
});

test('the graph runs and gives TensorFlow\'s results', async () => {
  sg.registerGraphModelOps(tf);
  const model = await tf.loadGraphModel(fileHandler);
  const before = tf.memory().numTensors;
  const outputs =
      model.execute(
          {
            grad: tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]),
            grad_values: tf.tensor1d([10, 20, 30, 40, 50]),
            backprop_val_grad: tf.tensor1d([0, 20, 30]),
          },
          ['mean_grad', 'fill_grad:0', 'default_times_two', 'slice_grad']) as tf.Tensor[];
  const [meanGrad, dValues, defaultTimesTwo, sliceGrad] =
      await Promise.all(outputs.map(t => t.data()));
  // TF's testGradientExplicit/inner_size=2, SparseSegmentMeanGrad.
  expect(outputs[0].shape).toEqual([10, 2]);
  expect(Array.from(meanGrad)).toEqual([
    1.6666667461395264, 2, 0, 0, 0, 0, 4.6666669845581055, 6, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2,
    1.6666667461395264, 2
  ]);
  expect(Array.from(dValues)).toEqual([10, 20, 40]);
  expect(Array.from(defaultTimesTwo)).toEqual([160]);
  // TF's testGradientsExplicit, start=[0,0], size=[4,1].
  expect(Array.from(sliceGrad)).toEqual([0, 0, 0, 0, 0, 0, 0, 20, 0, 0, 30, 0, 0, 0]);
  tf.dispose(outputs);
  // The inputs passed to execute are the caller's; the graph keeps nothing else.
  expect(tf.memory().numTensors - before).toBe(3);
  model.dispose();
});

/** The graph of tools/tf_fixtures/embedding_graph_model.py and what TF gave. */
const EMBEDDING = path.join(__dirname, '..', 'fixtures', 'embedding_graph');

test('a TF graph of safe_embedding_lookup_sparse and embedding_lookup_sparse runs', async () => {
  sg.registerGraphModelOps(tf);
  const json = JSON.parse(fs.readFileSync(path.join(EMBEDDING, 'model.json'), 'utf8'));
  const expected = JSON.parse(fs.readFileSync(path.join(EMBEDDING, 'expected.json'), 'utf8'));
  // The graph needs ops tfjs-converter lacks; the package registers them.
  for (const op of ['SegmentSum', 'DynamicPartition', 'ParallelDynamicStitch']) {
    expect(expected.ops).toContain(op);
  }
  const bytes = fs.readFileSync(path.join(EMBEDDING, 'weights.bin'));
  const model = await tf.loadGraphModel(tf.io.fromMemory({
    modelTopology: json.modelTopology,
    format: json.format,
    weightSpecs: json.weightsManifest[0].weights,
    weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  }));
  const {indices, ids, dense_shape: denseShape, weights} = expected.inputs;
  const inputs = {
    indices: tf.tensor2d(indices, undefined, 'int32'),
    ids: tf.tensor1d(ids, 'int32'),
    dense_shape: tf.tensor1d(denseShape, 'int32'),
    weights: tf.tensor1d(weights),
  };
  const names = Object.keys(expected.outputs);
  // The graph has dynamic ops (Where, Unique): executeAsync, as tfjs requires.
  const outputs = await model.executeAsync(inputs, names) as tf.Tensor[];
  for (const [k, name] of names.entries()) {
    const want = expected.outputs[name];
    expect([name, outputs[k].shape]).toEqual([name, want.shape]);
    const got = await outputs[k].data();
    got.forEach((v, i) => expect(Math.abs(v - want.values[i])).toBeLessThan(1e-5));
  }
  tf.dispose([...outputs, ...Object.values(inputs)]);
  model.dispose();
});
