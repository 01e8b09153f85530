/**
 * WGSL of the forward `SparseSegment{Sum,Mean,SqrtN}[WithNumSegments]`
 * (and tfjs's `SparseSegmentMean` / `SparseSegmentSum`), reproducing TF's CPU
 * kernel's summation order: one invocation per (output row, column or 4
 * columns) finds its segment's run of sorted segment ids by binary search,
 * sums a first group of 2 to 9 rows (num & 7, or 8, or 9), scales it by a
 * float32 reciprocal for segments of fewer than 10 rows, adds further groups
 * of 8 rows each summed on their own, and divides segments of 10 or more
 * rows at the end. int32 data wraps on overflow, like TF's.
 *
 * Entries whose index is outside [0, numDataRows) read as 0 (only possible
 * when the indices could not be validated).
 */
import type {ProgramSpec} from './program_spec';

import {f32Literal, lowerBoundSnippet, ShaderDtype, wgslType} from './common.wgsl';

export interface SegmentReductionConstants extends Record<string, string|number> {
  reduction: 'sum'|'mean'|'sqrtn';
  dtype: ShaderDtype;
  width: number;
}

/** TF's float32 scale of a segment of `num` < 10 rows. */
function smallScale(reduction: 'mean'|'sqrtn', num: number): number {
  const m = reduction === 'mean' ? num : Math.fround(Math.sqrt(num));
  return Math.fround(1 / m);
}

function segmentReductionSource({reduction, dtype, width}: SegmentReductionConstants): string {
  const type = wgslType(dtype, width);
  let scaleSmall = '';
  let divideLarge = '';
  if (reduction !== 'sum') {
    const scales = [1, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(
        num => f32Literal(num < 2 ? 1 : smallScale(reduction, num)));
    scaleSmall = `
        if (num < 10) {
          acc = acc * scales[num];
        }`;
    divideLarge = `
        if (num >= 10) {
          acc = acc / ${reduction === 'mean' ? 'f32(num)' : 'sqrt(f32(num))'};
        }`;
    scaleSmall = `
        var scales = array<f32, 10>(${scales.join(', ')});` +
        scaleSmall;
  }
  return `
  ${lowerBoundSnippet('lowerBound', p => `segmentIds[${p}]`, 'uniforms.n')}

  fn rowOf(k : i32, col : i32) -> ${type} {
    let r = indices[k];
    if (r >= 0 && r < uniforms.numDataRows) {
      return data[r * uniforms.cols + col];
    }
    return ${type}(0);
  }

  fn main(index : i32) {
    if (index < uniforms.numRows * uniforms.cols) {
      let row = index / uniforms.cols;
      let col = index - row * uniforms.cols;
      let start = lowerBound(row);
      let end = max(lowerBound(row + 1), start);
      let num = end - start;
      var acc = ${type}(0);
      if (num == 1) {
        acc = rowOf(start, col);
      } else if (num > 1) {
        var first = num & 7;
        if (first == 0) {
          first = 8;
        } else if (first == 1) {
          first = 9;
        }
        first = min(first, num);
        acc = rowOf(start, col);
        for (var k = 1; k < first; k++) {
          acc = acc + rowOf(start + k, col);
        }${scaleSmall}
        for (var k = start + first; k + 8 <= end; k = k + 8) {
          var group = rowOf(k, col);
          for (var j = 1; j < 8; j++) {
            group = group + rowOf(k + j, col);
          }
          acc = acc + group;
        }${divideLarge}
      }
      result[index] = acc;
    }
  }`;
}

/** The `[numRows, cols * width]` output: one invocation per element (of `width`). */
export function segmentReductionProgram(constants: SegmentReductionConstants): ProgramSpec<
    SegmentReductionConstants, {n: 'i32', numRows: 'i32', cols: 'i32', numDataRows: 'i32'}> {
  const {width} = constants;
  return {
    name: 'segmentReduction',
    constants,
    source: segmentReductionSource,
    inputs: ['data', 'indices', 'segmentIds'],
    inputComponents: [width, 1, 1],
    outputComponent: width,
    workgroupSize: 64,
    uniforms: {n: 'i32', numRows: 'i32', cols: 'i32', numDataRows: 'i32'},
  };
}
