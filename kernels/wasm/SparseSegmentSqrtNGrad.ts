/**
 * wasm kernel of TensorFlow's `SparseSegmentSqrtNGrad` (see lib/segment_grad.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSqrtNGrad} from '../../src/kernel_names';

import {sparseSegmentGradKernelFunc} from './lib/segment_grad';

export const sparseSegmentSqrtNGradConfig: KernelConfig = {
  kernelName: SparseSegmentSqrtNGrad,
  backendName: 'wasm',
  kernelFunc: sparseSegmentGradKernelFunc(SparseSegmentSqrtNGrad, 'sqrtn', false),
};
