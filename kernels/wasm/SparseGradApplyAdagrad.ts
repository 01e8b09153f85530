/**
 * wasm kernel of `SparseGradApplyAdagrad`: the in-place update of the rows a training step
 * looked up (see lib/sparse_apply.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseGradApplyAdagrad} from '../../src/kernel_names';

import {sparseApplyKernelFunc} from './lib/sparse_apply';

export const sparseGradApplyAdagradConfig: KernelConfig = {
  kernelName: SparseGradApplyAdagrad,
  backendName: 'wasm',
  kernelFunc: sparseApplyKernelFunc(SparseGradApplyAdagrad),
};
