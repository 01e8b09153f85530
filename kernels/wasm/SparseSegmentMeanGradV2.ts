/**
 * wasm kernel of TensorFlow's `SparseSegmentMeanGradV2` (see lib/segment_grad.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentMeanGradV2} from '../../src/kernel_names';

import {sparseSegmentGradKernelFunc} from './lib/segment_grad';

export const sparseSegmentMeanGradV2Config: KernelConfig = {
  kernelName: SparseSegmentMeanGradV2,
  backendName: 'wasm',
  kernelFunc: sparseSegmentGradKernelFunc(SparseSegmentMeanGradV2, 'mean', true),
};
