/**
 * webgl kernel of TensorFlow's `SparseSegmentSqrtNGrad`: the gradient of `SparseSegmentSqrtN`
 * with respect to `data`, dense.
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSqrtNGrad} from '../../src/kernel_names';

import {sparseSegmentGradKernelFunc} from './lib/segment_grad';

export const sparseSegmentSqrtNGradConfig: KernelConfig = {
  kernelName: SparseSegmentSqrtNGrad,
  backendName: 'webgl',
  kernelFunc: sparseSegmentGradKernelFunc(SparseSegmentSqrtNGrad, 'sqrtn', false),
};
