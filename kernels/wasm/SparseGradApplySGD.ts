/**
 * wasm kernel of `SparseGradApplySGD`: the in-place update of the rows a training step
 * looked up (see lib/sparse_apply.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseGradApplySGD} from '../../src/kernel_names';

import {sparseApplyKernelFunc} from './lib/sparse_apply';

export const sparseGradApplySGDConfig: KernelConfig = {
  kernelName: SparseGradApplySGD,
  backendName: 'wasm',
  kernelFunc: sparseApplyKernelFunc(SparseGradApplySGD),
};
