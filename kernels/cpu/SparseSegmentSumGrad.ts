/**
 * cpu kernel of TensorFlow's `SparseSegmentSumGrad`: the gradient of `SparseSegmentSum`
 * (and `SparseSegmentSumWithNumSegments`) with respect to `data`, dense.
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSumGrad} from '../../src/kernel_names';

import {sparseSegmentGradKernelFunc} from './lib/segment_grad';

export const sparseSegmentSumGradConfig: KernelConfig = {
  kernelName: SparseSegmentSumGrad,
  backendName: 'cpu',
  kernelFunc: sparseSegmentGradKernelFunc(SparseSegmentSumGrad, 'sum', false),
};
