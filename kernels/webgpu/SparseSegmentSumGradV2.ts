/**
 * webgpu kernel of TensorFlow's `SparseSegmentSumGradV2`: the gradient of `SparseSegmentSum` with
 * respect to `data`, as rows of the distinct indices only (lib/segment_grad.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSumGradV2} from '../../src/kernel_names';

import {sparseSegmentGradWebGPU} from './lib/segment_grad';

export const sparseSegmentSumGradV2Config: KernelConfig = {
  kernelName: SparseSegmentSumGradV2,
  backendName: 'webgpu',
  kernelFunc: sparseSegmentGradWebGPU(SparseSegmentSumGradV2, 'sum', true),
};
