/**
 * webgpu kernel of TensorFlow's `SparseSegmentMeanWithNumSegments`: averages the rows of `data`
 * named by `indices` per segment, into `numSegments` rows (lib/segment_reduction.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentMeanWithNumSegments} from '../../src/kernel_names';

import {sparseSegmentReductionWebGPU} from './lib/segment_reduction';

export const sparseSegmentMeanWithNumSegmentsConfig: KernelConfig = {
  kernelName: SparseSegmentMeanWithNumSegments,
  backendName: 'webgpu',
  kernelFunc: sparseSegmentReductionWebGPU(SparseSegmentMeanWithNumSegments, 'mean'),
};
