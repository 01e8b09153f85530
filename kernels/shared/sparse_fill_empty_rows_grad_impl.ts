/**
 * The arithmetic of `SparseFillEmptyRowsGrad` on typed arrays, as
 * tensorflow/core/kernels/sparse_fill_empty_rows_op.cc computes it:
 *
 *   dValues[i]    = gradValues[reverseIndexMap[i]]
 *   dDefaultValue = sum of gradValues[j] over the j no entry maps to,
 *                   added in ascending j, rounding (float32) or wrapping
 *                   (int32) after every add, as TF's sequential loop does.
 */
import type {TypedArray} from '@tensorflow/tfjs-core';

/** `reverseIndexMap` must already be in range. */
export function sparseFillEmptyRowsGradImpl(
    reverseIndexMap: TypedArray|number[], gradValues: Float32Array|Int32Array,
    outputs?: {dValues: Float32Array|Int32Array, dDefaultValue: Float32Array|Int32Array}):
    {dValues: Float32Array|Int32Array, dDefaultValue: Float32Array|Int32Array} {
  const n = reverseIndexMap.length;
  const makeArray = (length: number) =>
      gradValues instanceof Int32Array ? new Int32Array(length) : new Float32Array(length);
  const dValues = outputs?.dValues ?? makeArray(n);
  const visited = new Uint8Array(gradValues.length);
  for (let i = 0; i < n; i++) {
    const r = reverseIndexMap[i];
    dValues[i] = gradValues[r];
    visited[r] = 1;
  }
  // A one-element array of the value type rounds or wraps each partial sum.
  const dDefaultValue = outputs?.dDefaultValue ?? makeArray(1);
  dDefaultValue[0] = 0;
  for (let j = 0; j < gradValues.length; j++) {
    if (!visited[j]) {
      dDefaultValue[0] += gradValues[j];
    }
  }
  return {dValues, dDefaultValue};
}
