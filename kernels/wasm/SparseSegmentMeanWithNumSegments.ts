/**
 * wasm kernel of TensorFlow's `SparseSegmentMeanWithNumSegments` (see lib/segment_reduction.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentMeanWithNumSegments} from '../../src/kernel_names';

import {sparseSegmentReductionKernelFunc} from './lib/segment_reduction';

export const sparseSegmentMeanWithNumSegmentsConfig: KernelConfig = {
  kernelName: SparseSegmentMeanWithNumSegments,
  backendName: 'wasm',
  kernelFunc: sparseSegmentReductionKernelFunc(SparseSegmentMeanWithNumSegments, 'mean'),
};
