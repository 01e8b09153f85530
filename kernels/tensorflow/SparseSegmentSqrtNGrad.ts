/**
 * `tensorflow` (tfjs-node) kernel of `SparseSegmentSqrtNGrad` (one of the package's ops):
 * TensorFlow's own kernel, run natively (lib/native_kernel.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {nativeKernelConfig} from './lib/native_kernel';

export const sparseSegmentSqrtNGradConfig: KernelConfig =
    nativeKernelConfig('SparseSegmentSqrtNGrad');
