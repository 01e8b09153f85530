/**
 * wasm kernel of TensorFlow's `SparseSegmentSqrtNWithNumSegments` (see lib/segment_reduction.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSqrtNWithNumSegments} from '../../src/kernel_names';

import {sparseSegmentReductionKernelFunc} from './lib/segment_reduction';

export const sparseSegmentSqrtNWithNumSegmentsConfig: KernelConfig = {
  kernelName: SparseSegmentSqrtNWithNumSegments,
  backendName: 'wasm',
  kernelFunc: sparseSegmentReductionKernelFunc(SparseSegmentSqrtNWithNumSegments, 'sqrtn'),
};
