/**
 * webgpu kernel of TensorFlow's `SparseSegmentSumWithNumSegments`: sums the rows of `data` named by
 * `indices` per segment, into `numSegments` rows (segment_reduction_kernel.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSumWithNumSegments} from '../../src/kernel_names';

import {sparseSegmentReductionWebGPU} from './segment_reduction_kernel';

export const sparseSegmentSumWithNumSegmentsConfig: KernelConfig = {
  kernelName: SparseSegmentSumWithNumSegments,
  backendName: 'webgpu',
  kernelFunc: sparseSegmentReductionWebGPU(SparseSegmentSumWithNumSegments, 'sum'),
};
