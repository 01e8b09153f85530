/**
 * Registers every kernel and gradient of this package with tfjs, once.
 *
 * tfjs keeps kernels in a global registry keyed by backend name, so they can
 * be registered before or after the backends themselves are loaded. A kernel
 * or gradient already registered (by a second copy of this package, or by a
 * future tfjs) is left as it is.
 */
import {getGradient, getKernel, registerGradient, registerKernel, unregisterKernel} from '@tensorflow/tfjs-core';
import type {GradConfig, KernelConfig} from '@tensorflow/tfjs-core';

import {cpuKernels} from '../kernels/cpu/index';
import {webgpuKernelOverrides, webgpuKernels} from '../kernels/webgpu/index';

import {registerFlags} from './flags';
import {sparseSegmentReductionGradConfigs} from './gradients/sparse_segment_reduction_grads';
import {sparseFillEmptyRowsGradConfig} from './gradients/SparseFillEmptyRows_grad';
import {sparseSliceGradConfig} from './gradients/SparseSlice_grad';

/** Every kernel this package registers, for every backend. */
export const ALL_KERNELS: readonly KernelConfig[] = [...cpuKernels, ...webgpuKernels];

/**
 * Kernels that replace a backend's own (tfjs's webgpu SparseSegmentMean and
 * SparseSegmentSum read their ids back synchronously, which breaks WebGPU in
 * Chromium). tfjs registers a backend's kernels when the backend is
 * imported: import it before this package, or call `registerAll()` again.
 */
export const OVERRIDE_KERNELS: readonly KernelConfig[] = [...webgpuKernelOverrides];

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
  for (const config of OVERRIDE_KERNELS) {
    if (getKernel(config.kernelName, config.backendName) !== config) {
      if (getKernel(config.kernelName, config.backendName) != null) {
        unregisterKernel(config.kernelName, config.backendName);
      }
      registerKernel(config);
    }
  }
  for (const config of ALL_GRADIENTS) {
    if (getGradient(config.kernelName) == null) {
      registerGradient(config);
    }
  }
}
