/**
 * webgpu kernel of tfjs's `SparseSegmentMean` (`tf.sparse.sparseSegmentMean`), replacing
 * tfjs's own: that one reads `segmentIds` back synchronously, which breaks
 * the WebGPU device once the ids live on the GPU (e.g. from the second
 * training step on, when the same index tensors are reused). This one reads
 * them only while they are held on the CPU (and keeps them there), and
 * reduces in TF's CPU order (lib/segment_reduction.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseSegmentMean} from '../../src/kernel_names';

import {sparseSegmentReductionWebGPU} from './lib/segment_reduction';

export const sparseSegmentMeanConfig: KernelConfig = {
  kernelName: SparseSegmentMean,
  backendName: 'webgpu',
  kernelFunc: sparseSegmentReductionWebGPU(SparseSegmentMean, 'mean'),
};
