/**
 * webgpu kernel of TensorFlow's `SparseSegmentMeanGrad`: the gradient of `SparseSegmentMean` with
 * respect to `data` (lib/segment_grad.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentMeanGrad} from '../../src/kernel_names';

import {sparseSegmentGradWebGPU} from './lib/segment_grad';

export const sparseSegmentMeanGradConfig: KernelConfig = {
  kernelName: SparseSegmentMeanGrad,
  backendName: 'webgpu',
  kernelFunc: sparseSegmentGradWebGPU(SparseSegmentMeanGrad, 'mean', false),
};
