/**
 * cpu kernel of tfjs's `SparseSegmentSum` (`tf.sparse.sparseSegmentSum`),
 * replacing tfjs's own so that every backend reduces in TensorFlow's CPU
 * order (bit-identical results) and raises TensorFlow's errors with its
 * texts, in its order.
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSum} from '../../src/kernel_names';

import {sparseSegmentReductionKernelFunc} from './lib/segment_reduction';

export const sparseSegmentSumConfig: KernelConfig = {
  kernelName: SparseSegmentSum,
  backendName: 'cpu',
  kernelFunc: sparseSegmentReductionKernelFunc(SparseSegmentSum, 'sum'),
};
