/**
 * wasm kernel of tfjs's `SparseSegmentSum`, replacing tfjs-backend-wasm's so that it reduces in
 * TensorFlow's order and raises its errors (see lib/segment_reduction.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSum} from '../../src/kernel_names';

import {sparseSegmentReductionKernelFunc} from './lib/segment_reduction';

export const sparseSegmentSumConfig: KernelConfig = {
  kernelName: SparseSegmentSum,
  backendName: 'wasm',
  kernelFunc: sparseSegmentReductionKernelFunc(SparseSegmentSum, 'sum'),
};
