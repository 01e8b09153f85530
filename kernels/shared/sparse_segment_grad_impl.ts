/**
 * The arithmetic of `SparseSegment{Sum,Mean,SqrtN}Grad[V2]` on typed arrays:
 * TensorFlow's CPU kernel (tensorflow/core/kernels/segment_reduction_ops_impl.h,
 * `SparseSegmentGradFunctor`), reproduced bit for bit.
 *
 *   out[row(i), :] += grad[segmentIds[i], :] * scale[segmentIds[i]]
 *
 * summed in input order i = 0..N-1, with the float64 scale rounded to
 * float32 and each product rounded before it is added.
 */
import type {TypedArray} from '@tensorflow/tfjs-core';

import type {SegmentReduction} from '../../src/kernel_names';

type IntArray = TypedArray|number[];

/**
 * TF's scale of a segment of `count` pairs, in float64: 1 / max(count, 1)
 * (mean) or 1 / sqrt(max(count, 1)) (sqrtn). Store it in a Float32Array to
 * round it once, as TF casts it to float32.
 */
export function scaleOfCount(reduction: 'mean'|'sqrtn', count: number): number {
  const c = Math.max(count, 1);
  return reduction === 'mean' ? 1 / c : 1 / Math.sqrt(c);
}

/**
 * The float32 scale of each segment: 1 (sum), 1/count (mean) or
 * 1/sqrt(count) (sqrtn), where count is how often the id occurs anywhere in
 * `segmentIds`. Computed in float64, then rounded to float32, as TF does.
 * Returns null for sum. Ids must be valid (`0 <= id < numSegments`).
 */
export function segmentScales(
    reduction: SegmentReduction, segmentIds: IntArray, numSegments: number): Float32Array|null {
  if (reduction === 'sum') {
    return null;
  }
  const counts = new Float64Array(numSegments);
  for (let i = 0; i < segmentIds.length; i++) {
    counts[segmentIds[i]]++;
  }
  const scales = new Float32Array(numSegments);
  for (let s = 0; s < numSegments; s++) {
    scales[s] = scaleOfCount(reduction, counts[s]);
  }
  return scales;
}

/**
 * Scatter-adds the scaled rows of `grad` into `numOutputRows` rows:
 * pair i adds row `segmentIds[i]` of `grad` to row `outputRowOfPair[i]`.
 * Every index must already be valid. Writes `out` when given (zeroing it
 * first; e.g. a view of the wasm heap), else a new array.
 */
export function scatterSegmentGrad(
    reduction: SegmentReduction, grad: Float32Array, outputRowOfPair: IntArray,
    segmentIds: IntArray, numSegments: number, numOutputRows: number, innerSize: number,
    out: Float32Array = new Float32Array(numOutputRows * innerSize)): Float32Array {
  out.fill(0);
  const scales = segmentScales(reduction, segmentIds, numSegments);
  const n = outputRowOfPair.length;
  for (let i = 0; i < n; i++) {
    const outOffset = outputRowOfPair[i] * innerSize;
    const segment = segmentIds[i];
    const gradOffset = segment * innerSize;
    if (scales == null) {
      // A float32 store rounds the float64 sum once: TF's float32 add.
      for (let d = 0; d < innerSize; d++) {
        out[outOffset + d] += grad[gradOffset + d];
      }
    } else {
      const scale = scales[segment];
      for (let d = 0; d < innerSize; d++) {
        out[outOffset + d] += Math.fround(grad[gradOffset + d] * scale);
      }
    }
  }
  return out;
}

/**
 * The ascending distinct values of `indices` (V2's `sorted_unique_indices`)
 * and, for each pair, the position of its index among them.
 *
 * With `limit`, only indices in `[0, limit)` count (a GPU kernel that skips
 * invalid pairs instead of validating them); the pairs of the others get
 * the position `sortedUniqueIndices.length`, one past the last row.
 */
export function uniqueSortedIndices(indices: IntArray, limit?: number):
    {sortedUniqueIndices: Int32Array, uniqueIdOfPair: Int32Array} {
  const inRange = (v: number) => limit == null || (v >= 0 && v < limit);
  const sorted =
      (limit == null ? Int32Array.from(indices) : Int32Array.from(indices).filter(inRange)).sort();
  let numUnique = 0;
  for (let k = 0; k < sorted.length; k++) {
    if (k === 0 || sorted[k] !== sorted[k - 1]) {
      sorted[numUnique++] = sorted[k];
    }
  }
  const sortedUniqueIndices = sorted.slice(0, numUnique);
  const uniqueIdOfPair = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    uniqueIdOfPair[i] =
        inRange(indices[i]) ? lowerBound(sortedUniqueIndices, indices[i]) : numUnique;
  }
  return {sortedUniqueIndices, uniqueIdOfPair};
}

function lowerBound(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}
