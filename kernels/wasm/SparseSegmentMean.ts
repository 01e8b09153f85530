/**
 * wasm kernel of tfjs's `SparseSegmentMean`, replacing tfjs-backend-wasm's so that it reduces in
 * TensorFlow's order and raises its errors (see lib/segment_reduction.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentMean} from '../../src/kernel_names';

import {sparseSegmentReductionKernelFunc} from './lib/segment_reduction';

export const sparseSegmentMeanConfig: KernelConfig = {
  kernelName: SparseSegmentMean,
  backendName: 'wasm',
  kernelFunc: sparseSegmentReductionKernelFunc(SparseSegmentMean, 'mean'),
};
