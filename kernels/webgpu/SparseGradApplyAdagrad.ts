/**
 * webgpu kernel of `SparseGradApplyAdagrad`: the in-place update of the rows a
 * training step looked up (see sparse_apply_kernel.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseGradApplyAdagrad} from '../../src/kernel_names';

import {sparseApplyKernelFunc} from './sparse_apply_kernel';

export const sparseGradApplyAdagradConfig: KernelConfig = {
  kernelName: SparseGradApplyAdagrad,
  backendName: 'webgpu',
  kernelFunc: sparseApplyKernelFunc(SparseGradApplyAdagrad),
};
