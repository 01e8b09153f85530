/**
 * cpu kernel of tfjs's `SparseSegmentMean` (`tf.sparse.sparseSegmentMean`),
 * replacing tfjs's own so that every backend reduces in TensorFlow's CPU
 * order (bit-identical results) and raises TensorFlow's errors with its
 * texts, in its order.
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentMean} from '../../src/kernel_names';

import {sparseSegmentReductionKernelFunc} from './lib/segment_reduction';

export const sparseSegmentMeanConfig: KernelConfig = {
  kernelName: SparseSegmentMean,
  backendName: 'cpu',
  kernelFunc: sparseSegmentReductionKernelFunc(SparseSegmentMean, 'mean'),
};
