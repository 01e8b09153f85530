/**
 * The arithmetic of `SparseSliceGrad` on typed arrays: each input entry gets
 * the gradient of the output entry matched to it (or 0). Values are copied,
 * never summed, so every dtype is exact.
 */

/** `sourceRow[i]` is the output row matched to input row i, or -1. */
export function sparseSliceGradImpl(
    backpropValGrad: Float32Array|Int32Array, sourceRow: Int32Array,
    out?: Float32Array|Int32Array): Float32Array|Int32Array {
  const valGrad = out ??
      (backpropValGrad instanceof Int32Array ? new Int32Array(sourceRow.length) :
                                               new Float32Array(sourceRow.length));
  for (let i = 0; i < sourceRow.length; i++) {
    valGrad[i] = sourceRow[i] >= 0 ? backpropValGrad[sourceRow[i]] : 0;
  }
  return valGrad;
}
