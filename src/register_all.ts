/**
 * Registers every kernel and gradient of this package with tfjs, once.
 *
 * tfjs keeps kernels in a global registry keyed by backend name, so they can
 * be registered before or after the backends themselves are loaded. A kernel
 * or gradient already registered (by a second copy of this package, or by a
 * future tfjs) is left as it is.
 */
import {getGradient, getKernel, registerGradient, registerKernel} from '@tensorflow/tfjs-core';
import type {GradConfig, KernelConfig} from '@tensorflow/tfjs-core';

import {cpuKernels} from '../kernels/cpu/index';
import {webglKernels} from '../kernels/webgl/index';

import {registerFlags} from './flags';
import {sparseSegmentReductionGradConfigs} from './gradients/sparse_segment_reduction_grads';
import {sparseFillEmptyRowsGradConfig} from './gradients/SparseFillEmptyRows_grad';
import {sparseSliceGradConfig} from './gradients/SparseSlice_grad';

/** Every kernel this package registers, for every backend. */
export const ALL_KERNELS: readonly KernelConfig[] = [
  ...cpuKernels,
  ...webglKernels,
];

/** Every gradient this package registers. */
export const ALL_GRADIENTS: readonly GradConfig[] = [
  ...sparseSegmentReductionGradConfigs,
  sparseFillEmptyRowsGradConfig,
  sparseSliceGradConfig,
];

export function registerAll(): void {
  registerFlags();
  for (const config of ALL_KERNELS) {
    if (getKernel(config.kernelName, config.backendName) == null) {
      registerKernel(config);
    }
  }
  for (const config of ALL_GRADIENTS) {
    if (getGradient(config.kernelName) == null) {
      registerGradient(config);
    }
  }
}
