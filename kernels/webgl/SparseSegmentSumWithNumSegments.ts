/**
 * webgl kernel of TensorFlow's `SparseSegmentSumWithNumSegments`: `SparseSegmentSum` with an
 * explicit number of output rows (rows no segment names are 0).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSumWithNumSegments} from '../../src/kernel_names';

import {sparseSegmentReductionKernelFunc} from './lib/segment_reduction';

export const sparseSegmentSumWithNumSegmentsConfig: KernelConfig = {
  kernelName: SparseSegmentSumWithNumSegments,
  backendName: 'webgl',
  kernelFunc: sparseSegmentReductionKernelFunc(SparseSegmentSumWithNumSegments, 'sum'),
};
