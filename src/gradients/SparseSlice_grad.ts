/**
 * Gradient of this package's `SparseSlice` with respect to `values`, as
 * TensorFlow's `sparse_grad.py` defines it: the raw op `SparseSliceGrad`
 * applied to the gradient of `outputValues`, the input indices, `start`, and
 * the forward op's `outputIndices`.
 */
import {zeros} from '@tensorflow/tfjs-core';
import type {GradConfig, Tensor} from '@tensorflow/tfjs-core';

import {SparseSlice} from '../kernel_names';
import {sparseSliceGrad} from '../ops/sparse_slice_grad';

export const sparseSliceGradConfig: GradConfig = {
  kernelName: SparseSlice,
  inputsToSave: ['indices', 'shape', 'start', 'size'],
  // Outputs: outputIndices, outputValues, outputShape.
  outputsToSave: [true, false, false],
  gradFunc: (dys: Tensor|Tensor[], saved: Tensor[]) => {
    const [indices, shape, start, size, outputIndices] = saved;
    const outputValuesGrad = (dys as Tensor[])[1];
    return {
      indices: () => zeros(indices.shape, 'float32'),
      values: () => sparseSliceGrad(outputValuesGrad, indices, start, outputIndices),
      shape: () => zeros(shape.shape, 'float32'),
      start: () => zeros(start.shape, 'float32'),
      size: () => zeros(size.shape, 'float32'),
    };
  }
};
