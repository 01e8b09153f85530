/**
 * The forward `SparseSegment{Sum,Mean,SqrtN}[WithNumSegments]`: one
 * fragment per output element reduces its segment's rows in TensorFlow's
 * CPU order (see kernels/shared/sparse_segment_reduction_impl.ts): a
 * first group of 2 to 9 rows, scaled for segments under 10 rows, then
 * groups of 8 rows each summed on their own and added, then a division for
 * segments of 10 rows or more. Float32 rounds after every step like the cpu
 * kernel; int32 adds wrap.
 */
import type {ProgramSpec} from './program_spec';
import type {SegmentReduction} from '../../src/kernel_names';

import {EXACT_MATH} from './exact_math.glsl';

/** TF's float32 scale of a segment of 2..9 rows, as exact bit patterns. */
function smallScales(reduction: SegmentReduction): string {
  const bits = new Uint32Array(1);
  const f = new Float32Array(bits.buffer);
  const entries: string[] = [];
  for (let num = 0; num < 10; num++) {
    const m = reduction === 'mean' ? num : Math.fround(Math.sqrt(num));
    f[0] = num < 2 ? 1 : Math.fround(1 / m);
    entries.push(`uintBitsToFloat(${bits[0]}u)`);
  }
  return `const float SMALL_SCALE[10] = float[10](${entries.join(', ')});`;
}

/**
 * Inputs: D (data), I (indices), R (run starts of the sorted segment ids:
 * segment s is pairs [R[s], R[s + 1])); numRows output rows of rowSize
 * elements. An index outside [0, numDataRows) (possible only without
 * validation) reads as 0.
 */
export function segmentReductionProgram(reduction: SegmentReduction, isInt: boolean):
    ProgramSpec<{numRows: 'int', rowSize: 'int', numDataRows: 'int'}> {
  const T = isInt ? 'int' : 'float';
  const zero = isInt ? '0' : '0.0';
  return {
    name: 'segmentReduction',
    inputs: ['D', 'I', 'R'],
    uniforms: {numRows: 'int', rowSize: 'int', numDataRows: 'int'},
    main: `
    ${reduction === 'sqrtn' ? EXACT_MATH : ''}
    ${reduction === 'sum' ? '' : smallScales(reduction)}
    int rowSize_;
    int column_;
    ${T} value(int k) {
      int index = fetchIInt(k);
      if (index < 0 || index >= numDataRows) return ${zero};
      return ${isInt ? 'fetchDInt' : 'fetchD'}(index * rowSize_ + column_);
    }
    void main() {
      int flatIndex = outputFlatIndex();
      int segment = flatIndex / rowSize;
      column_ = flatIndex - segment * rowSize;
      rowSize_ = rowSize;
      if (segment >= numRows) {
        setOutput(0.0);
        return;
      }
      int start = fetchRInt(segment);
      int end = fetchRInt(segment + 1);
      int num = end - start;
      if (num <= 0) {
        setOutput(0.0);
        return;
      }
      ${T} acc = value(start);
      if (num > 1) {
        int first = num & 7;
        first = first == 0 ? 8 : (first == 1 ? 9 : first);
        for (int k = 1; k < first; k++) acc += value(start + k);
        ${reduction === 'sum' ? '' : 'if (num < 10) acc *= SMALL_SCALE[num];'}
        for (int k = start + first; k < end; k += 8) {
          ${T} group = value(k);
          for (int j = 1; j < 8; j++) group += value(k + j);
          acc += group;
        }
        ${reduction === 'mean' ? 'if (num >= 10) acc /= float(num);' : ''}
        ${reduction === 'sqrtn' ? 'if (num >= 10) acc /= sqrtExact(uint(num));' : ''}
      }
      setOutput(float(acc));
    }`,
  };
}
