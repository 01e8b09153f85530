/**
 * webgpu kernel of TensorFlow's `SparseSegmentSumGrad`: the gradient of `SparseSegmentSum` with
 * respect to `data` (lib/segment_grad.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSumGrad} from '../../src/kernel_names';

import {sparseSegmentGradWebGPU} from './lib/segment_grad';

export const sparseSegmentSumGradConfig: KernelConfig = {
  kernelName: SparseSegmentSumGrad,
  backendName: 'webgpu',
  kernelFunc: sparseSegmentGradWebGPU(SparseSegmentSumGrad, 'sum', false),
};
