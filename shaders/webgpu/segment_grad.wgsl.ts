/**
 * WGSL of `SparseSegment{Sum,Mean,SqrtN}Grad[V2]` after the pairs are sorted
 * by output row (radix_sort.wgsl.ts):
 *
 * - `countSegments`: pairs per segment (integer atomics: the count, not the
 *   order, is what matters, so it is deterministic).
 * - `segmentScales`: 1, 1/count or 1/sqrt(count) per segment, looked up in a
 *   float32 table computed on the CPU in float64 and rounded once, exactly
 *   as TF's CPU kernel rounds it (a float32 1/sqrt on the GPU differs in the
 *   last bit for about a quarter of the counts).
 * - `rowStarts`: where each output row's pairs start in the sorted pairs.
 * - `reduceRows`: one invocation per (output row, column or 4 columns) adds
 *   the row's contributions in sorted order, which is input order (the sort
 *   is stable): `acc = acc + g * scale`, rounded like the CPU's
 *   `out += fround(g * scale)`. Every output element is written once, so no
 *   atomics and no zero fill; empty rows get 0.
 */
import {lowerBoundSnippet, wgslType} from './common.wgsl';

/** `result[seg]` += 1 for each valid pair (result is zeroed first). */
export function countSegmentsSource(): string {
  return `
  fn main(index : i32) {
    if (index < uniforms.n) {
      let key = keys[index];
      let seg = segments[index];
      if (key >= 0 && key < uniforms.keyLimit && seg >= 0 &&
          seg < uniforms.numSegments) {
        atomicAdd(&result[seg], 1);
      }
    }
  }`;
}

/** `result[seg]` = `table[count[seg]]`. */
export function segmentScalesSource(): string {
  return `
  fn main(index : i32) {
    if (index < uniforms.numSegments) {
      result[index] = table[clamp(counts[index], 0, uniforms.tableSize - 1)];
    }
  }`;
}

/** `result[row]` = the first sorted pair whose key is >= row, for row in [0, numRows]. */
export function rowStartsSource(): string {
  return `
  ${lowerBoundSnippet('lowerBound', p => `pairs[2 * ${p}]`, 'uniforms.n')}

  fn main(index : i32) {
    if (index <= uniforms.numRows) {
      result[index] = lowerBound(index);
    }
  }`;
}

export interface ReduceRowsConstants extends Record<string, string|number> {
  /** 'sum' adds rows as they are; 'scaled' multiplies each by its segment's scale. */
  mode: 'sum'|'scaled';
  /** Columns per invocation: 4 (vec4 loads and stores) or 1. */
  width: number;
}

/**
 * `result[row, col]` = the sum over the row's sorted pairs of
 * `grad[seg, col]` (times `segScale[seg]`), in sorted order.
 */
export function reduceRowsSource({mode, width}: ReduceRowsConstants): string {
  const type = wgslType('float32', width);
  const term = mode === 'sum' ? 'g' : 'g * segScale[seg]';
  return `
  fn main(index : i32) {
    if (index < uniforms.numRows * uniforms.cols) {
      let row = index / uniforms.cols;
      let col = index - row * uniforms.cols;
      let start = rowStarts[row];
      let end = rowStarts[row + 1];
      var acc = ${type}(0.0);
      for (var p = start; p < end; p++) {
        let seg = pairs[2 * p + 1];
        let g = grad[seg * uniforms.cols + col];
        acc = acc + ${term};
      }
      result[index] = acc;
    }
  }`;
}
