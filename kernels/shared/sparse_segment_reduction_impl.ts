/**
 * The arithmetic of the forward `SparseSegment{Sum,Mean,SqrtN}[WithNumSegments]`
 * on typed arrays, reproducing TensorFlow's CPU kernel bit for bit.
 *
 * TF does not add a segment's rows one by one: it sums a first group of
 * 2 to 9 rows (num & 7, or 8 or 9), scales it, then adds further groups of
 * 8 rows, each group summed on its own first. Mean and SqrtN scale by a
 * float32 reciprocal for segments of fewer than 10 rows and divide at the
 * end for larger ones. Each step rounds to float32 (or wraps, for int32).
 */
import type {TypedArray} from '@tensorflow/tfjs-core';

import type {SegmentReduction} from '../../src/kernel_names';
import {forEachSegment, SegmentReductionGeometry} from '../../src/validation/sparse_segment_reduction';

/**
 * Reduces the rows of `data` named by `indices` into segments. Inputs must
 * have passed `checkSegmentReductionIndices`. Rows of no segment are 0.
 * Writes `out` (of data's type) when given, zeroing it first.
 */
export function sparseSegmentReductionImpl(
    op: string, reduction: SegmentReduction, data: Float32Array|Int32Array,
    indices: TypedArray|number[], segmentIds: TypedArray|number[],
    geometry: SegmentReductionGeometry, out?: Float32Array|Int32Array): Float32Array|Int32Array {
  const d = geometry.innerSize;
  if (out == null) {
    out = data instanceof Int32Array ? new Int32Array(geometry.outputRows * d) :
                                       new Float32Array(geometry.outputRows * d);
  }
  out.fill(0);
  // A scratch row of the same type, so each add rounds (or wraps) like TF's.
  const group = out instanceof Int32Array ? new Int32Array(d) : new Float32Array(d);

  forEachSegment(op, segmentIds, geometry, (segment, start, end) => {
    const acc = out.subarray(segment * d, (segment + 1) * d);
    const num = end - start;
    addRows(acc, data, indices, start, num === 1 ? 1 : firstGroupSize(num), d);
    if (num === 1) {
      return;
    }
    const scale = smallSegmentScale(reduction, num);
    if (scale !== 1) {
      for (let c = 0; c < d; c++) {
        acc[c] *= scale;
      }
    }
    for (let k = start + firstGroupSize(num); k < end; k += 8) {
      addRows(group, data, indices, k, 8, d);
      for (let c = 0; c < d; c++) {
        acc[c] += group[c];
      }
    }
    const divisor = largeSegmentDivisor(reduction, num);
    if (divisor !== 0) {
      for (let c = 0; c < d; c++) {
        acc[c] /= divisor;
      }
    }
  });
  return out;
}

/**
 * What TF divides a segment of `num` >= 10 rows by at the end: num (mean)
 * or float(sqrt(num)) (sqrtn); 0 for none.
 */
export function largeSegmentDivisor(reduction: SegmentReduction, num: number): number {
  if (reduction === 'sum' || num < 10) {
    return 0;
  }
  return reduction === 'mean' ? num : Math.fround(Math.sqrt(num));
}

/** TF's first group: num & 7 rows, but 8 for 0 and 9 for 1. */
function firstGroupSize(num: number): number {
  const r = num & 7;
  return r === 0 ? 8 : r === 1 ? 9 : r;
}

/**
 * TF's `get_scaling_factor` for float32: 1 / float(num) or
 * 1 / float(sqrt(num)) below 10 rows, else 1.
 */
export function smallSegmentScale(reduction: SegmentReduction, num: number): number {
  if (reduction === 'sum' || num >= 10) {
    return 1;
  }
  const m = reduction === 'mean' ? num : Math.fround(Math.sqrt(num));
  return Math.fround(1 / m);
}

/** target = rows indices[first], ..., indices[first+count-1] of data, summed left to right. */
function addRows(
    target: Float32Array|Int32Array, data: Float32Array|Int32Array, indices: TypedArray|number[],
    first: number, count: number, d: number): void {
  const row0 = indices[first] * d;
  for (let c = 0; c < d; c++) {
    target[c] = data[row0 + c];
  }
  for (let k = 1; k < count; k++) {
    const row = indices[first + k] * d;
    for (let c = 0; c < d; c++) {
      target[c] += data[row + c];
    }
  }
}
