/**
 * `tensorflow` (tfjs-node) kernel of `SparseGradApplySGD` (see lib/sparse_apply.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseGradApplySGD} from '../../src/kernel_names';

import {sparseApplyKernelFunc} from './lib/sparse_apply';

export const sparseGradApplySGDConfig: KernelConfig = {
  kernelName: SparseGradApplySGD,
  backendName: 'tensorflow',
  kernelFunc: sparseApplyKernelFunc(SparseGradApplySGD),
};
