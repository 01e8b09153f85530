/**
 * wasm kernel of `SparseGradApplyLazyAdam`: the in-place update of the rows a training step
 * looked up (see lib/sparse_apply.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseGradApplyLazyAdam} from '../../src/kernel_names';

import {sparseApplyKernelFunc} from './lib/sparse_apply';

export const sparseGradApplyLazyAdamConfig: KernelConfig = {
  kernelName: SparseGradApplyLazyAdam,
  backendName: 'wasm',
  kernelFunc: sparseApplyKernelFunc(SparseGradApplyLazyAdam),
};
