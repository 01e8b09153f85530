/**
 * WGSL of the validity guard of the webgpu kernels whose index inputs live
 * only on the GPU (lib/guard.ts): a pass that sets a flag when any entry is
 * invalid, as TensorFlow's checks define it, and a pass that then overwrites
 * an output with NaN (float32) or INT32_MIN (int32), so that an invalid
 * call never leaves a plausible answer.
 *
 * - `validity`: one invocation per entry; an invalid one does
 *   `atomicOr(&result[0], 1)` on the zeroed flag (the order does not matter).
 * - `sliceValidity`: SparseSliceGrad's greedy merge of the input rows with
 *   the output rows, by one invocation; the flag is set when some output row
 *   matched no input row (TF: "Elements of backprop_val_grad aren't all
 *   propagated").
 * - `poison`: one invocation per output element.
 */
import type {ProgramSpec} from './program_spec';

import type {ShaderDtype} from './common.wgsl';
import {MATCHES_ROW} from './slice_grad.wgsl';

/** Which of TensorFlow's checks an entry must pass. */
export type ValidityCheck =
    /**
       The segment gradients: `0 <= indices[i] < outputDim0`, `0 <= segmentIds[i] < numSegments`.
     */
    'segmentGrad'|
    /**
     * The forward reductions with `numSegments`: `0 <= indices[i] < numDataRows`,
     * `0 <= segmentIds[i] < numSegments`, segment ids not decreasing.
     */
    'segmentReduction'|
    /** UnsortedSegmentSum: `segmentIds[i] < numSegments` (negative ids are dropped). */
    'unsortedSegmentSum'|
    /** SparseFillEmptyRowsGrad: `0 <= reverseIndexMap[i] < nFull`. */
    'fillEmptyRowsGrad'|
    /** The sparse updates: `indices[i] < numRows` (negative ids are padding). */
    'sparseApply';

/** The inputs of each check. */
const CHECK_INPUTS: Record<ValidityCheck, string[]> = {
  segmentGrad: ['indices', 'segmentIds'],
  segmentReduction: ['indices', 'segmentIds'],
  unsortedSegmentSum: ['segmentIds'],
  fillEmptyRowsGrad: ['reverseIndexMap'],
  sparseApply: ['indices'],
};

/** The condition under which entry `i` is invalid. */
const INVALID: Record<ValidityCheck, string> = {
  segmentGrad: `indices[i] < 0 || indices[i] >= uniforms.bound0 ||
        segmentIds[i] < 0 || segmentIds[i] >= uniforms.bound1`,
  segmentReduction: `indices[i] < 0 || indices[i] >= uniforms.bound0 ||
        segmentIds[i] < 0 || segmentIds[i] >= uniforms.bound1 ||
        (i + 1 < uniforms.n && segmentIds[i + 1] < segmentIds[i])`,
  unsortedSegmentSum: `segmentIds[i] >= uniforms.bound1`,
  fillEmptyRowsGrad: `reverseIndexMap[i] < 0 || reverseIndexMap[i] >= uniforms.bound0`,
  sparseApply: `indices[i] >= uniforms.bound0`,
};

export interface ValidityConstants extends Record<string, string> {
  check: ValidityCheck;
}

function validitySource({check}: ValidityConstants): string {
  return `
  fn main(index : i32) {
    let i = index;
    if (i < uniforms.n) {
      if (${INVALID[check]}) {
        atomicOr(&result[0], 1);
      }
    }
  }`;
}

/**
 * The flag (atomic int32 `[1]`, zeroed first) of `n` entries; `bound0` and
 * `bound1` are the check's bounds (see `ValidityCheck`; unused ones 0).
 */
export function validityProgram(constants: ValidityConstants):
    ProgramSpec<ValidityConstants, {n: 'i32', bound0: 'i32', bound1: 'i32'}> {
  return {
    name: 'guardValidity',
    constants,
    source: validitySource,
    inputs: CHECK_INPUTS[constants.check],
    workgroupSize: 64,
    atomic: true,
    uniforms: {n: 'i32', bound0: 'i32', bound1: 'i32'},
  };
}

function sliceValiditySource(): string {
  return `
  ${MATCHES_ROW}
  fn main(index : i32) {
    if (index == 0) {
      var j = 0;
      for (var i = 0; i < uniforms.nnzIn && j < uniforms.nnzOut; i++) {
        if (matches(i, j)) {
          j = j + 1;
        }
      }
      if (j < uniforms.nnzOut) {
        atomicOr(&result[0], 1);
      }
    }
  }`;
}

/** The flag of SparseSliceGrad's merge, by one invocation. */
export function sliceValidityProgram():
    ProgramSpec<Record<string, never>, {nnzIn: 'i32', nnzOut: 'i32', rank: 'i32'}> {
  return {
    name: 'guardSliceValidity',
    constants: {},
    source: sliceValiditySource,
    inputs: ['inputIndices', 'inputStart', 'outputIndices'],
    workgroupSize: 1,
    atomic: true,
    uniforms: {nnzIn: 'i32', nnzOut: 'i32', rank: 'i32'},
  };
}

export interface PoisonConstants extends Record<string, string> {
  dtype: ShaderDtype;
}

function poisonSource({dtype}: PoisonConstants): string {
  // The bits come as a uniform: WGSL rejects a NaN constant expression.
  const poison = dtype === 'float32' ? 'bitcast<f32>(uniforms.poisonBits)' : 'uniforms.poisonBits';
  return `
  fn main(index : i32) {
    if (index < uniforms.n && flag[0] != 0) {
      result[index] = ${poison};
    }
  }`;
}

/**
 * The bits written into the output when the flag is set: a quiet NaN for
 * float32 (0x7fc00000), INT32_MIN for int32.
 */
export const POISON_BITS = {
  float32: 0x7fc00000,
  int32: -2147483648
} as const;

/**
 * `poisonBits` (POISON_BITS) into every element of the output when the flag
 * is set.
 */
export function poisonProgram(constants: PoisonConstants):
    ProgramSpec<PoisonConstants, {n: 'i32', poisonBits: 'i32'}> {
  return {
    name: 'guardPoison',
    constants,
    source: poisonSource,
    inputs: ['flag'],
    workgroupSize: 256,
    uniforms: {n: 'i32', poisonBits: 'i32'},
  };
}
