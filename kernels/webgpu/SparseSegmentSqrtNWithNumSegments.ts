/**
 * webgpu kernel of TensorFlow's `SparseSegmentSqrtNWithNumSegments`: sums the rows of `data` named
 * by `indices` per segment, divided by sqrt(rows in the segment), into `numSegments` rows
 * (lib/segment_reduction.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSqrtNWithNumSegments} from '../../src/kernel_names';

import {sparseSegmentReductionWebGPU} from './lib/segment_reduction';

export const sparseSegmentSqrtNWithNumSegmentsConfig: KernelConfig = {
  kernelName: SparseSegmentSqrtNWithNumSegments,
  backendName: 'webgpu',
  kernelFunc: sparseSegmentReductionWebGPU(SparseSegmentSqrtNWithNumSegments, 'sqrtn'),
};
