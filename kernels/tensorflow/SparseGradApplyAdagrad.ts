/**
 * `tensorflow` (tfjs-node) kernel of `SparseGradApplyAdagrad` (see lib/sparse_apply.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseGradApplyAdagrad} from '../../src/kernel_names';

import {sparseApplyKernelFunc} from './lib/sparse_apply';

export const sparseGradApplyAdagradConfig: KernelConfig = {
  kernelName: SparseGradApplyAdagrad,
  backendName: 'tensorflow',
  kernelFunc: sparseApplyKernelFunc(SparseGradApplyAdagrad),
};
