/**
 * `sparseSegmentSumGrad`, `sparseSegmentMeanGrad`, `sparseSegmentSqrtNGrad`:
 * TensorFlow's V1 gradient ops of the sparse segment reductions.
 */
import {op, Tensor} from '@tensorflow/tfjs-core';
import type {TensorLike} from '@tensorflow/tfjs-core';

import {SparseSegmentMeanGrad, SparseSegmentSqrtNGrad, SparseSegmentSumGrad} from '../kernel_names';

import {runOp} from '../op_registry';

import {toScalarInt, toTensor} from './op_util';

function runSegmentGrad(
    kernelName: typeof SparseSegmentSumGrad|typeof SparseSegmentMeanGrad|
    typeof SparseSegmentSqrtNGrad,
    functionName: string, grad: Tensor|TensorLike, indices: Tensor|TensorLike,
    segmentIds: Tensor|TensorLike, outputDim0: number|Tensor): Tensor {
  const inputs = {
    grad: toTensor(grad, 'grad', functionName, 'float32'),
    indices: toTensor(indices, 'indices', functionName, 'int32'),
    segmentIds: toTensor(segmentIds, 'segmentIds', functionName, 'int32'),
    outputDim0: toScalarInt(outputDim0, 'outputDim0', functionName),
  };
  return runOp(kernelName, inputs) as Tensor;
}

function sparseSegmentSumGrad_(
    grad: Tensor|TensorLike, indices: Tensor|TensorLike, segmentIds: Tensor|TensorLike,
    outputDim0: number|Tensor): Tensor {
  return runSegmentGrad(
      SparseSegmentSumGrad, 'sparseSegmentSumGrad', grad, indices, segmentIds, outputDim0);
}

function sparseSegmentMeanGrad_(
    grad: Tensor|TensorLike, indices: Tensor|TensorLike, segmentIds: Tensor|TensorLike,
    outputDim0: number|Tensor): Tensor {
  return runSegmentGrad(
      SparseSegmentMeanGrad, 'sparseSegmentMeanGrad', grad, indices, segmentIds, outputDim0);
}

function sparseSegmentSqrtNGrad_(
    grad: Tensor|TensorLike, indices: Tensor|TensorLike, segmentIds: Tensor|TensorLike,
    outputDim0: number|Tensor): Tensor {
  return runSegmentGrad(
      SparseSegmentSqrtNGrad, 'sparseSegmentSqrtNGrad', grad, indices, segmentIds, outputDim0);
}

/**
 * The gradient of `sparseSegmentSum` (and `sparseSegmentSumWithNumSegments`)
 * with respect to `data`: for each pair i, row `segmentIds[i]` of `grad` is
 * added to row `indices[i]` of a zero `[outputDim0, ...grad.shape[1:]]`
 * tensor, in input order (TensorFlow's `SparseSegmentSumGrad`).
 *
 * ```js
 * const grad = tf.tensor2d([[1, 2], [3, 4]]);
 * tfSparseGrad.sparseSegmentSumGrad(grad, [2, 0, 2], [0, 1, 1], 3).print();
 * // [[3, 4], [0, 0], [4, 6]]
 * ```
 *
 * @param grad The gradient of the forward op's output, `[numSegments, ...]`
 *     (float32, rank >= 1).
 * @param indices 1-D int32: the rows of `data` the forward op read,
 *     each in `[0, outputDim0)`; any order, duplicates allowed.
 * @param segmentIds 1-D int32, as long as `indices`: the segment of each
 *     pair, each in `[0, grad.shape[0])`; need not be sorted.
 * @param outputDim0 `data.shape[0]`: a non-negative integer or int32 scalar.
 * @returns float32 `[outputDim0, ...grad.shape[1:]]`.
 * @throws InvalidArgumentError with TensorFlow's message for bad shapes,
 *     dtypes or values, e.g. `Index 10 out of range [0, 10).`,
 *     `Segment id 4 out of range [0, 3).`, `Invalid number of segments`.
 *
 * @function
 */
export const sparseSegmentSumGrad = /* @__PURE__ */ op({sparseSegmentSumGrad_});

/**
 * The gradient of `sparseSegmentMean` (and `sparseSegmentMeanWithNumSegments`)
 * with respect to `data`: like {@link sparseSegmentSumGrad}, with each row of
 * `grad` scaled by 1 / (the number of pairs in its segment) (TensorFlow's
 * `SparseSegmentMeanGrad`). Bit-identical to TensorFlow's CPU kernel.
 *
 * ```js
 * const grad = tf.tensor2d([[1, 2], [3, 4]]);
 * tfSparseGrad.sparseSegmentMeanGrad(grad, [2, 0, 2], [0, 1, 1], 3).print();
 * // [[1.5, 2], [0, 0], [2.5, 4]]
 * ```
 *
 * @param grad The gradient of the forward op's output, `[numSegments, ...]`
 *     (float32, rank >= 1).
 * @param indices 1-D int32: the rows of `data` the forward op read,
 *     each in `[0, outputDim0)`; any order, duplicates allowed.
 * @param segmentIds 1-D int32, as long as `indices`: the segment of each
 *     pair, each in `[0, grad.shape[0])`; need not be sorted.
 * @param outputDim0 `data.shape[0]`: a non-negative integer or int32 scalar.
 * @returns float32 `[outputDim0, ...grad.shape[1:]]`.
 * @throws InvalidArgumentError with TensorFlow's message for bad shapes,
 *     dtypes or values (segment-id errors are reported before index errors,
 *     as TensorFlow does for Mean and SqrtN).
 *
 * @function
 */
export const sparseSegmentMeanGrad = /* @__PURE__ */ op({sparseSegmentMeanGrad_});

/**
 * The gradient of `sparseSegmentSqrtN` (and
 * `sparseSegmentSqrtNWithNumSegments`) with respect to `data`: like
 * {@link sparseSegmentSumGrad}, with each row of `grad` scaled by
 * 1 / sqrt(the number of pairs in its segment) (TensorFlow's
 * `SparseSegmentSqrtNGrad`).
 *
 * ```js
 * const grad = tf.tensor2d([[1, 2], [3, 4]]);
 * tfSparseGrad.sparseSegmentSqrtNGrad(grad, [2, 0, 2], [0, 1, 1], 3).print();
 * // [[2.1213, 2.8284], [0, 0], [3.1213, 4.8284]]
 * ```
 *
 * @param grad The gradient of the forward op's output, `[numSegments, ...]`
 *     (float32, rank >= 1).
 * @param indices 1-D int32: the rows of `data` the forward op read,
 *     each in `[0, outputDim0)`; any order, duplicates allowed.
 * @param segmentIds 1-D int32, as long as `indices`: the segment of each
 *     pair, each in `[0, grad.shape[0])`; need not be sorted.
 * @param outputDim0 `data.shape[0]`: a non-negative integer or int32 scalar.
 * @returns float32 `[outputDim0, ...grad.shape[1:]]`.
 * @throws InvalidArgumentError with TensorFlow's message for bad shapes,
 *     dtypes or values.
 *
 * @function
 */
export const sparseSegmentSqrtNGrad = /* @__PURE__ */ op({sparseSegmentSqrtNGrad_});
