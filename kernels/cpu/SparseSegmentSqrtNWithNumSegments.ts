/**
 * cpu kernel of TensorFlow's `SparseSegmentSqrtNWithNumSegments`: `SparseSegmentSqrtN` with an
 * explicit number of output rows (rows no segment names are 0).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentSqrtNWithNumSegments} from '../../src/kernel_names';

import {sparseSegmentReductionKernelFunc} from './lib/segment_reduction';

export const sparseSegmentSqrtNWithNumSegmentsConfig: KernelConfig = {
  kernelName: SparseSegmentSqrtNWithNumSegments,
  backendName: 'cpu',
  kernelFunc: sparseSegmentReductionKernelFunc(SparseSegmentSqrtNWithNumSegments, 'sqrtn'),
};
