/** `sparseSlice`: TensorFlow's `SparseSlice`, which tfjs lacks. */
import {op, Tensor} from '@tensorflow/tfjs-core';
import type {TensorLike} from '@tensorflow/tfjs-core';

import {SparseSlice} from '../kernel_names';

import {runOp} from '../op_registry';

import {toTensor} from './op_util';

/** The outputs of {@link sparseSlice}: the slice as a sparse tensor. */
export interface SparseSliceResult {
  /** int32 `[nnzOut, rank]`: indices relative to `start`. */
  outputIndices: Tensor;
  /** `[nnzOut]`: the values of the entries inside the slice, in input order. */
  outputValues: Tensor;
  /** int32 `[rank]`: the dense shape of the slice (clipped to the input). */
  outputShape: Tensor;
}

function sparseSlice_(
    indices: Tensor|TensorLike, values: Tensor|TensorLike, denseShape: Tensor|TensorLike,
    start: Tensor|TensorLike, size: Tensor|TensorLike): SparseSliceResult {
  const fn = 'sparseSlice';
  const inputs = {
    indices: toTensor(indices, 'indices', fn, 'int32'),
    values: toTensor(values, 'values', fn),
    shape: toTensor(denseShape, 'denseShape', fn, 'int32'),
    start: toTensor(start, 'start', fn, 'int32'),
    size: toTensor(size, 'size', fn, 'int32'),
  };
  const [outputIndices, outputValues, outputShape] = runOp(SparseSlice, inputs) as Tensor[];
  return {outputIndices, outputValues, outputShape};
}

/**
 * Slices a sparse tensor (`indices`, `values`, `denseShape`) to the box
 * `[start, start + size)`: keeps the entries inside it, in input order, with
 * indices re-based to `start`. Differentiable with respect to `values` once
 * this package is imported.
 *
 * ```js
 * const {outputIndices, outputValues, outputShape} = tfSparseGrad.sparseSlice(
 *     [[0, 0], [0, 2], [1, 1]], [1, 2, 3], [2, 3], [0, 1], [2, 2]);
 * outputIndices.print();  // [[0, 1], [1, 0]]
 * outputValues.print();   // [2, 3]
 * outputShape.print();    // [2, 2]
 * ```
 *
 * @param indices 2-D int32 `[nnz, rank]`.
 * @param values 1-D `[nnz]` (float32, int32 or bool).
 * @param denseShape 1-D int32 `[rank]`, non-negative.
 * @param start 1-D int32 `[rank]`: the first index of the slice.
 * @param size 1-D int32 `[rank]`: the size of the slice; it is clipped to
 *     the dense shape.
 * @returns `{outputIndices, outputValues, outputShape}`.
 * @throws InvalidArgumentError with TensorFlow's message, e.g.
 *     `Expected start to be a vector of length 2 but got length 3`.
 *
 * @function
 */
export const sparseSlice = /* @__PURE__ */ op({sparseSlice_});
