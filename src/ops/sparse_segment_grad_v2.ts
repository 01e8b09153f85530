/**
 * `sparseSegmentSumGradV2`, `sparseSegmentMeanGradV2`,
 * `sparseSegmentSqrtNGradV2`: TensorFlow's V2 gradient ops, which return only
 * the rows of the distinct indices (what `sparse_gradient=True` uses).
 */
import {op, Tensor} from '@tensorflow/tfjs-core';
import type {TensorLike} from '@tensorflow/tfjs-core';

import {SparseSegmentMeanGradV2, SparseSegmentSqrtNGradV2, SparseSegmentSumGradV2} from '../kernel_names';

import {runOp} from '../op_registry';

import {toScalarInt, toTensor} from './op_util';

/** The outputs of a V2 segment gradient. */
export interface SparseSegmentGradV2Result {
  /**
   * float32 `[numUnique, ...grad.shape[1:]]`: row k is the gradient of row
   * `sortedUniqueIndices[k]`.
   */
  output: Tensor;
  /** int32 `[numUnique]`: the distinct values of `indices`, ascending. */
  sortedUniqueIndices: Tensor;
}

function runSegmentGradV2(
    kernelName: typeof SparseSegmentSumGradV2|typeof SparseSegmentMeanGradV2|
    typeof SparseSegmentSqrtNGradV2,
    functionName: string, grad: Tensor|TensorLike, indices: Tensor|TensorLike,
    segmentIds: Tensor|TensorLike, denseOutputDim0: number|Tensor): SparseSegmentGradV2Result {
  const inputs = {
    grad: toTensor(grad, 'grad', functionName, 'float32'),
    indices: toTensor(indices, 'indices', functionName, 'int32'),
    segmentIds: toTensor(segmentIds, 'segmentIds', functionName, 'int32'),
    denseOutputDim0: toScalarInt(denseOutputDim0, 'denseOutputDim0', functionName),
  };
  const [output, sortedUniqueIndices] = runOp(kernelName, inputs) as Tensor[];
  return {output, sortedUniqueIndices};
}

function sparseSegmentSumGradV2_(
    grad: Tensor|TensorLike, indices: Tensor|TensorLike, segmentIds: Tensor|TensorLike,
    denseOutputDim0: number|Tensor): SparseSegmentGradV2Result {
  return runSegmentGradV2(
      SparseSegmentSumGradV2, 'sparseSegmentSumGradV2', grad, indices, segmentIds, denseOutputDim0);
}

function sparseSegmentMeanGradV2_(
    grad: Tensor|TensorLike, indices: Tensor|TensorLike, segmentIds: Tensor|TensorLike,
    denseOutputDim0: number|Tensor): SparseSegmentGradV2Result {
  return runSegmentGradV2(
      SparseSegmentMeanGradV2, 'sparseSegmentMeanGradV2', grad, indices, segmentIds,
      denseOutputDim0);
}

function sparseSegmentSqrtNGradV2_(
    grad: Tensor|TensorLike, indices: Tensor|TensorLike, segmentIds: Tensor|TensorLike,
    denseOutputDim0: number|Tensor): SparseSegmentGradV2Result {
  return runSegmentGradV2(
      SparseSegmentSqrtNGradV2, 'sparseSegmentSqrtNGradV2', grad, indices, segmentIds,
      denseOutputDim0);
}

/**
 * The gradient of `sparseSegmentSum` with respect to `data`, as the rows of
 * the distinct indices only (TensorFlow's `SparseSegmentSumGradV2`). Row k
 * of `output` equals row `sortedUniqueIndices[k]` of
 * {@link sparseSegmentSumGrad}'s result, bit for bit.
 *
 * ```js
 * const grad = tf.tensor2d([[1, 2], [3, 4]]);
 * const {output, sortedUniqueIndices} =
 *     tfSparseGrad.sparseSegmentSumGradV2(grad, [2, 0, 2], [0, 1, 1], 3);
 * output.print();               // [[3, 4], [4, 6]]
 * sortedUniqueIndices.print();  // [0, 2]
 * ```
 *
 * @param grad The gradient of the forward op's output (float32, rank >= 1).
 * @param indices 1-D int32 rows of `data`, each in `[0, denseOutputDim0)`.
 * @param segmentIds 1-D int32, as long as `indices`, each in
 *     `[0, grad.shape[0])`.
 * @param denseOutputDim0 `data.shape[0]`: a non-negative integer or int32
 *     scalar.
 * @returns `{output, sortedUniqueIndices}`; both have 0 rows when
 *     `indices` is empty or `denseOutputDim0` is 0.
 * @throws InvalidArgumentError with TensorFlow's message (index and segment
 *     errors are reported per position, index first).
 *
 * @function
 */
export const sparseSegmentSumGradV2 = /* @__PURE__ */ op({sparseSegmentSumGradV2_});

/**
 * The gradient of `sparseSegmentMean` with respect to `data`, as the rows of
 * the distinct indices only (TensorFlow's `SparseSegmentMeanGradV2`).
 *
 * ```js
 * const grad = tf.tensor2d([[1, 2], [3, 4]]);
 * const {output, sortedUniqueIndices} =
 *     tfSparseGrad.sparseSegmentMeanGradV2(grad, [2, 0, 2], [0, 1, 1], 3);
 * output.print();               // [[1.5, 2], [2.5, 4]]
 * sortedUniqueIndices.print();  // [0, 2]
 * ```
 *
 * @param grad The gradient of the forward op's output (float32, rank >= 1).
 * @param indices 1-D int32 rows of `data`, each in `[0, denseOutputDim0)`.
 * @param segmentIds 1-D int32, as long as `indices`, each in
 *     `[0, grad.shape[0])`.
 * @param denseOutputDim0 `data.shape[0]`.
 * @returns `{output, sortedUniqueIndices}`.
 * @throws InvalidArgumentError with TensorFlow's message.
 *
 * @function
 */
export const sparseSegmentMeanGradV2 = /* @__PURE__ */ op({sparseSegmentMeanGradV2_});

/**
 * The gradient of `sparseSegmentSqrtN` with respect to `data`, as the rows
 * of the distinct indices only (TensorFlow's `SparseSegmentSqrtNGradV2`).
 *
 * ```js
 * const grad = tf.tensor2d([[1, 2], [3, 4]]);
 * const {output, sortedUniqueIndices} =
 *     tfSparseGrad.sparseSegmentSqrtNGradV2(grad, [2, 0, 2], [0, 1, 1], 3);
 * output.print();               // [[2.1213, 2.8284], [3.1213, 4.8284]]
 * sortedUniqueIndices.print();  // [0, 2]
 * ```
 *
 * @param grad The gradient of the forward op's output (float32, rank >= 1).
 * @param indices 1-D int32 rows of `data`, each in `[0, denseOutputDim0)`.
 * @param segmentIds 1-D int32, as long as `indices`, each in
 *     `[0, grad.shape[0])`.
 * @param denseOutputDim0 `data.shape[0]`.
 * @returns `{output, sortedUniqueIndices}`.
 * @throws InvalidArgumentError with TensorFlow's message.
 *
 * @function
 */
export const sparseSegmentSqrtNGradV2 = /* @__PURE__ */ op({sparseSegmentSqrtNGradV2_});
