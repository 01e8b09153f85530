/**
 * `sparseSegmentSumWithNumSegments`, `sparseSegmentMeanWithNumSegments`,
 * `sparseSegmentSqrtNWithNumSegments`: the sparse segment reductions with an
 * explicit number of output rows (TensorFlow's `...WithNumSegments` ops).
 */
import {op, Tensor} from '@tensorflow/tfjs-core';
import type {TensorLike} from '@tensorflow/tfjs-core';

import {SparseSegmentMeanWithNumSegments, SparseSegmentSqrtNWithNumSegments, SparseSegmentSumWithNumSegments} from '../kernel_names';

import {runOp} from '../op_registry';

import {toScalarInt, toTensor} from './op_util';

function runWithNumSegments(
    kernelName: typeof SparseSegmentSumWithNumSegments|typeof SparseSegmentMeanWithNumSegments|
    typeof SparseSegmentSqrtNWithNumSegments,
    functionName: string, data: Tensor|TensorLike, indices: Tensor|TensorLike,
    segmentIds: Tensor|TensorLike, numSegments: number|Tensor, dataDtype?: 'float32'): Tensor {
  const inputs = {
    data: toTensor(data, 'data', functionName, dataDtype),
    indices: toTensor(indices, 'indices', functionName, 'int32'),
    segmentIds: toTensor(segmentIds, 'segmentIds', functionName, 'int32'),
    numSegments: toScalarInt(numSegments, 'numSegments', functionName),
  };
  return runOp(kernelName, inputs) as Tensor;
}

function sparseSegmentSumWithNumSegments_(
    data: Tensor|TensorLike, indices: Tensor|TensorLike, segmentIds: Tensor|TensorLike,
    numSegments: number|Tensor): Tensor {
  return runWithNumSegments(
      SparseSegmentSumWithNumSegments, 'sparseSegmentSumWithNumSegments', data, indices, segmentIds,
      numSegments);
}

function sparseSegmentMeanWithNumSegments_(
    data: Tensor|TensorLike, indices: Tensor|TensorLike, segmentIds: Tensor|TensorLike,
    numSegments: number|Tensor): Tensor {
  return runWithNumSegments(
      SparseSegmentMeanWithNumSegments, 'sparseSegmentMeanWithNumSegments', data, indices,
      segmentIds, numSegments, 'float32');
}

function sparseSegmentSqrtNWithNumSegments_(
    data: Tensor|TensorLike, indices: Tensor|TensorLike, segmentIds: Tensor|TensorLike,
    numSegments: number|Tensor): Tensor {
  return runWithNumSegments(
      SparseSegmentSqrtNWithNumSegments, 'sparseSegmentSqrtNWithNumSegments', data, indices,
      segmentIds, numSegments, 'float32');
}

/**
 * Sums the rows of `data` named by `indices` per segment into
 * `numSegments` output rows (rows of no segment are 0).
 *
 * ```js
 * const data = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
 * tfSparseGrad.sparseSegmentSumWithNumSegments(data, [0, 2], [0, 2], 4)
 *     .print();  // [[1, 2], [0, 0], [5, 6], [0, 0]]
 * ```
 *
 * @param data float32 or int32, rank >= 1.
 * @param indices 1-D int32 rows of `data`, each in `[0, data.shape[0])`.
 * @param segmentIds 1-D int32, as long as `indices`, sorted ascending.
 * @param numSegments The number of output rows, > the last segment id.
 * @returns `[numSegments, ...data.shape[1:]]`, of `data`'s dtype.
 * @throws InvalidArgumentError with TensorFlow's message, e.g.
 *     `segment ids must be < num_segments`.
 *
 * @function
 */
export const sparseSegmentSumWithNumSegments =
    /* @__PURE__ */ op({sparseSegmentSumWithNumSegments_});

/**
 * Averages the rows of `data` named by `indices` per segment into
 * `numSegments` output rows (rows of no segment are 0).
 *
 * ```js
 * const data = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
 * tfSparseGrad.sparseSegmentMeanWithNumSegments(data, [0, 2], [1, 1], 3)
 *     .print();  // [[0, 0], [3, 4], [0, 0]]
 * ```
 *
 * @param data float32, rank >= 1.
 * @param indices 1-D int32 rows of `data`, each in `[0, data.shape[0])`.
 * @param segmentIds 1-D int32, as long as `indices`, sorted ascending.
 * @param numSegments The number of output rows, > the last segment id.
 * @returns float32 `[numSegments, ...data.shape[1:]]`.
 * @throws InvalidArgumentError with TensorFlow's message.
 *
 * @function
 */
export const sparseSegmentMeanWithNumSegments =
    /* @__PURE__ */ op({sparseSegmentMeanWithNumSegments_});

/**
 * Sums the rows of `data` named by `indices` per segment, divided by the
 * square root of the segment's row count, into `numSegments` output rows.
 *
 * ```js
 * const data = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
 * tfSparseGrad.sparseSegmentSqrtNWithNumSegments(data, [0, 1], [0, 0], 2)
 *     .print();  // [[2.8284, 4.2426], [0, 0]]
 * ```
 *
 * @param data float32, rank >= 1.
 * @param indices 1-D int32 rows of `data`, each in `[0, data.shape[0])`.
 * @param segmentIds 1-D int32, as long as `indices`, sorted ascending.
 * @param numSegments The number of output rows, > the last segment id.
 * @returns float32 `[numSegments, ...data.shape[1:]]`.
 * @throws InvalidArgumentError with TensorFlow's message.
 *
 * @function
 */
export const sparseSegmentSqrtNWithNumSegments =
    /* @__PURE__ */ op({sparseSegmentSqrtNWithNumSegments_});
