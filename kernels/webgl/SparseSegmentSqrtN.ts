/**
 * webgl kernel of TensorFlow's `SparseSegmentSqrtN`: sums the rows of `data` named by `indices` per
 * segment and divides by sqrt(rows in the segment).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSqrtN} from '../../src/kernel_names';

import {sparseSegmentReductionKernelFunc} from './lib/segment_reduction';

export const sparseSegmentSqrtNConfig: KernelConfig = {
  kernelName: SparseSegmentSqrtN,
  backendName: 'webgl',
  kernelFunc: sparseSegmentReductionKernelFunc(SparseSegmentSqrtN, 'sqrtn'),
};
