/**
 * The host-side algorithms of the sparse optimizers' in-place updates
 * (`SparseGradApply*`): grouping the gradient rows by variable row, and the
 * update formulas of tfjs's dense optimizers applied to the looked-up rows.
 *
 * Each formula is tfjs's own (`tf.train.sgd`, `tf.train.adagrad`,
 * `tf.train.adam`), operation by operation, with each float32 rounding
 * spelled out: a row updated here gets the bits the dense optimizer would
 * give it from the same gradient row. The gradient of a row is the sum of
 * its gradient rows in input order, as the dense gradient kernels add them.
 */
import type {TypedArray} from '@tensorflow/tfjs-core';

import {SparseGradApplyAdagrad, SparseGradApplyFtrl, SparseGradApplyLazyAdam, SparseGradApplyMomentum, SparseGradApplyRowwiseAdagrad, SparseGradApplySGD} from '../../src/kernel_names';

const fround = Math.fround;

/**
 * The steps of the updates on the GPU backends, each computing the new
 * looked-up rows of one tensor (the variable or a slot).
 */
export type UpdateStep = 'sgd'|'adagradAccumulator'|'adagradVariable'|'adamM'|'adamV'|
    'adamVariable'|'ftrlLinear'|'ftrlVariable'|'ftrlAccumulator'|'momentumVariable'|
    'momentumAccumulator'|'rowwiseAccumulator'|'rowwiseVariable';

/**
 * Each update's steps, in the order they run, with the input each one
 * rewrites. A step reads the tensors the steps before it rewrote as they
 * are now, and the others as they were: FTRL's and momentum's variable step
 * runs before their slots change (it recomputes the new accumulator or
 * momentum it needs from the old one), row-wise Adagrad's after its
 * accumulator changed (one per row).
 */
export const UPDATE_STEPS: Record<string, Array<[UpdateStep, string]>> = {
  [SparseGradApplySGD]: [['sgd', 'variable']],
  [SparseGradApplyAdagrad]:
      [['adagradAccumulator', 'accumulator'], ['adagradVariable', 'variable']],
  [SparseGradApplyLazyAdam]: [['adamM', 'm'], ['adamV', 'v'], ['adamVariable', 'variable']],
  [SparseGradApplyFtrl]:
      [['ftrlLinear', 'linear'], ['ftrlVariable', 'variable'], ['ftrlAccumulator', 'accumulator']],
  [SparseGradApplyMomentum]:
      [['momentumVariable', 'variable'], ['momentumAccumulator', 'momentum']],
  [SparseGradApplyRowwiseAdagrad]:
      [['rowwiseAccumulator', 'accumulator'], ['rowwiseVariable', 'variable']],
};

/** The steps that write one value per row (a `[V]` slot). */
export const ROW_STEPS: ReadonlySet<UpdateStep> = new Set(['rowwiseAccumulator']);

/** The constants of `updateConstants` each step reads. */
export const STEP_CONSTANTS: Record<UpdateStep, string[]> = {
  sgd: ['nlr'],
  adagradAccumulator: [],
  adagradVariable: ['nlr', 'eps'],
  adamM: ['b1', 'omb1'],
  adamV: ['b2', 'omb2'],
  adamVariable: ['nlr', 'eps', 'c1', 'c2'],
  ftrlLinear: ['lr', 'lrPower', 'tws'],
  ftrlVariable: ['lr', 'lrPower', 'l1', 'tl2'],
  ftrlAccumulator: [],
  momentumVariable: ['lr', 'momentum', 'lrm', 'nesterov'],
  momentumAccumulator: ['momentum'],
  rowwiseAccumulator: [],
  rowwiseVariable: ['lr', 'eps'],
};

/**
 * The scalars of the update formulas, named as the GPU programs read them
 * (shaders/webgl/sparse_apply.glsl.ts, shaders/webgpu/sparse_apply.wgsl.ts):
 * `nlr` = -learning rate, `eps` = epsilon, `b1`/`b2` = the betas,
 * `omb1`/`omb2` = 1 - the betas, `c1`/`c2` = 1 - beta^t; FTRL's `lr`,
 * `lrPower`, `l1`, `tl2` = 2 * l2, `tws` = 2 * l2 shrinkage; momentum's
 * `momentum`, `lrm` = lr * momentum, `nesterov` (1 or 0).
 */
export function updateConstants(attrs: Record<string, number>): Record<string, number> {
  return {
    nlr: -attrs.learningRate,
    lr: attrs.learningRate,
    eps: attrs.epsilon,
    b1: attrs.beta1,
    b2: attrs.beta2,
    omb1: 1 - attrs.beta1,
    omb2: 1 - attrs.beta2,
    c1: attrs.oneMinusAccBeta1,
    c2: attrs.oneMinusAccBeta2,
    lrPower: attrs.learningRatePower,
    l1: attrs.l1,
    tl2: 2 * attrs.l2,
    tws: 2 * attrs.l2Shrinkage,
    momentum: attrs.momentum,
    lrm: Math.fround(attrs.learningRate) * Math.fround(attrs.momentum),
    nesterov: attrs.useNesterov,
  };
}

/** Gradient rows grouped by variable row. */
export interface RowGroups {
  /** The distinct rows, in the order of their first gradient row. */
  rows: Int32Array;
  /**
   * int32 `[rows.length + 1]`: group g's gradient rows are order[starts[g]] .. order[starts[g + 1]
   * - 1].
   */
  starts: Int32Array;
  /** Gradient row numbers, grouped, each group in input order. */
  order: Int32Array;
}

/**
 * Groups the gradient rows by `indices` in O(N): negative indices (padding)
 * are left out; indices must be below the variable's row count (checked
 * before).
 */
export function groupByRow(indices: TypedArray|number[]): RowGroups {
  const n = indices.length;
  const groupOf = new Map<number, number>();
  const groupOfPair = new Int32Array(n);
  const counts: number[] = [];
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = indices[i];
    if (row < 0) {
      groupOfPair[i] = -1;
      continue;
    }
    let g = groupOf.get(row);
    if (g === undefined) {
      g = rows.length;
      groupOf.set(row, g);
      rows.push(row);
      counts.push(0);
    }
    groupOfPair[i] = g;
    counts[g]++;
  }
  const starts = new Int32Array(rows.length + 1);
  for (let g = 0; g < rows.length; g++) {
    starts[g + 1] = starts[g] + counts[g];
  }
  const next = starts.slice(0, rows.length);
  const order = new Int32Array(starts[rows.length]);
  for (let i = 0; i < n; i++) {
    if (groupOfPair[i] >= 0) order[next[groupOfPair[i]]++] = i;
  }
  return {rows: Int32Array.from(rows), starts, order};
}

/** The hyperparameters of an update, as the kernels' attributes carry them. */
export type ApplyAttrs = Record<string, number>;

/**
 * Adds up the gradient rows of group `g` into `out` (`rowSize` elements),
 * in input order, rounding each add to float32.
 */
export function groupGradient(
    groups: RowGroups, g: number, values: Float32Array, rowSize: number, out: Float32Array): void {
  out.fill(0);
  for (let k = groups.starts[g]; k < groups.starts[g + 1]; k++) {
    const offset = groups.order[k] * rowSize;
    for (let c = 0; c < rowSize; c++) {
      out[c] += values[offset + c];
    }
  }
}

/**
 * Applies `update(offset, g)` to every element of every looked-up row, with
 * `g` the element's summed gradient.
 */
function forEachElement(
    groups: RowGroups, values: Float32Array, rowSize: number,
    update: (offset: number, g: number) => void): void {
  const g = new Float32Array(rowSize);
  for (let group = 0; group < groups.rows.length; group++) {
    groupGradient(groups, group, values, rowSize, g);
    const base = groups.rows[group] * rowSize;
    for (let c = 0; c < rowSize; c++) {
      update(base + c, g[c]);
    }
  }
}

/** `tf.train.sgd`: value + (-lr) * g. */
export function applySgdRows(
    variable: Float32Array, groups: RowGroups, values: Float32Array, rowSize: number,
    attrs: ApplyAttrs): void {
  const c = fround(-attrs.learningRate);
  forEachElement(groups, values, rowSize, (o, g) => {
    variable[o] = fround(variable[o] + fround(c * g));
  });
}

/**
 * `tf.train.adagrad`: accum' = accum + g^2;
 * value' = value + (g / sqrt(accum' + epsilon)) * (-lr).
 */
export function applyAdagradRows(
    variable: Float32Array, accumulator: Float32Array, groups: RowGroups, values: Float32Array,
    rowSize: number, attrs: ApplyAttrs): void {
  const nlr = fround(-attrs.learningRate);
  const eps = fround(attrs.epsilon);
  forEachElement(groups, values, rowSize, (o, g) => {
    const a = fround(accumulator[o] + fround(g * g));
    accumulator[o] = a;
    const step = fround(g / fround(Math.sqrt(fround(a + eps))));
    variable[o] = fround(variable[o] + fround(step * nlr));
  });
}

/**
 * `tf.train.adam` on the looked-up rows only (lazy Adam):
 * m' = m * b1 + g * (1 - b1); v' = v * b2 + g^2 * (1 - b2);
 * value' = value + (m' / (1 - b1^t)) / (sqrt(v' / (1 - b2^t)) + epsilon) * (-lr),
 * with `1 - b^t` as tfjs's float32 accumulators give them (the attributes
 * `oneMinusAccBeta1`, `oneMinusAccBeta2`).
 */
export function applyLazyAdamRows(
    variable: Float32Array, m: Float32Array, v: Float32Array, groups: RowGroups,
    values: Float32Array, rowSize: number, attrs: ApplyAttrs): void {
  const b1 = fround(attrs.beta1);
  const b2 = fround(attrs.beta2);
  const oneMinusB1 = fround(1 - attrs.beta1);
  const oneMinusB2 = fround(1 - attrs.beta2);
  const c1 = fround(attrs.oneMinusAccBeta1);
  const c2 = fround(attrs.oneMinusAccBeta2);
  const eps = fround(attrs.epsilon);
  const nlr = fround(-attrs.learningRate);
  forEachElement(groups, values, rowSize, (o, g) => {
    const m1 = fround(fround(m[o] * b1) + fround(g * oneMinusB1));
    const v1 = fround(fround(v[o] * b2) + fround(fround(g * g) * oneMinusB2));
    m[o] = m1;
    v[o] = v1;
    const mHat = fround(m1 / c1);
    const vHat = fround(v1 / c2);
    const step = fround(mHat / fround(fround(Math.sqrt(vHat)) + eps));
    variable[o] = fround(variable[o] + fround(step * nlr));
  });
}

/** FTRL's `accum^(-lrPower)`: a square root for -0.5, as TensorFlow's kernel special-cases. */
function ftrlPower(accumulator: number, lrPower: number): number {
  return lrPower === -0.5 ? fround(Math.sqrt(accumulator)) :
                            fround(Math.pow(accumulator, -lrPower));
}

/**
 * TensorFlow's `ResourceSparseApplyFtrlV2` (training_ops.cc, the sparse FTRL
 * with l2 shrinkage) on the looked-up rows, one float32 operation at a time:
 * g' = g + (2 * shrinkage) * x; a' = a + g * g;
 * l' = l + (g' - ((a'^-p - a^-p) / lr) * x);
 * x' = (clamp(l', -l1, l1) - l') / (a'^-p / lr + 2 * l2).
 */
export function applyFtrlRows(
    variable: Float32Array, accumulator: Float32Array, linear: Float32Array, groups: RowGroups,
    values: Float32Array, rowSize: number, attrs: ApplyAttrs): void {
  const k = updateConstants(attrs);
  const [lr, p, l1, tl2, tws] = [k.lr, k.lrPower, k.l1, k.tl2, k.tws].map(fround);
  forEachElement(groups, values, rowSize, (o, g) => {
    const x = variable[o];
    const a = accumulator[o];
    const shrunk = fround(g + fround(tws * x));
    const a1 = fround(a + fround(g * g));
    const powNew = ftrlPower(a1, p);
    const l1New = fround(
        linear[o] + fround(shrunk - fround(fround(fround(powNew - ftrlPower(a, p)) / lr) * x)));
    const adjust = Math.min(Math.max(l1New, -l1), l1);
    linear[o] = l1New;
    variable[o] = fround(fround(adjust - l1New) / fround(fround(powNew / lr) + tl2));
    accumulator[o] = a1;
  });
}

/**
 * TensorFlow's `ResourceSparseApplyMomentum` on the looked-up rows:
 * a' = a * momentum + g; x' = x - lr * a', or with Nesterov
 * x' = x - (lr * g + a' * (lr * momentum)).
 */
export function applyMomentumRows(
    variable: Float32Array, momentum: Float32Array, groups: RowGroups, values: Float32Array,
    rowSize: number, attrs: ApplyAttrs): void {
  const k = updateConstants(attrs);
  const [lr, m, lrm] = [k.lr, k.momentum, k.lrm].map(fround);
  forEachElement(groups, values, rowSize, (o, g) => {
    const a1 = fround(fround(momentum[o] * m) + g);
    const step = k.nesterov ? fround(fround(lr * g) + fround(a1 * lrm)) : fround(lr * a1);
    variable[o] = fround(variable[o] - step);
    momentum[o] = a1;
  });
}

/**
 * FBGEMM's exact row-wise Adagrad on the looked-up rows: for each row r with
 * summed gradient g, a[r] += (g . g) / D (the squares added in column
 * order); then x[r] -= (lr / (sqrt(a[r]) + eps)) * g.
 */
export function applyRowwiseAdagradRows(
    variable: Float32Array, accumulator: Float32Array, groups: RowGroups, values: Float32Array,
    rowSize: number, attrs: ApplyAttrs): void {
  const lr = fround(attrs.learningRate);
  const eps = fround(attrs.epsilon);
  const g = new Float32Array(rowSize);
  for (let group = 0; group < groups.rows.length; group++) {
    groupGradient(groups, group, values, rowSize, g);
    const row = groups.rows[group];
    let squares = 0;
    for (let c = 0; c < rowSize; c++) squares = fround(squares + fround(g[c] * g[c]));
    const a1 = fround(accumulator[row] + fround(squares / rowSize));
    accumulator[row] = a1;
    const multiplier = fround(lr / fround(fround(Math.sqrt(a1)) + eps));
    const base = row * rowSize;
    for (let c = 0; c < rowSize; c++) {
      variable[base + c] = fround(variable[base + c] - fround(multiplier * g[c]));
    }
  }
}

/**
 * The update of kernel `op` (`SparseGradApply{SGD,Adagrad,LazyAdam}`) on
 * the looked-up rows of `variable` and its `slots` (in the kernel's input
 * order), written in place.
 */
export function applyRows(
    op: string, variable: Float32Array, slots: Float32Array[], groups: RowGroups,
    values: Float32Array, rowSize: number, attrs: ApplyAttrs): void {
  switch (op) {
    case 'SparseGradApplySGD':
      return applySgdRows(variable, groups, values, rowSize, attrs);
    case 'SparseGradApplyAdagrad':
      return applyAdagradRows(variable, slots[0], groups, values, rowSize, attrs);
    case 'SparseGradApplyLazyAdam':
      return applyLazyAdamRows(variable, slots[0], slots[1], groups, values, rowSize, attrs);
    case 'SparseGradApplyFtrl':
      return applyFtrlRows(variable, slots[0], slots[1], groups, values, rowSize, attrs);
    case 'SparseGradApplyMomentum':
      return applyMomentumRows(variable, slots[0], groups, values, rowSize, attrs);
    case 'SparseGradApplyRowwiseAdagrad':
      return applyRowwiseAdagradRows(variable, slots[0], groups, values, rowSize, attrs);
    default:
      throw new Error(`unknown sparse update ${op}`);
  }
}

/**
 * `SparseGradSumDuplicates` on plain arrays: each group's summed row (added
 * in input order) and its row, at the position of its first gradient row;
 * -1 and zeros elsewhere. Writes `outIndices` `[N]` and `outValues`
 * `[N * rowSize]` whole.
 */
export function sumDuplicateRows(
    groups: RowGroups, values: Float32Array, rowSize: number, outIndices: Int32Array,
    outValues: Float32Array): void {
  outIndices.fill(-1);
  outValues.fill(0);
  for (let g = 0; g < groups.rows.length; g++) {
    const first = groups.order[groups.starts[g]];
    outIndices[first] = groups.rows[g];
    groupGradient(
        groups, g, values, rowSize, outValues.subarray(first * rowSize, (first + 1) * rowSize));
  }
}

/** `SparseGradSumDuplicates`' outputs in new arrays (indices checked before). */
export function summedDuplicates(indices: TypedArray, values: Float32Array, rowSize: number):
    {indices: Int32Array, values: Float32Array} {
  const out = {
    indices: new Int32Array(indices.length),
    values: new Float32Array(indices.length * rowSize)
  };
  sumDuplicateRows(groupByRow(indices), values, rowSize, out.indices, out.values);
  return out;
}
