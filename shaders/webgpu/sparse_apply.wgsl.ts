/**
 * WGSL of the sparse optimizers' in-place updates on webgpu. The gradient
 * rows come grouped by variable row, each group in input order, as
 * `pairs` of (variable row, gradient row): from the CPU grouping of
 * CPU-held indices (two i32 per pair), or from the GPU radix sort
 * (radix_sort.ts; one i32 `row << valueBits | gradient row` when packed).
 * A pair whose row is outside [0, numRows) (padding, or a sort sentinel) is
 * in no group.
 *
 * - `gradientSum`: at the first pair j of each group (its head), the sum of
 *   the group's gradient rows, in input order, into row j of `result`.
 * - the update steps: at each head, the new value of the group's variable
 *   (or slot) row, written in place: `result` is the tensor being updated,
 *   read and written at the same element by a single invocation. The steps
 *   of an update run in UPDATE_STEPS' order, so a step reads the tensors
 *   earlier steps rewrote as they are now and the others as they were. Each
 *   formula is tfjs's dense optimizer's or TensorFlow's sparse apply op's,
 *   one float32 operation at a time (kernels/shared/sparse_apply_impl.ts
 *   spells out the same). Row-wise Adagrad's accumulator has one value per
 *   row: the head's invocation of column 0 writes it.
 * - `sumValues` and `sumIndices` (`SparseGradSumDuplicates`): at each head,
 *   the group's summed row and its variable row, written at the position of
 *   the group's first gradient row (the outputs are zeros and -1 before).
 */
import {STEP_CONSTANTS} from '../../kernels/shared/sparse_apply_impl';
import type {UpdateStep} from '../../kernels/shared/sparse_apply_impl';
import type {ProgramSpec, Uniforms} from './program_spec';

const WORKGROUP = 64;

/** How `pairs` holds (variable row, gradient row). */
export type PairLayout = 'pairs'|'packed';

export interface ApplyConstants extends Record<string, string> {
  layout: PairLayout;
  step: ApplyStep;
}

/**
 * The programs of the updates (the gradient sum, then one step per written
 * tensor) and of `SparseGradSumDuplicates`.
 */
export type ApplyStep = 'gradientSum'|'sumValues'|'sumIndices'|UpdateStep;

/** Inputs of each step, in binding order. */
export const APPLY_STEP_INPUTS: Record<ApplyStep, string[]> = {
  gradientSum: ['pairs', 'values'],
  sgd: ['pairs', 'grads'],
  adagradAccumulator: ['pairs', 'grads'],
  adagradVariable: ['pairs', 'grads', 'accumulator'],
  adamM: ['pairs', 'grads'],
  adamV: ['pairs', 'grads'],
  adamVariable: ['pairs', 'm', 'v'],
  ftrlLinear: ['pairs', 'grads', 'accumulator', 'variable'],
  ftrlVariable: ['pairs', 'grads', 'accumulator', 'linear'],
  ftrlAccumulator: ['pairs', 'grads'],
  momentumVariable: ['pairs', 'grads', 'momentum'],
  momentumAccumulator: ['pairs', 'grads'],
  rowwiseAccumulator: ['pairs', 'grads'],
  rowwiseVariable: ['pairs', 'grads', 'accumulator'],
  sumValues: ['pairs', 'values'],
  sumIndices: ['pairs'],
};

/** Uniforms of every step: the pairs, the variable's rows and the row size. */
const PAIR_UNIFORMS = {
  n: 'i32',
  numRows: 'i32',
  rowSize: 'i32',
  /** Bits of the gradient row in a packed pair. */
  valueBits: 'i32',
} as const;

/** The f32 uniforms each step reads besides PAIR_UNIFORMS. */
const STEP_FLOATS: Record<ApplyStep, string[]> = {
  gradientSum: [],
  sumValues: [],
  sumIndices: [],
  ...STEP_CONSTANTS
};

/**
 * The new value of element o of the tensor updated in place; g is the
 * summed gradient, row the variable row (row-wise Adagrad's steps).
 */
const NEW_VALUE: Record<Exclude<ApplyStep, 'gradientSum'|'sumValues'|'sumIndices'>, string> = {
  sgd: 'result[o] + uniforms.nlr * g',
  adagradAccumulator: 'result[o] + g * g',
  adagradVariable: 'result[o] + (g / sqrt(accumulator[o] + uniforms.eps)) * uniforms.nlr',
  adamM: 'result[o] * uniforms.b1 + g * uniforms.omb1',
  adamV: 'result[o] * uniforms.b2 + (g * g) * uniforms.omb2',
  adamVariable:
      'result[o] + ((m[o] / uniforms.c1) / (sqrt(v[o] / uniforms.c2) + uniforms.eps)) * uniforms.nlr',
  ftrlLinear: 'result[o] + ((g + uniforms.tws * variable[o]) - ' +
      '((ftrlPower(accumulator[o] + g * g) - ftrlPower(accumulator[o])) / uniforms.lr) * variable[o])',
  ftrlVariable: '(clamp(linear[o], -uniforms.l1, uniforms.l1) - linear[o]) / ' +
      '(ftrlPower(accumulator[o] + g * g) / uniforms.lr + uniforms.tl2)',
  ftrlAccumulator: 'result[o] + g * g',
  momentumVariable: 'result[o] - select(uniforms.lr * (momentum[o] * uniforms.momentum + g), ' +
      'uniforms.lr * g + (momentum[o] * uniforms.momentum + g) * uniforms.lrm, ' +
      'uniforms.nesterov != 0.0)',
  momentumAccumulator: 'result[o] * uniforms.momentum + g',
  rowwiseAccumulator: 'result[row] + squares / f32(uniforms.rowSize)',
  rowwiseVariable: 'result[o] - (uniforms.lr / (sqrt(accumulator[row]) + uniforms.eps)) * g',
};

/** FTRL's `a^(-lrPower)`: a square root for -0.5, as TensorFlow's kernel special-cases. */
const FTRL_POWER = `
  fn ftrlPower(a : f32) -> f32 {
    if (uniforms.lrPower == -0.5) {
      return sqrt(a);
    }
    if (uniforms.lrPower == 0.0) {
      return 1.0;
    }
    return pow(a, -uniforms.lrPower);
  }`;

function sparseApplySource({layout, step}: ApplyConstants): string {
  const rowAt = layout === 'packed' ? 'pairs[j] >> u32(uniforms.valueBits)' : 'pairs[2 * j]';
  const posAt =
      layout === 'packed' ? 'pairs[j] & ((1 << u32(uniforms.valueBits)) - 1)' : 'pairs[2 * j + 1]';
  const common = `
  fn rowAt(j : i32) -> i32 {
    return ${rowAt};
  }
  fn posAt(j : i32) -> i32 {
    return ${posAt};
  }
  // Whether pair j starts a group: a valid row, not the previous pair's.
  fn isHead(j : i32) -> bool {
    let row = rowAt(j);
    return row >= 0 && row < uniforms.numRows && (j == 0 || rowAt(j - 1) != row);
  }`;
  if (step === 'gradientSum' || step === 'sumValues') {
    // The sum at the head's own row of the sums, or at the group's first
    // gradient row.
    const at = step === 'gradientSum' ? 'index' : 'posAt(j) * uniforms.rowSize + c';
    return `${common}
  fn main(index : i32) {
    let j = index / uniforms.rowSize;
    let c = index - j * uniforms.rowSize;
    if (j >= uniforms.n || !isHead(j)) {
      return;
    }
    let row = rowAt(j);
    var g = 0.0;
    for (var k = j; k < uniforms.n && rowAt(k) == row; k++) {
      g = g + values[posAt(k) * uniforms.rowSize + c];
    }
    result[${at}] = g;
  }`;
  }
  if (step === 'sumIndices') {
    return `${common}
  fn main(j : i32) {
    if (j < uniforms.n && isHead(j)) {
      result[posAt(j)] = rowAt(j);
    }
  }`;
  }
  const usesGradient = APPLY_STEP_INPUTS[step].includes('grads');
  const power = step === 'ftrlLinear' || step === 'ftrlVariable' ? FTRL_POWER : '';
  if (step === 'rowwiseAccumulator') {
    return `${common}
  fn main(index : i32) {
    let j = index / uniforms.rowSize;
    let c = index - j * uniforms.rowSize;
    if (j >= uniforms.n || c != 0 || !isHead(j)) {
      return;
    }
    let row = rowAt(j);
    // The squares of the row's summed gradient, in column order.
    var squares = 0.0;
    for (var k = 0; k < uniforms.rowSize; k++) {
      let g = grads[index + k];
      squares = squares + g * g;
    }
    result[row] = ${NEW_VALUE[step]};
  }`;
  }
  return `${common}${power}
  fn main(index : i32) {
    let j = index / uniforms.rowSize;
    let c = index - j * uniforms.rowSize;
    if (j >= uniforms.n || !isHead(j)) {
      return;
    }
    let row = rowAt(j);
    let o = row * uniforms.rowSize + c;
    ${usesGradient ? 'let g = grads[index];' : ''}
    result[o] = ${NEW_VALUE[step]};
  }`;
}

/**
 * One step: one invocation per (pair, column); only the heads of groups
 * write. `result` is the new `[n, rowSize]` gradient sum for
 * 'gradientSum', else the tensor updated in place.
 */
export function sparseApplyProgram(constants: ApplyConstants):
    ProgramSpec<ApplyConstants, Uniforms> {
  const floats = Object.fromEntries(STEP_FLOATS[constants.step].map(name => [name, 'f32']));
  return {
    name: `sparseApply_${constants.step}`,
    constants,
    source: sparseApplySource,
    inputs: APPLY_STEP_INPUTS[constants.step],
    workgroupSize: WORKGROUP,
    uniforms: {...PAIR_UNIFORMS, ...floats},
  };
}

/** `result[i] = x[i]`: a copy into a buffer of its own. */
function copySource(): string {
  return `
  fn main(index : i32) {
    if (index < uniforms.n) {
      result[index] = x[index];
    }
  }`;
}

/** The copy: one invocation per element. */
export function copyProgram(): ProgramSpec<Record<string, never>, {n: 'i32'}> {
  return {
    name: 'ownedCopy',
    constants: {},
    source: copySource,
    inputs: ['x'],
    workgroupSize: 256,
    uniforms: {n: 'i32'},
  };
}
