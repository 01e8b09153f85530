/**
 * Checks of sparse training, run on every backend: row-sparse gradients,
 * the sparse optimizers against tfjs's dense ones (and lazy Adam against a
 * reference written here), in-place safety, no `[V, D]` tensor in a step,
 * `model.fit`, serialisation and leaks.
 */
import type * as tfType from '@tensorflow/tfjs';

import {saveToMemory} from '../harness/models';
import {Random} from '../harness/random';
import type {NamedCheck} from '../harness/types';

type TF = typeof tfType;
type SG = typeof import('../../src/layers');
type Tensor = tfType.Tensor;

/** Throws unless `actual` and `expected` agree to a relative 1e-5. */
async function expectValues(
    actual: Tensor|ArrayLike<number>, expected: Tensor|ArrayLike<number>, label: string,
    tolerance = 1e-5): Promise<void> {
  const read = async(x: Tensor|ArrayLike<number>): Promise<ArrayLike<number>> =>
      'dataId' in x ? await (x as Tensor).data() : x as ArrayLike<number>;
  const a = await read(actual);
  const e = await read(expected);
  if (a.length !== e.length) {
    throw new Error(`${label}: ${a.length} values, expected ${e.length}`);
  }
  for (let i = 0; i < a.length; i++) {
    if (!(Math.abs(a[i] - e[i]) <= tolerance * Math.max(1, Math.abs(e[i])))) {
      throw new Error(`${label}: element ${i} is ${a[i]}, expected ${e[i]}`);
    }
  }
}

/** A lookup of `table` that a loss can be built on, with its ids per step. */
interface LookupKind {
  label: string;
  /** The lookup's output for step `step` (ids change from step to step). */
  run(tf: TF, sg: SG, table: Tensor, step: number): Tensor;
  /** The rows step `step` looks up. */
  ids(step: number): number[];
}

const V = 40;
const D = 3;

/** Ids of step `step`: duplicates, shared rows across steps, some rows never. */
function stepIds(step: number, n: number): number[] {
  const rng = new Random(100 + step);
  return Array.from(rng.ints(n, 0, 12), (x, i) => i % 3 === 0 ? 5 : x + step);
}

/** Sorted segment ids with an empty segment (2) and a trailing empty one. */
const SEGMENTS = [0, 0, 0, 1, 1, 3, 3, 3, 3];

const LOOKUPS: LookupKind[] = [
  {
    label: 'tf.gather',
    run: (tf, _sg, t, s) => tf.gather(t, tf.tensor1d(stepIds(s, 7), 'int32')),
    ids: s => stepIds(s, 7),
  },
  {
    label: 'tf.gather with 2-D ids',
    run: (tf, _sg, t, s) => tf.gather(t, tf.tensor2d(stepIds(s, 8), [2, 4], 'int32')),
    ids: s => stepIds(s, 8),
  },
  {
    label: 'tf.sparse.sparseSegmentSum',
    run: (tf, _sg, t, s) => tf.sparse.sparseSegmentSum(
        t, tf.tensor1d(stepIds(s, 9), 'int32'), tf.tensor1d(SEGMENTS, 'int32')),
    ids: s => stepIds(s, 9),
  },
  {
    label: 'tf.sparse.sparseSegmentMean',
    run: (tf, _sg, t, s) => tf.sparse.sparseSegmentMean(
        t, tf.tensor1d(stepIds(s, 9), 'int32'), tf.tensor1d(SEGMENTS, 'int32')),
    ids: s => stepIds(s, 9),
  },
  {
    label: 'sparseSegmentSqrtN',
    run: (_tf, sg, t, s) => sg.sparseSegmentSqrtN(t, stepIds(s, 9), SEGMENTS),
    ids: s => stepIds(s, 9),
  },
  {
    label: 'sparseSegmentMeanWithNumSegments',
    run: (_tf, sg, t, s) => sg.sparseSegmentMeanWithNumSegments(t, stepIds(s, 9), SEGMENTS, 6),
    ids: s => stepIds(s, 9),
  },
];

/** A fixed random weighting of a lookup's output: the loss. */
function lossOf(tf: TF, out: Tensor): tfType.Scalar {
  const w = tf.tensor(new Random(out.size).floats(out.size), out.shape);
  return tf.sum(tf.mul(tf.square(out), w)) as tfType.Scalar;
}

function initialTable(tf: TF): Tensor {
  return tf.tensor2d(new Random(7).floats(V * D), [V, D]);
}

/** Runs `steps` steps of `optimizer` on a fresh table; returns the table's values. */
async function train(
    tf: TF, sg: SG, optimizer: tfType.Optimizer, lookup: LookupKind,
    steps: number): Promise<Float32Array> {
  const table = tf.variable(initialTable(tf));
  for (let step = 0; step < steps; step++) {
    optimizer.minimize(() => lossOf(tf, lookup.run(tf, sg, table, step)), false, [table]);
  }
  const values = await table.data() as Float32Array;
  table.dispose();
  optimizer.dispose();
  return values;
}

/** Lazy Adam on plain arrays, from its definition: Adam's formula, per looked-up row. */
class LazyAdamReference {
  readonly value: Float64Array;
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  constructor(
      table: Float32Array, private readonly lr: number, private readonly b1: number,
      private readonly b2: number, private readonly eps: number) {
    this.value = Float64Array.from(table);
    this.m = new Float64Array(table.length);
    this.v = new Float64Array(table.length);
  }

  /** One step: `rows` maps each looked-up row to its gradient. */
  step(rows: Map<number, ArrayLike<number>>): void {
    this.t++;
    const {m, v, value, b1, b2} = this;
    for (const [row, g] of rows) {
      for (let c = 0; c < g.length; c++) {
        const k = row * g.length + c;
        m[k] = m[k] * b1 + g[c] * (1 - b1);
        v[k] = v[k] * b2 + g[c] * g[c] * (1 - b2);
        const mHat = m[k] / (1 - b1 ** this.t);
        const vHat = v[k] / (1 - b2 ** this.t);
        value[k] -= this.lr * mHat / (Math.sqrt(vHat) + this.eps);
      }
    }
  }
}

export function trainingChecks(): NamedCheck[] {
  const checks: NamedCheck[] = [];

  checks.push({
    name: 'training/sparseVariableGrads gives IndexedSlices for lookups, dense gradients otherwise',
    tags: ['training'],
    run: async (tf, sg) => {
      const table = tf.variable(initialTable(tf));
      const mixed = tf.variable(initialTable(tf));
      const dense = tf.variable(tf.ones([D, 2]));
      const f = () => tf.tidy(() => {
        const bag = tf.sparse.sparseSegmentMean(
            table, tf.tensor1d([3, 3, 9, 1], 'int32'), tf.tensor1d([0, 0, 1, 1], 'int32'));
        const rows = tf.gather(table, tf.tensor1d([9, 2], 'int32'));
        const other = tf.gather(mixed, tf.tensor1d([4], 'int32'));
        const regularizer = tf.mul(tf.sum(tf.square(mixed)), 0.01);
        return tf.add(
                   tf.add(lossOf(tf, tf.matMul(bag, dense)), lossOf(tf, rows)),
                   tf.add(lossOf(tf, other), regularizer)) as tfType.Scalar;
      });
      const before = tf.memory().numTensors;
      const {value, grads} = sg.sparseVariableGrads(f, [table, mixed, dense]);
      const slices = grads[table.name];
      if (!sg.isIndexedSlices(slices)) {
        throw new Error('the looked-up table did not get IndexedSlices');
      }
      if (sg.isIndexedSlices(grads[mixed.name]) || sg.isIndexedSlices(grads[dense.name])) {
        throw new Error('a variable with a dense use got IndexedSlices');
      }
      if (slices.denseShape.join() !== `${V},${D}` || slices.values.shape.join() !== `6,${D}`) {
        throw new Error(`slices of shape ${slices.values.shape}, dense shape ${slices.denseShape}`);
      }
      // The slices add up to tfjs's dense gradient; the dense ones equal it.
      const reference = tf.variableGrads(f, [table, mixed, dense]);
      const scattered = tf.unsortedSegmentSum(slices.values, slices.indices, V);
      await expectValues(scattered, reference.grads[table.name], 'table gradient');
      await expectValues(
          grads[mixed.name] as Tensor, reference.grads[mixed.name], 'mixed gradient');
      await expectValues(
          grads[dense.name] as Tensor, reference.grads[dense.name], 'dense gradient');
      await expectValues(value, reference.value, 'loss');
      tf.dispose([
        value, grads as unknown as Tensor[], scattered, reference.value,
        reference.grads as unknown as Tensor[]
      ]);
      const leaked = tf.memory().numTensors - before;
      tf.dispose([table, mixed, dense]);
      if (leaked !== 0) throw new Error(`${leaked} tensors leaked`);
    }
  });

  for (const lookup of LOOKUPS) {
    for (const [name, sparse, dense] of [
             ['sgd', (sg: SG) => sg.train.sgd(0.05), (tf: TF) => tf.train.sgd(0.05)],
             [
               'adagrad', (sg: SG) => sg.train.adagrad(0.3, 0.2),
                               (tf: TF) => tf.train.adagrad(0.3, 0.2)
             ],
    ] as const) {
      checks.push({
        name: `training/train.${name} equals tf.train.${name} through ${lookup.label}`,
        tags: ['training'],
        run: async (tf, sg) => {
          const ours = await train(tf, sg, sparse(sg), lookup, 4);
          const theirs = await train(tf, sg, dense(tf), lookup, 4);
          await expectValues(ours, theirs, `train.${name} vs tf.train.${name}`);
        }
      });
    }
    checks.push({
      name: `training/train.lazyAdam equals the lazy Adam reference through ${lookup.label}`,
      tags: ['training'],
      run: async (tf, sg) => {
        const steps = 4;
        const [lr, b1, b2, eps] = [0.05, 0.8, 0.95, 1e-6];
        const ours = await train(tf, sg, sg.train.lazyAdam(lr, b1, b2, eps), lookup, steps);
        // Each step's row gradients: tfjs's dense gradient of the same loss
        // at the reference's values, on the rows the step looked up.
        const reference =
            new LazyAdamReference(await initialTable(tf).data() as Float32Array, lr, b1, b2, eps);
        for (let step = 0; step < steps; step++) {
          const x = tf.variable(tf.tensor2d(Float32Array.from(reference.value), [V, D]));
          const {grads, value} =
              tf.variableGrads(() => lossOf(tf, lookup.run(tf, sg, x, step)), [x]);
          const g = await grads[x.name].data();
          tf.dispose([x, value, grads[x.name]]);
          const rows = new Map<number, number[]>();
          for (const row of lookup.ids(step)) {
            rows.set(row, Array.from(g.slice(row * D, row * D + D)));
          }
          reference.step(rows);
        }
        await expectValues(
            ours, Float32Array.from(reference.value), 'train.lazyAdam vs reference', 1e-4);
      }
    });
  }
  checks.push(...stepChecks(), ...modelChecks());
  return checks;
}

/** An embedding-bag step: mean of bags of 4 ids in a `[vocab, D]` table. */
function bagStep(tf: TF, table: Tensor, vocab: number, step: number): tfType.Scalar {
  const rng = new Random(300 + step);
  const ids = tf.tensor1d(rng.ints(64, 0, vocab), 'int32');
  const segments = tf.tensor1d(Array.from({length: 64}, (_, i) => i >> 2), 'int32');
  return lossOf(tf, tf.sparse.sparseSegmentMean(table, ids, segments));
}

function stepChecks(): NamedCheck[] {
  return [
    {
      name: 'training/a sparse step makes no [V, D] tensor and updates the variable in place',
      tags: ['training'],
      run: async (tf, sg) => {
        const vocab = 20000;
        for (const optimizer
                 of [sg.train.sgd(0.1), sg.train.adagrad(0.1), sg.train.lazyAdam(0.01)]) {
          const table = tf.variable(tf.randomUniform([vocab, D], -1, 1, 'float32', 5));
          // The first step creates the slots and makes the table's memory its own.
          optimizer.minimize(() => bagStep(tf, table, vocab, 0), false, [table]);
          const dataId = table.dataId;
          const profile = await tf.profile(() => {
            optimizer.minimize(() => bagStep(tf, table, vocab, 1), false, [table]);
            return [];
          });
          // tfjs keeps a lookup's inputs for the backward pass with Identity
          // (what tf.clone runs), which must share the table's memory, not
          // copy it (tfjs-backend-wasm's copies; the package replaces it).
          const clone = tf.clone(table);
          const shared = clone.dataId === table.dataId;
          clone.dispose();
          if (!shared) throw new Error('Identity copied the [V, D] table');
          for (const kernel of profile.kernels.filter(k => k.name !== 'Identity')) {
            for (const shape of kernel.outputShapes) {
              if ((shape ?? []).some(d => d >= vocab)) {
                throw new Error(
                    `${optimizer.getClassName()}: ${kernel.name} made a [${shape}] tensor`);
              }
            }
          }
          if (table.dataId !== dataId) {
            throw new Error(
                `${optimizer.getClassName()}: the step assigned a new tensor to the table`);
          }
          table.dispose();
          optimizer.dispose();
        }
      }
    },
    {
      name: 'training/an in-place update never changes another tensor',
      tags: ['training'],
      run: async (tf, sg) => {
        const source = initialTable(tf);
        const expected = await source.data();
        const table = tf.variable(source);  // shares source's memory
        const optimizer = sg.train.sgd(0.5);
        const step = (k: number) => optimizer.minimize(
            () => lossOf(tf, tf.gather(table, tf.tensor1d([k, 3, k], 'int32'))), false, [table]);
        step(1);
        await expectValues(source, expected, 'the tensor a variable was made from', 0);
        const snapshot = tf.clone(table);  // shares the table's memory
        const before = await snapshot.data();
        const slice = tf.slice(table, [1, 0], [3, D]);  // a view on webgl
        const sliceBefore = await slice.data();
        step(2);
        await expectValues(snapshot, before, 'a clone of the variable', 0);
        await expectValues(slice, sliceBefore, 'a slice of the variable', 0);
        const after = await table.data();
        if (after[2 * D] === before[2 * D]) {
          throw new Error('the step did not update row 2');
        }
        tf.dispose([source, table, snapshot, slice]);
        optimizer.dispose();
      }
    },
    {
      name: 'training/sparse optimizers leak nothing over many steps',
      tags: ['training'],
      run: async (tf, sg) => {
        for (const optimizer
                 of [sg.train.sgd(0.1), sg.train.adagrad(0.1), sg.train.lazyAdam(0.01)]) {
          const table = tf.variable(tf.randomUniform([500, D], -1, 1, 'float32', 6));
          optimizer.minimize(() => bagStep(tf, table, 500, 0), false, [table]);
          const before = tf.memory().numTensors;
          for (let step = 1; step < 60; step++) {
            optimizer.minimize(() => bagStep(tf, table, 500, step), false, [table]);
          }
          const leaked = tf.memory().numTensors - before;
          table.dispose();
          optimizer.dispose();
          if (leaked !== 0) {
            throw new Error(`${optimizer.getClassName()}: ${leaked} tensors leaked over 59 steps`);
          }
        }
      }
    },
  ];
}

/** A small embedding model, compiled with `optimizer`. */
function embeddingModel(tf: TF, optimizer: tfType.Optimizer): tfType.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.embedding({
        inputDim: 60,
        outputDim: 4,
        inputLength: 5,
        embeddingsInitializer: tf.initializers.randomUniform({seed: 11}),
      }),
      tf.layers.globalAveragePooling1d(),
      tf.layers.dense({
        units: 2,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({seed: 12}),
      }),
    ]
  });
  model.compile({optimizer, loss: 'categoricalCrossentropy'});
  return model;
}

async function fitModel(tf: TF, optimizer: tfType.Optimizer, epochs: number):
    Promise<{weights: Float32Array[], losses: number[], model: tfType.Sequential}> {
  const rng = new Random(13);
  const model = embeddingModel(tf, optimizer);
  const xs = tf.tensor2d(rng.ints(32 * 5, 0, 60), [32, 5]);
  const ys = tf.oneHot(tf.tensor1d(rng.ints(32, 0, 2), 'int32'), 2);
  const history = await model.fit(xs, ys, {epochs, batchSize: 16, shuffle: false, verbose: 0});
  tf.dispose([xs, ys]);
  const weights = await Promise.all(model.getWeights().map(w => w.data() as Promise<Float32Array>));
  return {weights, losses: history.history.loss as number[], model};
}

function modelChecks(): NamedCheck[] {
  return [
    {
      name: 'training/model.fit with train.sgd and train.adagrad gives tfjs\'s weights',
      tags: ['training'],
      run: async (tf, sg) => {
        for (const [ours, theirs] of [
                 [sg.train.sgd(0.3), tf.train.sgd(0.3)],
                 [sg.train.adagrad(0.3), tf.train.adagrad(0.3)],
        ] as const) {
          const a = await fitModel(tf, ours, 3);
          const b = await fitModel(tf, theirs, 3);
          a.model.dispose();
          b.model.dispose();
          for (let k = 0; k < a.weights.length; k++) {
            await expectValues(a.weights[k], b.weights[k], `${ours.getClassName()} weight ${k}`);
          }
        }
      }
    },
    {
      name: 'training/model.fit with train.lazyAdam lowers the loss',
      tags: ['training'],
      run: async (tf, sg) => {
        const {losses, model} = await fitModel(tf, sg.train.lazyAdam(0.05), 20);
        model.dispose();
        if (!(losses[losses.length - 1] < losses[0] * 0.8)) {
          throw new Error(`loss went from ${losses[0]} to ${losses[losses.length - 1]}`);
        }
      }
    },
    {
      name: 'training/optimizers survive save and load, and resume from getWeights',
      tags: ['training'],
      run: async (tf, sg) => {
        for (const make
                 of [() => sg.train.sgd(0.2), () => sg.train.adagrad(0.2, 0.3),
                    () => sg.train.lazyAdam(0.02, 0.8, 0.9, 1e-6)]) {
          // Through model.save / tf.loadLayersModel, with the optimizer.
          const {model} = await fitModel(tf, make(), 2);
          const loaded = await tf.loadLayersModel(tf.io.fromMemory(await saveToMemory(tf, model)));
          const optimizer = model.optimizer;
          const restored = loaded.optimizer;
          if (restored == null || restored.getClassName() !== optimizer.getClassName() ||
              JSON.stringify(restored.getConfig()) !== JSON.stringify(optimizer.getConfig())) {
            throw new Error(`loaded optimizer ${restored?.getClassName()} ${
                JSON.stringify(restored?.getConfig())}, saved ${optimizer.getClassName()}`);
          }
          model.dispose();
          loaded.dispose();
          // Resuming: one more step after setWeights equals one more step.
          const steps = async (resume: boolean) => {
            const table = tf.variable(initialTable(tf), true, `resume_${resume}`);
            let opt = make();
            const step = (k: number) => opt.minimize(
                () => lossOf(tf, tf.gather(table, tf.tensor1d(stepIds(k, 7), 'int32'))), false,
                [table]);
            step(0);
            step(1);
            if (resume) {
              const weights = await opt.getWeights();
              const copies = weights.map(w => ({name: w.name, tensor: w.tensor.clone()}));
              opt.dispose();
              opt = make();
              await opt.setWeights(copies);
              tf.dispose(copies.map(c => c.tensor));
            }
            step(2);
            const values = await table.data();
            table.dispose();
            opt.dispose();
            return values as Float32Array;
          };
          await expectValues(await steps(true), await steps(false), 'resumed vs uninterrupted', 0);
        }
      }
    },
  ];
}
