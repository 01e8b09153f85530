/**
 * webgpu kernel of TensorFlow's `SparseSegmentSqrtNGrad`: the gradient of `SparseSegmentSqrtN` with
 * respect to `data` (lib/segment_grad.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSqrtNGrad} from '../../src/kernel_names';

import {sparseSegmentGradWebGPU} from './lib/segment_grad';

export const sparseSegmentSqrtNGradConfig: KernelConfig = {
  kernelName: SparseSegmentSqrtNGrad,
  backendName: 'webgpu',
  kernelFunc: sparseSegmentGradWebGPU(SparseSegmentSqrtNGrad, 'sqrtn', false),
};
