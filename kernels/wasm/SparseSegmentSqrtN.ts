/**
 * wasm kernel of TensorFlow's `SparseSegmentSqrtN` (see lib/segment_reduction.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSqrtN} from '../../src/kernel_names';

import {sparseSegmentReductionKernelFunc} from './lib/segment_reduction';

export const sparseSegmentSqrtNConfig: KernelConfig = {
  kernelName: SparseSegmentSqrtN,
  backendName: 'wasm',
  kernelFunc: sparseSegmentReductionKernelFunc(SparseSegmentSqrtN, 'sqrtn'),
};
