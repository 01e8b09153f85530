/**
 * webgl kernel of TensorFlow's `SparseSegmentSumGradV2`: the gradient of `SparseSegmentSum`
 * with respect to `data`, as rows of the distinct indices only (one int32 readback: their count).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSumGradV2} from '../../src/kernel_names';

import {sparseSegmentGradKernelFunc} from './lib/segment_grad';

export const sparseSegmentSumGradV2Config: KernelConfig = {
  kernelName: SparseSegmentSumGradV2,
  backendName: 'webgl',
  kernelFunc: sparseSegmentGradKernelFunc(SparseSegmentSumGradV2, 'sum', true),
};
