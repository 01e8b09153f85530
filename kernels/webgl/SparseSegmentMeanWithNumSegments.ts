/**
 * webgl kernel of TensorFlow's `SparseSegmentMeanWithNumSegments`: `SparseSegmentMean` with an
 * explicit number of output rows (rows no segment names are 0).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentMeanWithNumSegments} from '../../src/kernel_names';

import {sparseSegmentReductionKernelFunc} from './lib/segment_reduction';

export const sparseSegmentMeanWithNumSegmentsConfig: KernelConfig = {
  kernelName: SparseSegmentMeanWithNumSegments,
  backendName: 'webgl',
  kernelFunc: sparseSegmentReductionKernelFunc(SparseSegmentMeanWithNumSegments, 'mean'),
};
