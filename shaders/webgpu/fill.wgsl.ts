/** WGSL of a fill with a small integer: `result[i] = value`. */
import {ShaderDtype, wgslType} from './common.wgsl';

export interface FillConstants extends Record<string, string|number> {
  dtype: ShaderDtype;
  /** An integer (exact in float32 too). */
  value: number;
}

export function fillSource({dtype, value}: FillConstants): string {
  return `
  fn main(index : i32) {
    if (index < uniforms.n) {
      result[index] = ${wgslType(dtype)}(${Math.trunc(value)});
    }
  }`;
}
