/**
 * webgl kernel of TensorFlow's `SparseSegmentMeanGrad`: the gradient of `SparseSegmentMean`
 * with respect to `data`, dense.
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentMeanGrad} from '../../src/kernel_names';

import {sparseSegmentGradKernelFunc} from './lib/segment_grad';

export const sparseSegmentMeanGradConfig: KernelConfig = {
  kernelName: SparseSegmentMeanGrad,
  backendName: 'webgl',
  kernelFunc: sparseSegmentGradKernelFunc(SparseSegmentMeanGrad, 'mean', false),
};
