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

import {SparseGradApplyAdagrad, SparseGradApplyLazyAdam, SparseGradApplySGD} from '../../src/kernel_names';

const fround = Math.fround;

/**
 * The steps of the updates on the GPU backends, each computing the new
 * looked-up rows of one tensor (the variable or a slot).
 */
export type UpdateStep =
    'sgd'|'adagradAccumulator'|'adagradVariable'|'adamM'|'adamV'|'adamVariable';

/**
 * Each update's steps, in the order they run (a slot before the variable
 * that reads it), with the input each one rewrites.
 */
export const UPDATE_STEPS: Record<string, Array<[UpdateStep, string]>> = {
  [SparseGradApplySGD]: [['sgd', 'variable']],
  [SparseGradApplyAdagrad]:
      [['adagradAccumulator', 'accumulator'], ['adagradVariable', 'variable']],
  [SparseGradApplyLazyAdam]: [['adamM', 'm'], ['adamV', 'v'], ['adamVariable', 'variable']],
};

/** The constants of `updateConstants` each step reads. */
export const STEP_CONSTANTS: Record<UpdateStep, string[]> = {
  sgd: ['nlr'],
  adagradAccumulator: [],
  adagradVariable: ['nlr', 'eps'],
  adamM: ['b1', 'omb1'],
  adamV: ['b2', 'omb2'],
  adamVariable: ['nlr', 'eps', 'c1', 'c2'],
};

/**
 * The scalars of the update formulas, named as the GPU programs read them
 * (shaders/webgl/sparse_apply.glsl.ts, shaders/webgpu/sparse_apply.wgsl.ts):
 * `nlr` = -learning rate, `eps` = epsilon, `b1`/`b2` = the betas,
 * `omb1`/`omb2` = 1 - the betas, `c1`/`c2` = 1 - beta^t.
 */
export function updateConstants(attrs: Record<string, number>): Record<string, number> {
  return {
    nlr: -attrs.learningRate,
    eps: attrs.epsilon,
    b1: attrs.beta1,
    b2: attrs.beta2,
    omb1: 1 - attrs.beta1,
    omb2: 1 - attrs.beta2,
    c1: attrs.oneMinusAccBeta1,
    c2: attrs.oneMinusAccBeta2,
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
function groupGradient(
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
    default:
      throw new Error(`unknown sparse update ${op}`);
  }
}
