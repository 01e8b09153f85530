/**
 * Autodiff through the forward sparse ops, checked on the active backend
 * against finite differences and against the raw grad ops, plus leak and
 * optimizer checks. Like the case table, these run in Node and in a browser.
 */
import type * as tfType from '@tensorflow/tfjs';

import {Random} from '../harness/random';
import type {NamedCheck} from '../harness/types';

type TF = typeof tfType;
type Tensor = tfType.Tensor;

/**
 * Compares tf.grad of `loss` at `x` with central differences. The ops are
 * linear in x, so differences are exact up to float32 rounding.
 */
async function checkNumericGradient(
    tf: TF, loss: (x: Tensor) => Tensor, x: Tensor, label: string): Promise<void> {
  const gradient = tf.grad(loss)(x);
  const analytic = await gradient.data();
  gradient.dispose();
  const base = await x.data();
  const h = 0.5;
  for (let k = 0; k < base.length; k++) {
    const shifted = (delta: number) => tf.tidy(() => {
      const values = Float32Array.from(base);
      values[k] += delta;
      return loss(tf.tensor(values, x.shape, x.dtype));
    });
    const plus = shifted(h);
    const minus = shifted(-h);
    const numeric = ((await plus.data())[0] - (await minus.data())[0]) / (2 * h);
    tf.dispose([plus, minus]);
    const tolerance = 1e-3 * Math.max(1, Math.abs(numeric));
    if (!(Math.abs(numeric - analytic[k]) <= tolerance)) {
      throw new Error(`${label}: d/dx[${k}] is ${analytic[k]}, finite differences give ${numeric}`);
    }
  }
}

/** A fixed random weighting of an op's output, so each output element matters. */
function weights(tf: TF, shape: number[], seed: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(new Random(seed).floats(n), shape);
}

async function expectNoLeak(tf: TF, label: string, body: () => Promise<void>): Promise<void> {
  const before = tf.memory().numTensors;
  await body();
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) {
    throw new Error(`${label}: ${leaked} tensors leaked`);
  }
}

async function expectClose(actual: Tensor, expected: Tensor, label: string): Promise<void> {
  const a = await actual.data();
  const e = await expected.data();
  if (actual.shape.join() !== expected.shape.join()) {
    throw new Error(`${label}: shape [${actual.shape}] vs [${expected.shape}]`);
  }
  for (let i = 0; i < a.length; i++) {
    if (!(Math.abs(a[i] - e[i]) <= 1e-6 * Math.max(1, Math.abs(e[i])))) {
      throw new Error(`${label}: element ${i} is ${a[i]}, expected ${e[i]}`);
    }
  }
}

const INDICES = [5, 0, 2, 2, 5, 1];
const SEGMENT_IDS = [0, 0, 1, 2, 2, 2];

export function autodiffChecks(): NamedCheck[] {
  const checks: NamedCheck[] = [];
  const segmentOps:
      Array<[string, (tf: TF, sg: typeof import('../../src/layers'), data: Tensor) => Tensor]> = [
        [
          'tf.sparse.sparseSegmentMean',
          (tf, _sg, d) => tf.sparse.sparseSegmentMean(
              d, tf.tensor1d(INDICES, 'int32'), tf.tensor1d(SEGMENT_IDS, 'int32'))
        ],
        [
          'tf.sparse.sparseSegmentSum',
          (tf, _sg, d) => tf.sparse.sparseSegmentSum(
              d, tf.tensor1d(INDICES, 'int32'), tf.tensor1d(SEGMENT_IDS, 'int32'))
        ],
        ['sparseSegmentSqrtN', (_tf, sg, d) => sg.sparseSegmentSqrtN(d, INDICES, SEGMENT_IDS)],
        [
          'sparseSegmentSumWithNumSegments',
          (_tf, sg, d) => sg.sparseSegmentSumWithNumSegments(d, INDICES, SEGMENT_IDS, 5)
        ],
        [
          'sparseSegmentMeanWithNumSegments',
          (_tf, sg, d) => sg.sparseSegmentMeanWithNumSegments(d, INDICES, SEGMENT_IDS, 5)
        ],
        [
          'sparseSegmentSqrtNWithNumSegments',
          (_tf, sg, d) => sg.sparseSegmentSqrtNWithNumSegments(d, INDICES, SEGMENT_IDS, 5)
        ],
      ];
  for (const [label, forward] of segmentOps) {
    checks.push({
      name: `autodiff/${label} matches finite differences`,
      tags: ['autodiff'],
      run: async (tf, sg) => expectNoLeak(
          tf, label,
          async () => {
            const data = tf.tensor(new Random(3).floats(6 * 3), [6, 3]);
            const outShape = tf.tidy(() => forward(tf, sg, data).shape);
            const w = weights(tf, outShape, 4);
            await checkNumericGradient(tf, x => tf.sum(tf.mul(forward(tf, sg, x), w)), data, label);
            tf.dispose([data, w]);
          })
    });
  }

  checks.push({
    name: 'autodiff/sparseSegmentMean gradient is the raw SparseSegmentMeanGrad',
    tags: ['autodiff'],
    run: async (tf, sg) => expectNoLeak(
        tf, 'mean',
        async () => {
          const data = tf.tensor(new Random(5).floats(6 * 2), [6, 2]);
          const w = weights(tf, [3, 2], 6);
          const indices = tf.tensor1d(INDICES, 'int32');
          const segmentIds = tf.tensor1d(SEGMENT_IDS, 'int32');
          const viaAutodiff = tf.grad(
              (d: Tensor) =>
                  tf.sum(tf.mul(tf.sparse.sparseSegmentMean(d, indices, segmentIds), w)))(data);
          const viaRawOp = sg.sparseSegmentMeanGrad(w, indices, segmentIds, 6);
          await expectClose(viaAutodiff, viaRawOp, 'grad vs raw op');
          tf.dispose([data, w, indices, segmentIds, viaAutodiff, viaRawOp]);
        })
  });

  checks.push({
    name: 'autodiff/tf.sparse.sparseFillEmptyRows values and defaultValue',
    tags: ['autodiff'],
    run: async (tf, sg) => expectNoLeak(
        tf, 'fill',
        async () => {
          const indices =
              tf.tensor2d([[0, 0], [1, 0], [1, 3], [1, 4], [3, 2], [3, 3]], undefined, 'int32');
          const denseShape = tf.tensor1d([5, 6], 'int32');
          const fill = (values: Tensor, defaultValue: Tensor) =>
              tf.sparse
                  .sparseFillEmptyRows(
                      indices, values as tfType.Tensor1D, denseShape, defaultValue as tfType.Scalar)
                  .outputValues;
          const values = tf.tensor1d([0, 10, 13, 14, 32, 33]);
          const defaultValue = tf.scalar(-1);
          const w = weights(tf, [8], 7);
          await checkNumericGradient(
              tf, v => tf.sum(tf.mul(fill(v, defaultValue), w)), values, 'values');
          await checkNumericGradient(
              tf, d => tf.sum(tf.mul(fill(values, d), w)), defaultValue, 'defaultValue');
          // Both gradients at once, and the raw op they come from.
          const [dValues, dDefault] = tf.grads(
              (v: Tensor, d: Tensor) => tf.sum(tf.mul(fill(v, d), w)))([values, defaultValue]);
          const raw = sg.sparseFillEmptyRowsGrad([0, 1, 2, 3, 5, 6], w);
          await expectClose(dValues, raw.dValues, 'dValues');
          await expectClose(dDefault, raw.dDefaultValue, 'dDefaultValue');
          tf.dispose([
            indices, denseShape, values, defaultValue, w, dValues, dDefault, raw.dValues,
            raw.dDefaultValue
          ]);
        })
  });

  checks.push({
    name: 'autodiff/sparseSlice values',
    tags: ['autodiff'],
    run: async (tf, sg) => expectNoLeak(
        tf, 'slice',
        async () => {
          const indices = tf.tensor2d(
              [[0, 0], [0, 2], [0, 4], [1, 1], [1, 3], [2, 0], [3, 5]], undefined, 'int32');
          const values = tf.tensor1d([1, 2, 3, 4, 5, 6, 7]);
          for (const [start, size] of [[[0, 0], [4, 2]], [[0, 2], [5, 2]], [[0, 4], [5, 3]]]) {
            const slice = (v: Tensor) =>
                sg.sparseSlice(indices, v, [4, 6], start, size).outputValues;
            const w = weights(tf, tf.tidy(() => slice(values).shape), 8);
            await checkNumericGradient(
                tf, v => tf.sum(tf.mul(slice(v), w)), values, `start ${start}`);
            w.dispose();
          }
          tf.dispose([indices, values]);
        })
  });

  checks.push({
    name: 'autodiff/integer inputs get float32 zero gradients of their shape',
    tags: ['autodiff'],
    run: async (tf) => expectNoLeak(
        tf, 'zeros',
        async () => {
          const config = tf.getGradient('SparseSegmentMean');
          if (config == null) throw new Error('no gradient registered for SparseSegmentMean');
          const data = tf.ones([6, 2]);
          const indices = tf.tensor1d(INDICES, 'int32');
          const segmentIds = tf.tensor1d(SEGMENT_IDS, 'int32');
          const dy = tf.ones([3, 2]);
          const grads = config.gradFunc(dy, [data, indices, segmentIds], {});
          const dIndices = grads.indices();
          const dSegmentIds = grads.segmentIds();
          for (const [g, x] of [[dIndices, indices], [dSegmentIds, segmentIds]]) {
            const v = await g.data();
            if (g.dtype !== 'float32' || g.shape.join() !== x.shape.join() ||
                v.some(e => e !== 0)) {
              throw new Error(
                  `expected float32 zeros of shape [${x.shape}], got ${g.dtype} [${g.shape}]`);
            }
          }
          tf.dispose([data, indices, segmentIds, dy, dIndices, dSegmentIds]);
        })
  });

  checks.push({
    name: 'autodiff/an optimizer trains through sparseSegmentMean',
    tags: ['autodiff'],
    run: async (tf) => {
      const table = tf.variable(tf.tensor(new Random(9).floats(8 * 4), [8, 4]));
      const target = tf.tensor(new Random(10).floats(3 * 4), [3, 4]);
      const indices = tf.tensor1d(INDICES, 'int32');
      const segmentIds = tf.tensor1d(SEGMENT_IDS, 'int32');
      const optimizer = tf.train.sgd(0.5);
      const lossOf = () =>
          tf.losses.meanSquaredError(
              target, tf.sparse.sparseSegmentMean(table, indices, segmentIds)) as tfType.Scalar;
      const first = await tf.tidy(lossOf).data();
      const before = tf.memory().numTensors;
      for (let step = 0; step < 20; step++) {
        optimizer.minimize(lossOf);
      }
      const leaked = tf.memory().numTensors - before;
      const last = await tf.tidy(lossOf).data();
      tf.dispose([table, target, indices, segmentIds]);
      optimizer.dispose();
      if (!(last[0] < first[0] * 0.5)) {
        throw new Error(`loss went from ${first[0]} to ${last[0]}`);
      }
      if (leaked !== 0) throw new Error(`${leaked} tensors leaked per 20 steps`);
    }
  });
  return checks;
}
