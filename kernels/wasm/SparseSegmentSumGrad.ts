/**
 * wasm kernel of TensorFlow's `SparseSegmentSumGrad` (see lib/segment_grad.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSumGrad} from '../../src/kernel_names';

import {sparseSegmentGradKernelFunc} from './lib/segment_grad';

export const sparseSegmentSumGradConfig: KernelConfig = {
  kernelName: SparseSegmentSumGrad,
  backendName: 'wasm',
  kernelFunc: sparseSegmentGradKernelFunc(SparseSegmentSumGrad, 'sum', false),
};
