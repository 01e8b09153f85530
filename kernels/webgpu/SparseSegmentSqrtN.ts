/**
 * webgpu kernel of TensorFlow's `SparseSegmentSqrtN`: sums the rows of `data` named by `indices`
 * per segment and divides by sqrt(rows in the segment) (lib/segment_reduction.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSqrtN} from '../../src/kernel_names';

import {sparseSegmentReductionWebGPU} from './lib/segment_reduction';

export const sparseSegmentSqrtNConfig: KernelConfig = {
  kernelName: SparseSegmentSqrtN,
  backendName: 'webgpu',
  kernelFunc: sparseSegmentReductionWebGPU(SparseSegmentSqrtN, 'sqrtn'),
};
