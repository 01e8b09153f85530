/** `sparseSegmentSqrtN`: TensorFlow's `SparseSegmentSqrtN`, which tfjs lacks. */
import {op, Tensor} from '@tensorflow/tfjs-core';
import type {TensorLike} from '@tensorflow/tfjs-core';

import {SparseSegmentSqrtN} from '../kernel_names';

import {runOp} from '../op_registry';

import {toTensor} from './op_util';

function sparseSegmentSqrtN_(
    data: Tensor|TensorLike, indices: Tensor|TensorLike, segmentIds: Tensor|TensorLike): Tensor {
  const fn = 'sparseSegmentSqrtN';
  const inputs = {
    data: toTensor(data, 'data', fn, 'float32'),
    indices: toTensor(indices, 'indices', fn, 'int32'),
    segmentIds: toTensor(segmentIds, 'segmentIds', fn, 'int32'),
  };
  return runOp(SparseSegmentSqrtN, inputs) as Tensor;
}

/**
 * Sums the rows of `data` named by `indices` per segment and divides each
 * sum by the square root of the number of rows in the segment (the
 * "sqrtn" combiner of TensorFlow's embedding lookups). Differentiable with
 * respect to `data` once this package is imported.
 *
 * ```js
 * const data = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
 * tfSparseGrad.sparseSegmentSqrtN(data, [0, 1, 2], [0, 0, 1]).print();
 * // [[2.8284, 4.2426], [5, 6]]
 * ```
 *
 * @param data float32, rank >= 1.
 * @param indices 1-D int32 rows of `data`, each in `[0, data.shape[0])`.
 * @param segmentIds 1-D int32, as long as `indices`, sorted ascending
 *     (gaps allowed: rows of no segment are 0).
 * @returns float32 `[segmentIds[N-1] + 1, ...data.shape[1:]]`.
 * @throws InvalidArgumentError with TensorFlow's message, e.g.
 *     `segment ids are not increasing`,
 *     `Bad: indices[2] == 9 out of range [0, 3)`.
 *
 * @function
 */
export const sparseSegmentSqrtN = /* @__PURE__ */ op({sparseSegmentSqrtN_});
