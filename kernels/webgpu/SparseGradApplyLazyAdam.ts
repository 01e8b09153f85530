/**
 * webgpu kernel of `SparseGradApplyLazyAdam`: the in-place update of the rows a
 * training step looked up (see sparse_apply_kernel.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseGradApplyLazyAdam} from '../../src/kernel_names';

import {sparseApplyKernelFunc} from './sparse_apply_kernel';

export const sparseGradApplyLazyAdamConfig: KernelConfig = {
  kernelName: SparseGradApplyLazyAdam,
  backendName: 'webgpu',
  kernelFunc: sparseApplyKernelFunc(SparseGradApplyLazyAdam),
};
