/**
 * `tensorflow` (tfjs-node) kernel of `SparseSegmentSum` (tfjs's sparse op, which tfjs-node has no
 * kernel for): TensorFlow's own kernel, run natively (lib/native_kernel.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {nativeKernelConfig} from './lib/native_kernel';

export const sparseSegmentSumConfig: KernelConfig = nativeKernelConfig('SparseSegmentSum');
