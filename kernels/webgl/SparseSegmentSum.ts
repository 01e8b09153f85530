/**
 * webgl kernel of tfjs's `SparseSegmentSum` (`tf.sparse.sparseSegmentSum`),
 * replacing tfjs's own, which reads `data` back to the CPU and skips
 * TensorFlow's length check. This one reduces on the GPU in TF's CPU order
 * (lib/segment_reduction.ts) and reads back only int32 ids.
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSum} from '../../src/kernel_names';

import {sparseSegmentReductionKernelFunc} from './lib/segment_reduction';

export const sparseSegmentSumConfig: KernelConfig = {
  kernelName: SparseSegmentSum,
  backendName: 'webgl',
  kernelFunc: sparseSegmentReductionKernelFunc(SparseSegmentSum, 'sum'),
};
