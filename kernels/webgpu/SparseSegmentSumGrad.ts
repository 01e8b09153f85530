/**
 * webgpu kernel of TensorFlow's `SparseSegmentSumGrad`: the gradient of `SparseSegmentSum` with
 * respect to `data` (segment_grad_kernel.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSumGrad} from '../../src/kernel_names';

import {sparseSegmentGradWebGPU} from './segment_grad_kernel';

export const sparseSegmentSumGradConfig: KernelConfig = {
  kernelName: SparseSegmentSumGrad,
  backendName: 'webgpu',
  kernelFunc: sparseSegmentGradWebGPU(SparseSegmentSumGrad, 'sum', false),
};
