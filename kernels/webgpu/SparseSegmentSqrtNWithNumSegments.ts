/**
 * webgpu kernel of TensorFlow's `SparseSegmentSqrtNWithNumSegments`: sums the rows of `data` named
 * by `indices` per segment, divided by sqrt(rows in the segment), into `numSegments` rows
 * (segment_reduction_kernel.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSqrtNWithNumSegments} from '../../src/kernel_names';

import {sparseSegmentReductionWebGPU} from './segment_reduction_kernel';

export const sparseSegmentSqrtNWithNumSegmentsConfig: KernelConfig = {
  kernelName: SparseSegmentSqrtNWithNumSegments,
  backendName: 'webgpu',
  kernelFunc: sparseSegmentReductionWebGPU(SparseSegmentSqrtNWithNumSegments, 'sqrtn'),
};
