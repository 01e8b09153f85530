/**
 * `tensorflow` (tfjs-node) kernel of `SparseGradApplyLazyAdam` (see lib/sparse_apply.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseGradApplyLazyAdam} from '../../src/kernel_names';

import {sparseApplyKernelFunc} from './lib/sparse_apply';

export const sparseGradApplyLazyAdamConfig: KernelConfig = {
  kernelName: SparseGradApplyLazyAdam,
  backendName: 'tensorflow',
  kernelFunc: sparseApplyKernelFunc(SparseGradApplyLazyAdam),
};
