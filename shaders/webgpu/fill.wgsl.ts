/** WGSL of a fill with a small integer: `result[i] = value`. */
import {ShaderDtype, wgslType} from './common.wgsl';
import type {ProgramSpec} from './program_spec';

export interface FillConstants extends Record<string, string|number> {
  dtype: ShaderDtype;
  /** An integer (exact in float32 too). */
  value: number;
}

function fillSource({dtype, value}: FillConstants): string {
  return `
  fn main(index : i32) {
    if (index < uniforms.n) {
      result[index] = ${wgslType(dtype)}(${Math.trunc(value)});
    }
  }`;
}

/** The fill program: one invocation per element. */
export function fillProgram(constants: FillConstants): ProgramSpec<FillConstants, {n: 'i32'}> {
  return {
    name: 'fill',
    constants,
    source: fillSource,
    inputs: [],
    workgroupSize: 256,
    uniforms: {n: 'i32'},
  };
}
