/**
 * wasm kernel of `SparseGradOwnedCopy`: a copy of a variable's values in
 * heap memory of its own, which the sparse optimizers then update in place.
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {SparseGradOwnedCopy} from '../../src/kernel_names';

import {ownedCopyKernelFunc} from './lib/sparse_apply';

export const sparseGradOwnedCopyConfig: KernelConfig = {
  kernelName: SparseGradOwnedCopy,
  backendName: 'wasm',
  kernelFunc: ownedCopyKernelFunc,
};
