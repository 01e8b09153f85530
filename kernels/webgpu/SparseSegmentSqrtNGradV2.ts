/**
 * webgpu kernel of TensorFlow's `SparseSegmentSqrtNGradV2`: the gradient of `SparseSegmentSqrtN`
 * with respect to `data`, as rows of the distinct indices only (lib/segment_grad.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSqrtNGradV2} from '../../src/kernel_names';

import {sparseSegmentGradWebGPU} from './lib/segment_grad';

export const sparseSegmentSqrtNGradV2Config: KernelConfig = {
  kernelName: SparseSegmentSqrtNGradV2,
  backendName: 'webgpu',
  kernelFunc: sparseSegmentGradWebGPU(SparseSegmentSqrtNGradV2, 'sqrtn', true),
};
