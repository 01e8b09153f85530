/**
 * Gradient of tfjs's `SparseFillEmptyRows` with respect to `values` and
 * `defaultValue`, as TensorFlow's `sparse_grad.py` defines it: the raw op
 * `SparseFillEmptyRowsGrad` applied to the forward op's `reverseIndexMap`
 * and the gradient of its `outputValues`.
 */
import {zeros} from '@tensorflow/tfjs-core';
import type {GradConfig, Tensor} from '@tensorflow/tfjs-core';

import {SparseFillEmptyRows} from '../kernel_names';
import {sparseFillEmptyRowsGrad} from '../ops/sparse_fill_empty_rows_grad';

export const sparseFillEmptyRowsGradConfig: GradConfig = {
  kernelName: SparseFillEmptyRows,
  inputsToSave: ['indices', 'denseShape'],
  // Outputs: outputIndices, outputValues, emptyRowIndicator, reverseIndexMap.
  outputsToSave: [false, false, false, true],
  gradFunc: (dys: Tensor|Tensor[], saved: Tensor[]) => {
    const [indices, denseShape, reverseIndexMap] = saved;
    const outputValuesGrad = (dys as Tensor[])[1];
    // Each input's gradient runs in its own tidy, and tfjs asks only for the
    // inputs on the path to the result, so each calls the (cheap) op itself.
    return {
      indices: () => zeros(indices.shape, 'float32'),
      values: () => sparseFillEmptyRowsGrad(reverseIndexMap, outputValuesGrad).dValues,
      denseShape: () => zeros(denseShape.shape, 'float32'),
      defaultValue: () => sparseFillEmptyRowsGrad(reverseIndexMap, outputValuesGrad).dDefaultValue,
    };
  }
};
