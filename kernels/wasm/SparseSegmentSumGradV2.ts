/**
 * wasm kernel of TensorFlow's `SparseSegmentSumGradV2` (see lib/segment_grad.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSumGradV2} from '../../src/kernel_names';

import {sparseSegmentGradKernelFunc} from './lib/segment_grad';

export const sparseSegmentSumGradV2Config: KernelConfig = {
  kernelName: SparseSegmentSumGradV2,
  backendName: 'wasm',
  kernelFunc: sparseSegmentGradKernelFunc(SparseSegmentSumGradV2, 'sum', true),
};
