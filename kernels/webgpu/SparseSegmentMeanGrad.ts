/**
 * webgpu kernel of TensorFlow's `SparseSegmentMeanGrad`: the gradient of `SparseSegmentMean` with
 * respect to `data` (segment_grad_kernel.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentMeanGrad} from '../../src/kernel_names';

import {sparseSegmentGradWebGPU} from './segment_grad_kernel';

export const sparseSegmentMeanGradConfig: KernelConfig = {
  kernelName: SparseSegmentMeanGrad,
  backendName: 'webgpu',
  kernelFunc: sparseSegmentGradWebGPU(SparseSegmentMeanGrad, 'mean', false),
};
