/** `sparseSliceGrad`: TensorFlow's `SparseSliceGrad`. */
import {op, Tensor} from '@tensorflow/tfjs-core';
import type {TensorLike} from '@tensorflow/tfjs-core';

import {SparseSliceGrad} from '../kernel_names';

import {runOp} from '../op_registry';

import {toTensor} from './op_util';

function sparseSliceGrad_(
    backpropValGrad: Tensor|TensorLike, inputIndices: Tensor|TensorLike,
    inputStart: Tensor|TensorLike, outputIndices: Tensor|TensorLike): Tensor {
  const fn = 'sparseSliceGrad';
  const inputs = {
    backpropValGrad: toTensor(backpropValGrad, 'backpropValGrad', fn),
    inputIndices: toTensor(inputIndices, 'inputIndices', fn, 'int32'),
    inputStart: toTensor(inputStart, 'inputStart', fn, 'int32'),
    outputIndices: toTensor(outputIndices, 'outputIndices', fn, 'int32'),
  };
  return runOp(SparseSliceGrad, inputs) as Tensor;
}

/**
 * The gradient of {@link sparseSlice} with respect to the input `values`:
 * each input entry gets the gradient of the output entry it became, and 0
 * when the slice dropped it.
 *
 * ```js
 * // A 2x3 sparse tensor with entries at (0,0), (0,2), (1,1), sliced from
 * // start [0, 1]: the slice kept (0,2) -> (0,1) and (1,1) -> (1,0).
 * tfSparseGrad.sparseSliceGrad(
 *     [7, 9], [[0, 0], [0, 2], [1, 1]], [0, 1], [[0, 1], [1, 0]]).print();
 * // [0, 7, 9]
 * ```
 *
 * @param backpropValGrad 1-D float32 or int32, `[nnzOut]`: the gradient of
 *     the slice's `outputValues`.
 * @param inputIndices 2-D int32 `[nnzIn, rank]`: the indices of the sliced
 *     sparse tensor.
 * @param inputStart 1-D int32 `[rank]`: the `start` of the slice.
 * @param outputIndices 2-D int32 `[nnzOut, rank]`: the slice's
 *     `outputIndices`; shifted by `inputStart`, they must appear in
 *     `inputIndices` in the same order.
 * @returns `[nnzIn]`, of `backpropValGrad`'s dtype.
 * @throws InvalidArgumentError for bad shapes, InternalError (TensorFlow's
 *     `Elements of backprop_val_grad aren't all propagated.`) when an output
 *     row matches no input row.
 *
 * @function
 */
export const sparseSliceGrad = /* @__PURE__ */ op({sparseSliceGrad_});
