/**
 * cpu kernel of TensorFlow's `SparseSegmentMeanGrad`: the gradient of `SparseSegmentMean`
 * (and `SparseSegmentMeanWithNumSegments`) with respect to `data`, dense.
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentMeanGrad} from '../../src/kernel_names';

import {sparseSegmentGradKernelFunc} from './lib/segment_grad';

export const sparseSegmentMeanGradConfig: KernelConfig = {
  kernelName: SparseSegmentMeanGrad,
  backendName: 'cpu',
  kernelFunc: sparseSegmentGradKernelFunc(SparseSegmentMeanGrad, 'mean', false),
};
