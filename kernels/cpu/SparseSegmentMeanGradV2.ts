/**
 * cpu kernel of TensorFlow's `SparseSegmentMeanGradV2`: the gradient of `SparseSegmentMean`
 * with respect to `data`, as rows of the distinct indices only.
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentMeanGradV2} from '../../src/kernel_names';

import {sparseSegmentGradKernelFunc} from './lib/segment_grad';

export const sparseSegmentMeanGradV2Config: KernelConfig = {
  kernelName: SparseSegmentMeanGradV2,
  backendName: 'cpu',
  kernelFunc: sparseSegmentGradKernelFunc(SparseSegmentMeanGradV2, 'mean', true),
};
