/**
 * webgpu kernel of TensorFlow's `SparseSegmentMeanWithNumSegments`: averages the rows of `data`
 * named by `indices` per segment, into `numSegments` rows (segment_reduction_kernel.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentMeanWithNumSegments} from '../../src/kernel_names';

import {sparseSegmentReductionWebGPU} from './segment_reduction_kernel';

export const sparseSegmentMeanWithNumSegmentsConfig: KernelConfig = {
  kernelName: SparseSegmentMeanWithNumSegments,
  backendName: 'webgpu',
  kernelFunc: sparseSegmentReductionWebGPU(SparseSegmentMeanWithNumSegments, 'mean'),
};
