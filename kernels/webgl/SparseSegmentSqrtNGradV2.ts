/**
 * webgl kernel of TensorFlow's `SparseSegmentSqrtNGradV2`: the gradient of `SparseSegmentSqrtN`
 * with respect to `data`, as rows of the distinct indices only (one int32 readback: their count).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSqrtNGradV2} from '../../src/kernel_names';

import {sparseSegmentGradKernelFunc} from './lib/segment_grad';

export const sparseSegmentSqrtNGradV2Config: KernelConfig = {
  kernelName: SparseSegmentSqrtNGradV2,
  backendName: 'webgl',
  kernelFunc: sparseSegmentGradKernelFunc(SparseSegmentSqrtNGradV2, 'sqrtn', true),
};
