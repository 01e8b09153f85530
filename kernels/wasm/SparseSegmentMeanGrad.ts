/**
 * wasm kernel of TensorFlow's `SparseSegmentMeanGrad` (see lib/segment_grad.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentMeanGrad} from '../../src/kernel_names';

import {sparseSegmentGradKernelFunc} from './lib/segment_grad';

export const sparseSegmentMeanGradConfig: KernelConfig = {
  kernelName: SparseSegmentMeanGrad,
  backendName: 'wasm',
  kernelFunc: sparseSegmentGradKernelFunc(SparseSegmentMeanGrad, 'mean', false),
};
