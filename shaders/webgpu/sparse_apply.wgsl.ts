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
 *   read and written at the same element by a single invocation. Each
 *   formula is tfjs's dense optimizer's, one float32 operation at a time.
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

/** The programs of the updates: the gradient sum, then one step per written tensor. */
export type ApplyStep = 'gradientSum'|UpdateStep;

/** Inputs of each step, in binding order. */
export const APPLY_STEP_INPUTS: Record<ApplyStep, string[]> = {
  gradientSum: ['pairs', 'values'],
  sgd: ['pairs', 'grads'],
  adagradAccumulator: ['pairs', 'grads'],
  adagradVariable: ['pairs', 'grads', 'accumulator'],
  adamM: ['pairs', 'grads'],
  adamV: ['pairs', 'grads'],
  adamVariable: ['pairs', 'm', 'v'],
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
  ...STEP_CONSTANTS
};

/** The new value of element o of the tensor updated in place; g is the summed gradient. */
const NEW_VALUE: Record<Exclude<ApplyStep, 'gradientSum'>, string> = {
  sgd: 'result[o] + uniforms.nlr * g',
  adagradAccumulator: 'result[o] + g * g',
  adagradVariable: 'result[o] + (g / sqrt(accumulator[o] + uniforms.eps)) * uniforms.nlr',
  adamM: 'result[o] * uniforms.b1 + g * uniforms.omb1',
  adamV: 'result[o] * uniforms.b2 + (g * g) * uniforms.omb2',
  adamVariable:
      'result[o] + ((m[o] / uniforms.c1) / (sqrt(v[o] / uniforms.c2) + uniforms.eps)) * uniforms.nlr',
};

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
  if (step === 'gradientSum') {
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
    result[index] = g;
  }`;
  }
  const usesGradient = APPLY_STEP_INPUTS[step].includes('grads');
  return `${common}
  fn main(index : i32) {
    let j = index / uniforms.rowSize;
    let c = index - j * uniforms.rowSize;
    if (j >= uniforms.n || !isHead(j)) {
      return;
    }
    let o = rowAt(j) * uniforms.rowSize + c;
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
