/**
 * WGSL of `SparseSliceGrad` when the index inputs are on the GPU: TF's CPU
 * kernel's greedy in-order merge, run by one invocation (each match depends
 * on the previous one): output row j, shifted by `inputStart`, goes to the
 * first input row at or after the previous match that equals it; every
 * other input row gets 0. Values are copied, never summed.
 */
import type {ProgramSpec} from './program_spec';

import {ShaderDtype, wgslType} from './common.wgsl';

export interface SliceGradConstants extends Record<string, string> {
  dtype: ShaderDtype;
}

/**
 * `matches(i, j)`: whether input row i equals output row j shifted by
 * `inputStart` (the merge's step; also run by the guard, guard.wgsl.ts).
 */
export const MATCHES_ROW = `
  fn matches(i : i32, j : i32) -> bool {
    let rank = uniforms.rank;
    for (var d = 0; d < rank; d++) {
      if (inputIndices[i * rank + d] != outputIndices[j * rank + d] + inputStart[d]) {
        return false;
      }
    }
    return true;
  }`;

function greedyMergeSource({dtype}: SliceGradConstants): string {
  return `
  ${MATCHES_ROW}
  fn main(index : i32) {
    if (index == 0) {
      var j = 0;
      for (var i = 0; i < uniforms.nnzIn; i++) {
        var v = ${wgslType(dtype)}(0);
        if (j < uniforms.nnzOut && matches(i, j)) {
          v = backpropValGrad[j];
          j = j + 1;
        }
        result[i] = v;
      }
    }
  }`;
}

/** The `[nnzIn]` gradient, by one invocation (the merge is serial). */
export function greedyMergeProgram(constants: SliceGradConstants):
    ProgramSpec<SliceGradConstants, {nnzIn: 'i32', nnzOut: 'i32', rank: 'i32'}> {
  return {
    name: 'sliceGradGreedyMerge',
    constants,
    source: greedyMergeSource,
    inputs: ['backpropValGrad', 'inputIndices', 'inputStart', 'outputIndices'],
    workgroupSize: 1,
    uniforms: {nnzIn: 'i32', nnzOut: 'i32', rank: 'i32'},
  };
}
