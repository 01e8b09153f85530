/**
 * Checks of training state a user must be able to trust, on every backend:
 * a model saved with its sparse optimizer and loaded again resumes exactly
 * as uninterrupted training does; optimizer weights exchange with tfjs's
 * optimizers by position; no tensor, view or array a user holds changes
 * when a step writes a variable in place; bad calls raise clearly, the same
 * way at every step, and leave the backend working.
 */
import type * as tfType from '@tensorflow/tfjs';

import {saveToMemory} from '../harness/models';
import {Random} from '../harness/random';
import type {NamedCheck} from '../harness/types';

type TF = typeof tfType;
type SG = typeof import('../../src/layers');
type Tensor = tfType.Tensor;

/** Every sparse optimizer, with settings that make each slot matter. */
export const SPARSE_OPTIMIZERS: ReadonlyArray<[string, (sg: SG) => tfType.Optimizer]> = [
  ['sgd', sg => sg.train.sgd(0.2)],
  ['adagrad', sg => sg.train.adagrad(0.2, 0.3)],
  ['lazyAdam', sg => sg.train.lazyAdam(0.02, 0.8, 0.9, 1e-6)],
  ['ftrl', sg => sg.train.ftrl(0.2, {l1: 0.01, l2: 0.02, l2Shrinkage: 0.01, beta: 0.1})],
  ['momentum', sg => sg.train.momentum(0.1, 0.8, true)],
  ['rowwiseAdagrad', sg => sg.train.rowwiseAdagrad(0.2, {initialAccumulatorValue: 0.1})],
  ['sgd with clipNorm', sg => sg.train.sgd(0.2, {clipNorm: 0.05})],
  [
    'lazyAdam with globalClipNorm',
    sg => sg.train.lazyAdam(0.02, 0.8, 0.9, 1e-6, {globalClipNorm: 0.1})
  ],
];

/** The first index where `a` and `b` differ in bits, or -1. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  const x = new Int32Array(Float32Array.from(a).buffer);
  const y = new Int32Array(Float32Array.from(b).buffer);
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== y[i]) return i;
  }
  return -1;
}

async function expectSameBits(
    actual: Tensor|ArrayLike<number>, expected: Tensor|ArrayLike<number>,
    label: string): Promise<void> {
  const read = async (x: Tensor|ArrayLike<number>) =>
      'dataId' in x ? await (x as Tensor).data() : x as ArrayLike<number>;
  const a = await read(actual);
  const e = await read(expected);
  const at = firstDifference(a, e);
  if (at !== -1) {
    throw new Error(`${label}: element ${at} is ${a[at]}, expected ${e[at]} (lengths ${a.length}, ${
        e.length})`);
  }
}

/** The message (and class name) of what `f` throws, or null. */
function thrown(f: () => unknown): {message: string, name: string}|null {
  try {
    f();
    return null;
  } catch (e) {
    return {message: (e as Error).message, name: (e as Error).name};
  }
}

/** A small model whose embedding trains through lookups (sparse updates). */
export function makeModel(tf: TF, sg: SG, optimizer: tfType.Optimizer): tfType.LayersModel {
  const model = tf.sequential({
    layers: [
      sg.layers.embeddingBag({
        inputDim: 50,
        outputDim: 4,
        combiner: 'mean',
        inputShape: [5],
        embeddingsInitializer: tf.initializers.randomUniform({minval: -1, maxval: 1, seed: 21}),
      }),
      tf.layers.dense({
        units: 2,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({seed: 22}),
      }),
    ]
  });
  model.compile({optimizer, loss: 'categoricalCrossentropy'});
  return model;
}

/** Batches of a fixed data set: ids with padding, one-hot labels. */
function dataSet(tf: TF): {xs: Tensor, ys: Tensor} {
  const rng = new Random(23);
  const ids = rng.ints(24 * 5, -1, 50);
  return {
    xs: tf.tensor2d(ids, [24, 5], 'int32'),
    ys: tf.oneHot(tf.tensor1d(rng.ints(24, 0, 2), 'int32'), 2),
  };
}

/** Fits `model` for `epochs` on the fixed data set. */
export async function fit(tf: TF, model: tfType.LayersModel, epochs: number): Promise<void> {
  const {xs, ys} = dataSet(tf);
  await model.fit(xs, ys, {epochs, batchSize: 8, shuffle: false, verbose: 0});
  tf.dispose([xs, ys]);
}

/** The model's weights, read. */
export async function weightsOf(model: tfType.LayersModel): Promise<Float32Array[]> {
  return Promise.all(model.getWeights().map(w => w.data() as Promise<Float32Array>));
}

/** Reads `t` after a step; fails when it changed from `before`. */
async function expectUnchanged(t: Tensor, before: ArrayLike<number>, label: string) {
  await expectSameBits(t, before, `${label} changed when a step wrote the variable`);
}

export function trainingStateChecks(): NamedCheck[] {
  const checks: NamedCheck[] = [];
  for (const [name, make] of SPARSE_OPTIMIZERS) {
    checks.push({
      name: `state/train.${name}: a model saved and loaded with its optimizer resumes bit for bit`,
      tags: ['training', 'state'],
      run: async (tf, sg) => {
        const model = makeModel(tf, sg, make(sg));
        await fit(tf, model, 2);
        // Loaded in the same process: its variables get other names.
        const loaded = await tf.loadLayersModel(tf.io.fromMemory(await saveToMemory(tf, model)));
        if (loaded.optimizer?.getClassName() !== model.optimizer.getClassName()) {
          throw new Error(`loaded optimizer ${loaded.optimizer?.getClassName()}`);
        }
        await fit(tf, model, 1);
        await fit(tf, loaded, 1);
        const [a, b] = [await weightsOf(model), await weightsOf(loaded)];
        for (let k = 0; k < a.length; k++) {
          await expectSameBits(b[k], a[k], `weight ${k} resumed vs uninterrupted`);
        }
        model.optimizer.dispose();
        loaded.optimizer.dispose();
        model.dispose();
        loaded.dispose();
      }
    });
  }

  checks.push({
    name: 'state/getWeights of train.adagrad restores into tf.train.adagrad and back, by position',
    tags: ['training', 'state'],
    run: async (tf, sg) => {
      const rng = new Random(24);
      const dense = tf.variable(tf.tensor2d(rng.floats(4 * 2), [4, 2]), true, 'state_dense');
      const table = tf.variable(tf.tensor2d(rng.floats(30 * 4), [30, 4]), true, 'state_table');
      const loss = (step: number) => () => tf.tidy(() => {
        const rows = tf.gather(table, tf.tensor1d([step, 3, 7 + step, 3], 'int32'));
        return tf.sum(tf.square(tf.matMul(rows, dense))) as tfType.Scalar;
      });
      const ours = sg.train.adagrad(0.1, 0.2);
      // The table first: its slot must come first too (varList's order).
      ours.minimize(loss(0), false, [table, dense]);
      ours.minimize(loss(1), false, [table, dense]);
      const saved = (await ours.getWeights()).map(w => ({name: w.name, tensor: w.tensor.clone()}));
      const names = saved.map(w => w.name).join();
      if (names !== 'iter,state_table/accumulator,state_dense/accumulator') {
        throw new Error(`getWeights names ${names}`);
      }
      const theirs = tf.train.adagrad(0.1, 0.2);
      await theirs.setWeights(saved.map(w => ({name: w.name, tensor: w.tensor.clone()})));
      const startDense = tf.clone(dense);
      const startTable = tf.clone(table);
      ours.minimize(loss(2), false, [table, dense]);
      const [oursDense, oursTable] = [await dense.data(), await table.data()];
      dense.assign(startDense);
      table.assign(startTable);
      theirs.minimize(loss(2), false, [table, dense]);
      const tolerance = (a: ArrayLike<number>, b: ArrayLike<number>, label: string) => {
        for (let i = 0; i < a.length; i++) {
          if (!(Math.abs(a[i] - b[i]) <= 1e-5 * Math.max(1, Math.abs(b[i])))) {
            throw new Error(`${label}: element ${i} is ${a[i]}, expected ${b[i]}`);
          }
        }
      };
      tolerance(await dense.data(), oursDense, 'tf.train.adagrad resumed, dense variable');
      tolerance(await table.data(), oursTable, 'tf.train.adagrad resumed, table');
      // And back: tfjs's weights into a sparse optimizer.
      const back = sg.train.adagrad(0.1, 0.2);
      await back.setWeights(await theirs.getWeights());
      back.minimize(loss(3), false, [table, dense]);
      tf.dispose([startDense, startTable, saved.map(w => w.tensor)]);
      ours.dispose();
      theirs.dispose();
      back.dispose();
      dense.dispose();
      table.dispose();
    }
  });

  checks.push({
    name: 'state/no view, clone or array of a variable changes when a sparse step writes it',
    tags: ['training', 'state'],
    run: async (tf, sg) => {
      // Each alone: any one of them that the backend counts as a reference
      // would make the next step copy, and hide the others.
      // (data(), not dataSync(): a synchronous read breaks WebGPU in
      // Chromium; on cpu both hand out the backend's own array.)
      const views: Array<[string, (t: tfType.Variable) => Promise<Tensor|Float32Array>]> = [
        ['tf.slice', async t => tf.slice(t, [0, 0], [1, 2])],
        ['tf.split', async t => tf.split(t, 2)[0]],
        ['tf.unstack', async t => tf.unstack(t)[0]],
        ['tf.reshape', async t => tf.reshape(t, [20])],
        ['tf.clone', async t => tf.clone(t)],
        ['tf.tensor(await data())', async t => tf.tensor(await t.data(), t.shape)],
        ['an array from data()', async t => await t.data() as Float32Array],
      ];
      for (const [label, view] of views) {
        const table = tf.variable(tf.tensor2d(new Random(25).floats(10 * 2), [10, 2]));
        const optimizer = sg.train.sgd(1);
        const step = () => optimizer.minimize(
            () => tf.sum(tf.gather(table, tf.tensor1d([0, 1, 4], 'int32'))) as tfType.Scalar, false,
            [table]);
        step();
        const v = await view(table);
        const before = v instanceof Float32Array ? Float32Array.from(v) : await v.data();
        const rowZero = (await table.data())[0];
        step();
        await expectUnchanged(v instanceof Float32Array ? tf.tensor(v) : v, before, label);
        if ((await table.data())[0] === rowZero) throw new Error(`${label}: row 0 did not move`);
        if (!(v instanceof Float32Array)) v.dispose();
        // With nothing holding it any more, later steps update in place.
        step();
        const dataId = table.dataId;
        step();
        step();
        if (table.dataId !== dataId)
          throw new Error(`${label}: a step copied a table nothing shares`);
        table.dispose();
        optimizer.dispose();
      }
    }
  });

  checks.push({
    name: 'state/bad calls raise clearly and leave the optimizer and backend working',
    tags: ['training', 'state'],
    run: async (tf, sg) => {
      const table = tf.variable(tf.ones([6, 2]), true, 'state_bad_table');
      const optimizer = sg.train.lazyAdam(0.1);
      // No connection between the loss and the variables: tfjs's error.
      const noConnection = thrown(() => optimizer.minimize(() => tf.scalar(3), true, [table]));
      if (!noConnection?.message.includes('Cannot find a connection')) {
        throw new Error(`a loss of no variable: ${JSON.stringify(noConnection)}`);
      }
      if (optimizer.iterations !== 0) {
        throw new Error(`a failed step counted: iterations = ${optimizer.iterations}`);
      }
      // IndexedSlices of another variable's shape.
      const slices = {
        indices: tf.tensor1d([1], 'int32'),
        values: tf.ones([1, 2]),
        denseShape: [7, 2],
      };
      const wrongShape = thrown(() => optimizer.applyGradients({[table.name]: slices}));
      if (wrongShape?.name !== 'InvalidArgumentError' || !wrongShape.message.includes('[7,2]')) {
        throw new Error(`IndexedSlices of dense shape [7, 2]: ${JSON.stringify(wrongShape)}`);
      }
      tf.dispose([slices.indices, slices.values]);
      // A disposed variable is named.
      const gone = tf.variable(tf.ones([3, 2]), true, 'state_gone');
      gone.dispose();
      const disposed = thrown(
          () => optimizer.minimize(
              () => tf.sum(tf.gather(table, tf.tensor1d([1], 'int32'))) as tfType.Scalar, false,
              [table, gone]));
      if (!disposed?.message.includes('state_gone') || !disposed.message.includes('disposed')) {
        throw new Error(`a disposed variable: ${JSON.stringify(disposed)}`);
      }
      // An id past the table raises, at every step alike.
      for (let step = 0; step < 3; step++) {
        const before = await table.data();
        const bad = thrown(
            () => optimizer.minimize(
                () => tf.sum(sg.embeddingBag(
                          table, tf.tensor2d([[1, 9]], [1, 2], 'int32'), {combiner: 'sum'})) as
                    tfType.Scalar,
                false, [table]));
        if (bad?.name !== 'InvalidArgumentError') {
          throw new Error(`step ${step}: an id past the table gave ${JSON.stringify(bad)}`);
        }
        await expectUnchanged(table, before, `step ${step}: the table after a failed step`);
      }
      // Everything still works: this optimizer, and tfjs's.
      optimizer.minimize(
          () => tf.sum(tf.gather(table, tf.tensor1d([1, 2], 'int32'))) as tfType.Scalar, false,
          [table]);
      const other = tf.variable(tf.ones([2]));
      const sgd = tf.train.sgd(0.5);
      sgd.minimize(() => tf.sum(tf.square(other)) as tfType.Scalar, false, [other]);
      await expectSameBits(other, [0, 0], 'tf.train.sgd after the failures');
      tf.dispose([table, other]);
      optimizer.dispose();
      sgd.dispose();
    }
  });

  checks.push({
    name: 'state/an id past the table made from JS values raises at every step of tf.gather',
    tags: ['training', 'state'],
    run: async (tf, sg) => {
      const table = tf.variable(tf.ones([6, 2]));
      const optimizer = sg.train.sgd(0.1);
      const ids = tf.tensor1d([1, 8], 'int32');
      const good = tf.tensor1d([1, 2], 'int32');
      for (let step = 0; step < 3; step++) {
        const bad = thrown(
            () => optimizer.minimize(
                () => tf.sum(tf.gather(table, ids)) as tfType.Scalar, false, [table]));
        if (bad == null) throw new Error(`step ${step}: an id past the table raised nothing`);
        optimizer.minimize(() => tf.sum(tf.gather(table, good)) as tfType.Scalar, false, [table]);
      }
      tf.dispose([table, ids, good]);
      optimizer.dispose();
    }
  });
  return checks;
}
