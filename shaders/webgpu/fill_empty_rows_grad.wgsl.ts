/**
 * WGSL of `SparseFillEmptyRowsGrad`:
 *
 * - `gatherValues`: `dValues[i] = gradValues[reverseIndexMap[i]]` (0 for an
 *   entry outside [0, nFull), which only unvalidated input can have).
 * - `markVisited`: flags the slots some entry maps to (an atomic store of 1:
 *   racing stores of the same value, no order to depend on).
 * - `sumUnvisited`: `dDefaultValue` = the unflagged gradients added one by
 *   one in ascending order, as TF's CPU loop adds them (float32 rounding
 *   after each add, int32 wrapping): one invocation, so the order is exactly
 *   the CPU's and the result bit-identical.
 */
import {ShaderDtype, wgslType} from './common.wgsl';

export interface FillGradConstants extends Record<string, string> {
  dtype: ShaderDtype;
}

export function gatherValuesSource({dtype}: FillGradConstants): string {
  return `
  fn main(index : i32) {
    if (index < uniforms.n) {
      let r = reverseIndexMap[index];
      var v = ${wgslType(dtype)}(0);
      if (r >= 0 && r < uniforms.nFull) {
        v = gradValues[r];
      }
      result[index] = v;
    }
  }`;
}

export function markVisitedSource(): string {
  return `
  fn main(index : i32) {
    if (index < uniforms.n) {
      let r = reverseIndexMap[index];
      if (r >= 0 && r < uniforms.nFull) {
        atomicStore(&result[r], 1);
      }
    }
  }`;
}

export function sumUnvisitedSource({dtype}: FillGradConstants): string {
  return `
  fn main(index : i32) {
    if (index == 0) {
      var acc = ${wgslType(dtype)}(0);
      for (var j = 0; j < uniforms.nFull; j++) {
        if (visited[j] == 0) {
          acc = acc + gradValues[j];
        }
      }
      result[0] = acc;
    }
  }`;
}
