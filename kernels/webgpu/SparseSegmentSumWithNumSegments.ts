/**
 * webgpu kernel of TensorFlow's `SparseSegmentSumWithNumSegments`: sums the rows of `data` named by
 * `indices` per segment, into `numSegments` rows (lib/segment_reduction.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSumWithNumSegments} from '../../src/kernel_names';

import {sparseSegmentReductionWebGPU} from './lib/segment_reduction';

export const sparseSegmentSumWithNumSegmentsConfig: KernelConfig = {
  kernelName: SparseSegmentSumWithNumSegments,
  backendName: 'webgpu',
  kernelFunc: sparseSegmentReductionWebGPU(SparseSegmentSumWithNumSegments, 'sum'),
};
