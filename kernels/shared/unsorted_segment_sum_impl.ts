/**
 * The arithmetic of `UnsortedSegmentSum` on typed arrays, as TensorFlow's
 * CPU functor does it (tensorflow/core/kernels/segment_reduction_ops_impl.h):
 *
 *   out[ids[i], :] += x[i, :]   for i = 0..N-1, skipping ids[i] < 0
 *
 * in input order, so each output element is the same float32 sum, bit for
 * bit, on every run. int32 sums wrap as TF's int32 adds do.
 */
import type {TypedArray} from '@tensorflow/tfjs-core';

/**
 * Sums the rows of `x` (`rowSize` elements each) into `numSegments` rows.
 * Ids must already be below `numSegments`; negative ids are dropped.
 * Writes `out` (of x's type) when given, zeroing it first.
 */
export function unsortedSegmentSumImpl(
    x: Float32Array|Int32Array, ids: TypedArray|number[], numSegments: number, rowSize: number,
    out?: Float32Array|Int32Array): Float32Array|Int32Array {
  if (out == null) {
    out = x instanceof Int32Array ? new Int32Array(numSegments * rowSize) :
                                    new Float32Array(numSegments * rowSize);
  }
  out.fill(0);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id < 0) continue;
    const outOffset = id * rowSize;
    const xOffset = i * rowSize;
    for (let d = 0; d < rowSize; d++) {
      out[outOffset + d] += x[xOffset + d];
    }
  }
  return out;
}
