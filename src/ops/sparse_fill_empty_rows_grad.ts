/** `sparseFillEmptyRowsGrad`: TensorFlow's `SparseFillEmptyRowsGrad`. */
import {op, Tensor} from '@tensorflow/tfjs-core';
import type {TensorLike} from '@tensorflow/tfjs-core';

import {SparseFillEmptyRowsGrad} from '../kernel_names';

import {runOp} from '../op_registry';

import {toTensor} from './op_util';

/** The outputs of {@link sparseFillEmptyRowsGrad}. */
export interface SparseFillEmptyRowsGradResult {
  /** `[N]`: the gradient of the input `values`. */
  dValues: Tensor;
  /** Scalar: the gradient of `defaultValue`. */
  dDefaultValue: Tensor;
}

function sparseFillEmptyRowsGrad_(
    reverseIndexMap: Tensor|TensorLike,
    gradValues: Tensor|TensorLike): SparseFillEmptyRowsGradResult {
  const fn = 'sparseFillEmptyRowsGrad';
  const inputs = {
    reverseIndexMap: toTensor(reverseIndexMap, 'reverseIndexMap', fn, 'int32'),
    gradValues: toTensor(gradValues, 'gradValues', fn),
  };
  const [dValues, dDefaultValue] = runOp(SparseFillEmptyRowsGrad, inputs) as Tensor[];
  return {dValues, dDefaultValue};
}

/**
 * The gradient of `tf.sparse.sparseFillEmptyRows` with respect to `values`
 * and `defaultValue`: `dValues[i] = gradValues[reverseIndexMap[i]]`, and
 * `dDefaultValue` sums the entries of `gradValues` no input entry maps to
 * (the filled-in defaults), in ascending order.
 *
 * ```js
 * const {dValues, dDefaultValue} = tfSparseGrad.sparseFillEmptyRowsGrad(
 *     [0, 1, 3], [10, 20, 30, 40, 50]);
 * dValues.print();        // [10, 20, 40]
 * dDefaultValue.print();  // 80
 * ```
 *
 * @param reverseIndexMap 1-D int32, `[N]`: the output position of each input
 *     entry (the fourth output of `sparseFillEmptyRows`), each in
 *     `[0, gradValues.shape[0])`.
 * @param gradValues 1-D float32 or int32, `[N_full]`: the gradient of the
 *     filled `outputValues`.
 * @returns `{dValues: [N], dDefaultValue: []}`, of `gradValues`' dtype.
 * @throws InvalidArgumentError with TensorFlow's message, e.g.
 *     `Elements in reverse index must be in [0, 5) but got 7`.
 *
 * @function
 */
export const sparseFillEmptyRowsGrad = /* @__PURE__ */ op({sparseFillEmptyRowsGrad_});
