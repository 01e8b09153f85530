/**
 * WGSL of a gather by source position, shared by the kernels whose index
 * metadata is worked out on the CPU (SparseSlice, SparseFillEmptyRows, and
 * SparseSliceGrad with CPU-held indices):
 * `result[i] = values[source[i]]`, or the default where `source[i]` is
 * outside [0, numValues). Values are copied, never rounded.
 */
import {ShaderDtype, wgslType} from './common.wgsl';
import type {ProgramSpec} from './program_spec';

export interface GatherConstants extends Record<string, string|boolean> {
  dtype: ShaderDtype;
  /** There is a `values` input (false when it would be empty). */
  hasValues: boolean;
  /** The default is `defaultValue[0]` (else 0). */
  hasDefaultInput: boolean;
}

function gatherSource({dtype, hasValues, hasDefaultInput}: GatherConstants): string {
  const type = wgslType(dtype);
  const fallback = hasDefaultInput ? 'defaultValue[0]' : `${type}(0)`;
  return `
  fn main(index : i32) {
    if (index < uniforms.n) {
      var v = ${fallback};
      ${
      hasValues ? `let s = source[index];
      if (s >= 0 && s < uniforms.numValues) {
        v = values[s];
      }` :
                  ''}
      result[index] = v;
    }
  }`;
}

/** The gather program: one invocation per output element. */
export function gatherProgram(constants: GatherConstants):
    ProgramSpec<GatherConstants, {n: 'i32', numValues: 'i32'}> {
  return {
    name: 'gather',
    constants,
    source: gatherSource,
    inputs: [
      ...(constants.hasValues ? ['source', 'values'] : []),
      ...(constants.hasDefaultInput ? ['defaultValue'] : []),
    ],
    workgroupSize: 64,
    uniforms: {n: 'i32', numValues: 'i32'},
  };
}
