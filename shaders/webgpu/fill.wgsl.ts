/** WGSL of a zero fill: `result[i] = 0`. */
import {ShaderDtype, wgslType} from './common.wgsl';

export interface FillConstants extends Record<string, string> {
  dtype: ShaderDtype;
}

export function fillSource({dtype}: FillConstants): string {
  return `
  fn main(index : i32) {
    if (index < uniforms.n) {
      result[index] = ${wgslType(dtype)}(0);
    }
  }`;
}
