/**
 * `tensorflow` (tfjs-node) kernel of `SparseGradOwnedCopy` (see lib/sparse_apply.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseGradOwnedCopy} from '../../src/kernel_names';

import {ownedCopyKernelFunc} from './lib/sparse_apply';

export const sparseGradOwnedCopyConfig: KernelConfig = {
  kernelName: SparseGradOwnedCopy,
  backendName: 'tensorflow',
  kernelFunc: ownedCopyKernelFunc,
};
