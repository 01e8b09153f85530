/**
 * webgpu kernel of TensorFlow's `SparseSegmentMeanGradV2`: the gradient of `SparseSegmentMean` with
 * respect to `data`, as rows of the distinct indices only (lib/segment_grad.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentMeanGradV2} from '../../src/kernel_names';

import {sparseSegmentGradWebGPU} from './lib/segment_grad';

export const sparseSegmentMeanGradV2Config: KernelConfig = {
  kernelName: SparseSegmentMeanGradV2,
  backendName: 'webgpu',
  kernelFunc: sparseSegmentGradWebGPU(SparseSegmentMeanGradV2, 'mean', true),
};
