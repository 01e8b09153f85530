/**
 * Checks and cases of the optimizers FTRL, momentum and row-wise Adagrad,
 * of gradient clipping and of `SparseGradSumDuplicates`, run on every
 * backend:
 *
 * - FTRL and momentum step by step against TensorFlow 2.21's
 *   `ResourceSparseApplyFtrlV2` / `ResourceApplyFtrlV2` /
 *   `ResourceSparseApplyMomentum` (fixtures written by
 *   tools/tf_fixtures/sparse_optimizers.py: duplicate indices, every option,
 *   l1 driving weights to exactly zero);
 * - row-wise Adagrad against a float64 reference of FBGEMM's formula,
 *   sparse and dense, with padding and a rank-3 variable;
 * - clipping against Keras's formulas applied in float64 to tfjs's dense
 *   gradient;
 * - `sumDuplicates` against a reference (duplicates, padding, empty, ids
 *   past 2^24, rank 3, an id past the rows).
 */
import type * as tfType from '@tensorflow/tfjs';

import fixtures from '../fixtures/optimizers/tf_sparse_apply.json';
import {f32, i32} from '../harness/specs';
import {Random} from '../harness/random';
import type {KernelCase, NamedCheck} from '../harness/types';
import {refSumDuplicates} from '../reference/reference';

type TF = typeof tfType;
type SG = typeof import('../../src/layers');
type Tensor = tfType.Tensor;

interface FixtureCase {
  name: string;
  optimizer: 'ftrl'|'momentum';
  dense: boolean;
  options: Record<string, number|boolean>;
  /** The variable and slots after each step. */
  states: Array<Record<string, number[]>>;
}

const ROWS = 8;
const D = 3;

/** Throws unless `actual` and `expected` agree to `tolerance` relative to max(1, |expected|). */
function expectClose(
    actual: ArrayLike<number>, expected: ArrayLike<number>, label: string, tolerance = 1e-5): void {
  if (actual.length !== expected.length) {
    throw new Error(`${label}: ${actual.length} values, expected ${expected.length}`);
  }
  for (let i = 0; i < actual.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= tolerance * Math.max(1, Math.abs(expected[i])))) {
      throw new Error(`${label}: element ${i} is ${actual[i]}, expected ${expected[i]}`);
    }
  }
}

function makeFixtureOptimizer(sg: SG, c: FixtureCase): tfType.Optimizer {
  const {learningRate, ...options} = c.options as Record<string, number>;
  if (c.optimizer === 'ftrl') return sg.train.ftrl(learningRate, options);
  return sg.train.momentum(learningRate, options.momentum, Boolean(options.useNesterov));
}

/** A step's gradient: the fixture's slices, or the dense tensor they stand for. */
function stepGradient(tf: TF, step: {indices: number[], values: number[]}, dense: boolean):
    Tensor|import('../../src/layers').IndexedSlices {
  const indices = tf.tensor1d(step.indices, 'int32');
  const values = tf.tensor2d(step.values, [step.indices.length, D]);
  if (!dense) return {indices, values, denseShape: [ROWS, D]};
  const sum = tf.unsortedSegmentSum(values, indices, ROWS);
  tf.dispose([indices, values]);
  return sum;
}

function fixtureChecks(): NamedCheck[] {
  return (fixtures.cases as unknown as FixtureCase[])
      .map(
          c => ({
            name: `optimizers/train.${c.optimizer} equals TensorFlow 2.21: ${c.name}`,
            tags: ['training', 'optimizers'],
            run: async (tf: TF, sg: SG) => {
              const before = tf.memory().numTensors;
              const variable = tf.tidy(() => tf.variable(tf.tensor2d(fixtures.initial, [ROWS, D])));
              const optimizer = makeFixtureOptimizer(sg, c);
              const slotNames = c.optimizer === 'ftrl' ? ['accumulator', 'linear'] : ['momentum'];
              // pow() of the GPU backends is not correctly rounded.
              const power = c.options.learningRatePower;
              const tolerance =
                  power != null && power !== -0.5 && /webgl|webgpu/.test(tf.getBackend()) ? 1e-4 :
                                                                                            1e-5;
              for (let s = 0; s < fixtures.steps.length; s++) {
                const gradient = stepGradient(tf, fixtures.steps[s], c.dense);
                (optimizer as import('../../src/layers').SparseOptimizer).applyGradients([
                  {name: variable.name, tensor: gradient}
                ]);
                tf.dispose(gradient);
                const expected = c.states[s];
                const actual = await variable.data();
                expectClose(actual, expected.variable, `step ${s} variable`, tolerance);
                const weights = await optimizer.getWeights();
                for (let k = 0; k < slotNames.length; k++) {
                  const slot = weights[1 + k];
                  if (slot.name !== `${variable.name}/${slotNames[k]}`) {
                    throw new Error(`slot ${k} is named ${slot.name}`);
                  }
                  expectClose(
                      await slot.tensor.data(), expected[slotNames[k]], `step ${s} ${slotNames[k]}`,
                      tolerance);
                }
                tf.dispose(weights[0].tensor);
                // FTRL's l1: weights TensorFlow sets to exactly zero are zero here.
                expected.variable.forEach((x, i) => {
                  if (x === 0 && actual[i] !== 0) {
                    throw new Error(
                        `step ${s}: element ${i} is ${actual[i]}, TensorFlow's is exactly 0`);
                  }
                });
              }
              optimizer.dispose();
              variable.dispose();
              const leaked = tf.memory().numTensors - before;
              if (leaked !== 0) throw new Error(`${leaked} tensors leaked`);
            },
          }));
}

/** FBGEMM's exact row-wise Adagrad in float64, one row at a time. */
class RowwiseAdagradReference {
  readonly value: Float64Array;
  readonly accumulator: Float64Array;

  constructor(
      initial: ArrayLike<number>, private readonly rows: number, private readonly lr: number,
      initialAccumulator: number, private readonly eps: number) {
    this.value = Float64Array.from(initial);
    this.accumulator = new Float64Array(rows).fill(initialAccumulator);
  }

  /** One step with gradient rows `values` at `indices` (duplicates summed, negatives skipped). */
  step(indices: number[], values: ArrayLike<number>): void {
    const d = this.value.length / this.rows;
    const sums = new Map<number, Float64Array>();
    indices.forEach((row, i) => {
      if (row < 0) return;
      const g = sums.get(row) ?? new Float64Array(d);
      for (let c = 0; c < d; c++) g[c] += values[i * d + c];
      sums.set(row, g);
    });
    for (const [row, g] of sums) {
      this.accumulator[row] += g.reduce((a, x) => a + x * x, 0) / d;
      const multiplier = this.lr / (Math.sqrt(this.accumulator[row]) + this.eps);
      for (let c = 0; c < d; c++) this.value[row * d + c] -= multiplier * g[c];
    }
  }
}

function rowwiseChecks(): NamedCheck[] {
  const shapes: number[][] = [[9, 4], [6, 2, 3]];
  return shapes.flatMap(
      shape => [false, true].map(
          dense => ({
            name: `optimizers/train.rowwiseAdagrad equals the float64 reference, ${
                dense ? 'dense gradient' : 'IndexedSlices'}, variable [${shape}]`,
            tags: ['training', 'optimizers'],
            run: async (tf: TF, sg: SG) => {
              const rows = shape[0];
              const d = shape.slice(1).reduce((a, b) => a * b, 1);
              const rng = new Random(40 + shape.length);
              const initial = rng.floats(rows * d);
              const [lr, acc0, eps] = [0.3, 0.05, 1e-6];
              const reference = new RowwiseAdagradReference(initial, rows, lr, acc0, eps);
              const before = tf.memory().numTensors;
              const variable = tf.tidy(() => tf.variable(tf.tensor(initial, shape)));
              const optimizer =
                  sg.train.rowwiseAdagrad(lr, {initialAccumulatorValue: acc0, epsilon: eps});
              for (let s = 0; s < 4; s++) {
                // Duplicates, padding (-1), rows never looked up.
                const indices =
                    Array.from(rng.ints(7, -1, rows - 2), (x, i) => i % 3 === 0 ? 1 : x);
                const values = rng.floats(7 * d).map(x => 2 * x);
                const slices = {
                  indices: tf.tensor1d(indices, 'int32'),
                  values: tf.tensor(values, [7, ...shape.slice(1)]),
                  denseShape: shape,
                };
                if (dense) {
                  // The dense gradient the slices stand for (padding carries none).
                  const kept = indices.map((row, i) => [row, i]).filter(([row]) => row >= 0);
                  const sum = tf.tidy(
                      () => tf.unsortedSegmentSum(
                          tf.gather(slices.values, kept.map(([, i]) => i)),
                          tf.tensor1d(kept.map(([row]) => row), 'int32'), rows));
                  optimizer.applyGradients([{name: variable.name, tensor: sum}]);
                  tf.dispose(sum);
                } else {
                  optimizer.applyGradients([{name: variable.name, tensor: slices}]);
                }
                tf.dispose(slices);
                reference.step(indices, values);
              }
              expectClose(await variable.data(), reference.value, 'variable', 1e-5);
              const [iterations, accumulator] = await optimizer.getWeights();
              if (accumulator.tensor.shape.join() !== `${rows}`) {
                throw new Error(
                    `accumulator of shape [${accumulator.tensor.shape}], expected [${rows}]`);
              }
              expectClose(
                  await accumulator.tensor.data(), reference.accumulator, 'accumulator', 1e-5);
              tf.dispose(iterations.tensor);
              optimizer.dispose();
              variable.dispose();
              const leaked = tf.memory().numTensors - before;
              if (leaked !== 0) throw new Error(`${leaked} tensors leaked`);
            },
          })));
}

/** Keras's clipping of float64 gradients (see src/training/clipping.ts). */
function kerasClip(
    gradients: Float64Array[], clipping: import('../../src/layers').GradientClipping): void {
  const norm = (g: Float64Array) => Math.sqrt(g.reduce((a, x) => a + x * x, 0));
  if (clipping.clipValue != null) {
    const c = clipping.clipValue;
    for (const g of gradients) g.forEach((x, i) => g[i] = Math.min(Math.max(x, -c), c));
  } else if (clipping.clipNorm != null) {
    const c = clipping.clipNorm;
    for (const g of gradients) {
      const n = norm(g);
      g.forEach((x, i) => g[i] = x * c / Math.max(n, c));
    }
  } else {
    const c = clipping.globalClipNorm!;
    const global = Math.sqrt(gradients.reduce((a, g) => a + norm(g) ** 2, 0));
    const scale = c * Math.min(1 / global, 1 / c);
    for (const g of gradients) g.forEach((x, i) => g[i] = x * scale);
  }
}

function clippingChecks(): NamedCheck[] {
  const modes: Array<import('../../src/layers').GradientClipping> =
      [{clipValue: 0.4}, {clipNorm: 0.5}, {globalClipNorm: 0.7}, {clipNorm: 100}];
  const checks: NamedCheck[] = modes.map(
      clipping => ({
        name:
            `optimizers/clipping ${JSON.stringify(clipping)} equals Keras's on the dense gradient`,
        tags: ['training', 'optimizers'],
        run: async (tf: TF, sg: SG) => {
          const [rows, lr] = [12, 0.1];
          const rng = new Random(60);
          const tableInit = rng.floats(rows * D);
          const denseInit = rng.floats(D * 2);
          // Duplicate ids: the slices' norm is that of their sums.
          const ids = [3, 7, 3, 3, 0, 7, 11];
          const weights = rng.floats(ids.length * 2);
          const loss = (table: Tensor, w: Tensor) => tf.tidy(
              () => tf.sum(tf.mul(
                        tf.square(tf.matMul(tf.gather(table, tf.tensor1d(ids, 'int32')), w)),
                        tf.tensor2d(weights, [ids.length, 2]))) as tfType.Scalar);
          const before = tf.memory().numTensors;
          const table = tf.tidy(() => tf.variable(tf.tensor2d(tableInit, [rows, D])));
          const w = tf.tidy(() => tf.variable(tf.tensor2d(denseInit, [D, 2])));
          const optimizer = sg.train.sgd(lr, clipping);
          const ref = [Float64Array.from(tableInit), Float64Array.from(denseInit)];
          for (let step = 0; step < 3; step++) {
            const {value, grads} = sg.sparseVariableGrads(() => loss(table, w), [table, w]);
            if (!sg.isIndexedSlices(grads[table.name])) throw new Error('no IndexedSlices');
            tf.dispose([value, grads]);
            optimizer.minimize(() => loss(table, w), false, [table, w]);
            // The reference: tfjs's dense gradient at the reference's values.
            const x = tf.tidy(() => tf.variable(tf.tensor2d(Float32Array.from(ref[0]), [rows, D])));
            const y = tf.tidy(() => tf.variable(tf.tensor2d(Float32Array.from(ref[1]), [D, 2])));
            const dense = tf.variableGrads(() => loss(x, y), [x, y]);
            const g = [
              Float64Array.from(await dense.grads[x.name].data()),
              Float64Array.from(await dense.grads[y.name].data())
            ];
            tf.dispose([x, y, dense.value, dense.grads[x.name], dense.grads[y.name]]);
            kerasClip(g, clipping);
            ref.forEach((r, k) => r.forEach((v, i) => r[i] = v - lr * g[k][i]));
          }
          expectClose(await table.data(), ref[0], 'table', 2e-5);
          expectClose(await w.data(), ref[1], 'dense variable', 2e-5);
          optimizer.dispose();
          tf.dispose([table, w]);
          const leaked = tf.memory().numTensors - before;
          if (leaked !== 0) throw new Error(`${leaked} tensors leaked`);
        },
      }));
  checks.push({
    name: 'optimizers/bad options and clipping raise clear errors; config round trips',
    tags: ['training', 'optimizers'],
    run: async (_tf: TF, sg: SG) => {
      const expectThrow = (f: () => unknown, text: string) => {
        try {
          f();
        } catch (e) {
          if (!(e as Error).message.includes(text)) {
            throw new Error(`threw '${(e as Error).message}', expected '${text}'`);
          }
          return;
        }
        throw new Error(`did not throw '${text}'`);
      };
      expectThrow(
          () => sg.train.sgd(0.1, {clipNorm: 1, clipValue: 1}),
          'only one of clipNorm, clipValue and globalClipNorm');
      expectThrow(() => sg.train.adagrad(0.1, 0.1, {clipNorm: -1}), 'clipNorm must be a positive');
      expectThrow(
          () => sg.train.ftrl(0.1, {learningRatePower: 0.5}), 'learningRatePower must be <= 0');
      expectThrow(() => sg.train.ftrl(0.1, {l1: -1}), 'l1 must be >= 0');
      expectThrow(() => sg.train.momentum(0.1, -0.5), 'momentum must be >= 0');
      expectThrow(
          () => sg.train.rowwiseAdagrad(0.1, {initialAccumulatorValue: -1}),
          'initialAccumulatorValue must be >= 0');
      // TensorFlow's FTRL: "lr is not a positive scalar".
      expectThrow(() => sg.train.ftrl(0), 'learningRate must be a positive number, got 0');
      expectThrow(() => sg.train.ftrl(-0.1), 'learningRate must be a positive number');
      expectThrow(() => sg.train.sgd(NaN), 'learningRate must be a finite number, got NaN');
      expectThrow(() => sg.train.adagrad(0.1, -1), 'initialAccumulatorValue must be >= 0, got -1');
      expectThrow(() => sg.train.lazyAdam(0.01, 1), 'beta1 must be in [0, 1), got 1');
      // Options where a positional argument goes (JavaScript has no type check).
      expectThrow(
          () => sg.train.lazyAdam(0.01, {clipNorm: 1} as unknown as number),
          'beta1 must be in [0, 1), got {"clipNorm":1}');
      expectThrow(
          () => sg.train.rowwiseAdagrad(0.1, 0.1 as unknown as object),
          'options must be an object, got 0.1');
      expectThrow(
          () => sg.train.momentum(0.1, 0.9, 'yes' as unknown as boolean),
          'useNesterov must be a boolean, got yes');
      // Keras's Python spellings and other unknown options are not ignored.
      expectThrow(
          () => sg.train.sgd(0.1, {clipnorm: 1} as object),
          'SparseSGD: unknown option \'clipnorm\'');
      expectThrow(
          () => sg.train.ftrl(0.1, {l1Reg: 1} as object), 'SparseFtrl: unknown option \'l1Reg\'');
      const made = [
        sg.train.ftrl(0.2, {l1: 0.1, beta: 0.3, clipValue: 2}),
        sg.train.momentum(0.1, 0.9, true, {globalClipNorm: 3}),
        sg.train.rowwiseAdagrad(0.1, {epsilon: 1e-6, clipNorm: 1}),
      ];
      for (const optimizer of made) {
        const cls = optimizer.constructor as unknown as
            {fromConfig(cls: unknown, config: object): tfType.Optimizer};
        const config = optimizer.getConfig();
        const copy = cls.fromConfig(cls, config);
        if (JSON.stringify(copy.getConfig()) !== JSON.stringify(config)) {
          throw new Error(`${optimizer.getClassName()}: config ${
              JSON.stringify(copy.getConfig())}, expected ${JSON.stringify(config)}`);
        }
        tfDispose(copy, optimizer);
      }
    },
  });
  checks.push(...atomicStepChecks());
  return checks;
}

/** A gradient as `applyGradients` takes it. */
type Gradient = Tensor|{indices: Tensor, values: Tensor, denseShape: number[]};

/**
 * A step whose second gradient is bad changes nothing: not the first
 * variable, not its slots, not the step count.
 */
function atomicStepChecks(): NamedCheck[] {
  const bad: Array<[string, (tf: TF) => Gradient, string]> = [
    [
      'an index past the variable',
      tf => ({indices: tf.tensor1d([0, 4], 'int32'), values: tf.ones([2, 2]), denseShape: [4, 2]}),
      'Index 4 at offset 1 in indices is out of range [Op:SparseGradApply'
    ],
    [
      'float32 indices',
      tf => ({indices: tf.tensor1d([0, 1]), values: tf.ones([2, 2]), denseShape: [4, 2]}),
      'indices must be a 1-D int32 tensor, got float32 [2]'
    ],
    [
      'values of another width',
      tf => ({indices: tf.tensor1d([0, 1], 'int32'), values: tf.ones([2, 3]), denseShape: [4, 2]}),
      'expected [2,2], got [2,3]'
    ],
    [
      'a dense gradient of another shape', tf => tf.ones([4, 1]),
      'the gradient of \'b\' is float32 [4,1], but the variable is float32 [4,2]'
    ],
  ];
  const optimizers: Array<[string, (sg: SG) => tfType.Optimizer]> = [
    ['sgd', sg => sg.train.sgd(0.5)],
    ['adagrad', sg => sg.train.adagrad(0.5)],
    ['lazyAdam', sg => sg.train.lazyAdam(0.5)],
    ['ftrl', sg => sg.train.ftrl(0.5, {clipNorm: 1})],
    ['momentum', sg => sg.train.momentum(0.5, 0.9)],
    ['rowwiseAdagrad', sg => sg.train.rowwiseAdagrad(0.5, {globalClipNorm: 1})],
  ];
  return bad.flatMap(
      ([label, badGradient, text]) =>
          optimizers.map(([name, make]) => ({
                           name: `optimizers/train.${name}: ${label} changes nothing`,
                           tags: ['training', 'optimizers'],
                           run: async (tf: TF, sg: SG) => {
                             const before = tf.memory().numTensors;
                             await atomicStep(tf, make(sg), badGradient, text);
                             const leaked = tf.memory().numTensors - before;
                             if (leaked !== 0) {
                               throw new Error(`${leaked} tensors leaked`);
                             }
                           },
                         })));
}

async function atomicStep(
    tf: TF, optimizer: tfType.Optimizer, badGradient: (tf: TF) => Gradient,
    text: string): Promise<void> {
  const a = tf.tidy(() => tf.variable(tf.ones([4, 2]), true, 'a'));
  const b = tf.tidy(() => tf.variable(tf.ones([4, 2]), true, 'b'));
  const good = {indices: tf.tensor1d([1], 'int32'), values: tf.ones([1, 2]), denseShape: [4, 2]};
  try {
    // One good step makes the slots; the bad one must leave them.
    optimizer.applyGradients([{name: 'a', tensor: good}, {name: 'b', tensor: good}] as never);
    const weights = async () => {
      const list = await optimizer.getWeights();
      const values = await Promise.all([a, b, ...list.map(w => w.tensor)].map(t => t.data()));
      tf.dispose(list.filter(w => w.name === 'iter').map(w => w.tensor));  // made for the call
      return values;
    };
    const before = await weights();
    const gradient = badGradient(tf);
    let message = '';
    try {
      optimizer.applyGradients([{name: 'a', tensor: good}, {name: 'b', tensor: gradient}] as never);
    } catch (e) {
      message = (e as Error).message;
    } finally {
      tf.dispose(gradient as never);
    }
    if (!message.includes(text)) {
      throw new Error(`threw '${message}', expected '${text}'`);
    }
    const after = await weights();
    after.forEach((values, k) => {
      if (values.join() !== before[k].join()) {
        throw new Error(`weight ${k} changed: ${before[k]} -> ${values}`);
      }
    });
  } finally {
    tf.dispose([a, b, good.indices, good.values]);
    optimizer.dispose();
  }
}

function tfDispose(...optimizers: tfType.Optimizer[]): void {
  for (const o of optimizers) o.dispose();
}

export function sumDuplicatesCases(): KernelCase[] {
  const KERNEL = 'SparseGradSumDuplicates';
  const make =
      (label: string, indices: number[], shape: number[], numRows: number,
       values?: number[]): KernelCase => ({
        name: `${KERNEL}/${label}`,
        kernel: KERNEL,
        tags: ['edge'],
        build: () => {
          const size = shape.reduce((a, b) => a * b, 1);
          const v =
              values ?? Array.from(new Random(indices.length + size).floats(size).map(x => 2 * x));
          return {
            inputs: {indices: i32([indices.length], indices), values: f32(shape, v)},
            attrs: {numRows},
            expected: {outputs: refSumDuplicates(indices, v, shape)},
          };
        },
      });
  const rng = new Random(77);
  const many = Array.from(rng.ints(300, -1, 40));
  const big = 2 ** 24 + 9;
  return [
    make('duplicates sum in input order', [2, 0, 2, 2], [4, 1], 3, [1e8, 5, 1, -1e8]),
    make('padding and duplicates', [3, -1, 1, 3, -1, 1, 0], [7, 3], 4),
    make('rank 3 values', [1, 1, 0], [3, 2, 2], 2),
    make('no indices', [], [0, 3], 5),
    make('all padding', [-1, -1], [2, 2], 5),
    make('300 random ids in 40 rows', many, [300, 5], 40),
    make('ids past 2^24', [big - 1, 2 ** 24 + 1, big - 1, 2 ** 24], [4, 2], big),
    {
      name: `${KERNEL}/error: an id past the rows`,
      kernel: KERNEL,
      tags: ['error'],
      build: () => ({
        inputs: {indices: i32([3], [0, 5, 1]), values: f32([3, 1], [1, 2, 3])},
        attrs: {numRows: 5},
        expected: {
          error: 'Index 5 at offset 1 in indices is out of range',
          errorName: 'InvalidArgumentError'
        },
      }),
    },
  ];
}

export function optimizerChecks(): NamedCheck[] {
  return [...fixtureChecks(), ...rowwiseChecks(), ...clippingChecks()];
}
