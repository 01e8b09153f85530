/**
 * wasm kernel of TensorFlow's `SparseSegmentSumWithNumSegments` (see lib/segment_reduction.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSumWithNumSegments} from '../../src/kernel_names';

import {sparseSegmentReductionKernelFunc} from './lib/segment_reduction';

export const sparseSegmentSumWithNumSegmentsConfig: KernelConfig = {
  kernelName: SparseSegmentSumWithNumSegments,
  backendName: 'wasm',
  kernelFunc: sparseSegmentReductionKernelFunc(SparseSegmentSumWithNumSegments, 'sum'),
};
