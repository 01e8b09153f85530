/**
 * wasm kernel of TensorFlow's `SparseSegmentSqrtNGradV2` (see lib/segment_grad.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSqrtNGradV2} from '../../src/kernel_names';

import {sparseSegmentGradKernelFunc} from './lib/segment_grad';

export const sparseSegmentSqrtNGradV2Config: KernelConfig = {
  kernelName: SparseSegmentSqrtNGradV2,
  backendName: 'wasm',
  kernelFunc: sparseSegmentGradKernelFunc(SparseSegmentSqrtNGradV2, 'sqrtn', true),
};
