/**
 * webgpu kernel of TensorFlow's `SparseSegmentSqrtNGrad`: the gradient of `SparseSegmentSqrtN` with
 * respect to `data` (segment_grad_kernel.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSqrtNGrad} from '../../src/kernel_names';

import {sparseSegmentGradWebGPU} from './segment_grad_kernel';

export const sparseSegmentSqrtNGradConfig: KernelConfig = {
  kernelName: SparseSegmentSqrtNGrad,
  backendName: 'webgpu',
  kernelFunc: sparseSegmentGradWebGPU(SparseSegmentSqrtNGrad, 'sqrtn', false),
};
