/**
 * Registers every kernel and gradient of this package with tfjs, once.
 *
 * tfjs keeps kernels in a global registry keyed by backend name, so they can
 * be registered before or after the backends themselves are loaded. A kernel
 * or gradient already registered (by a second copy of this package, or by a
 * future tfjs) is left as it is.
 */
import {findBackendFactory, getGradient, getKernel, registerGradient, registerKernel, unregisterKernel} from '@tensorflow/tfjs-core';
import type {GradConfig, KernelConfig} from '@tensorflow/tfjs-core';

import {cpuKernels} from '../kernels/cpu/index';
import {tensorflowKernels} from '../kernels/tensorflow/index';
import {wasmKernels, wasmSetup} from '../kernels/wasm/index';
import {webglKernels} from '../kernels/webgl/index';
import {webgpuKernels} from '../kernels/webgpu/index';

import {registerFlags, replacesTfjsKernels} from './flags';
import {embeddingBagGradConfig} from './gradients/EmbeddingBag_grad';
import {sparseSegmentReductionGradConfigs} from './gradients/sparse_segment_reduction_grads';
import {sparseFillEmptyRowsGradConfig} from './gradients/SparseFillEmptyRows_grad';
import {sparseSliceGradConfig} from './gradients/SparseSlice_grad';
import {Backend, KernelTable, OpDef, OpName, OPS} from './op_registry';
import {registerOptimizerClasses} from './training/optimizers';

/** Each backend's kernels, by kernel name. */
const KERNEL_TABLES: {[B in Backend]: KernelTable<B>} = {
  cpu: cpuKernels,
  wasm: wasmKernels,
  webgl: webglKernels,
  webgpu: webgpuKernels,
  tensorflow: tensorflowKernels,
};

/** Set-up each kernel of a backend runs when tfjs sets that backend up. */
const SETUP: Partial<Record<Backend, KernelConfig['setupFunc']>> = {
  wasm: wasmSetup
};

/** The kernel configs of the tables, in the registry's order, backend by backend. */
function kernelConfigs(): KernelConfig[] {
  const configs: KernelConfig[] = [];
  for (const [backendName, table] of Object.entries(KERNEL_TABLES)) {
    const funcs = table as Partial<Record<OpName, KernelConfig['kernelFunc']>>;
    for (const kernelName of Object.keys(OPS) as OpName[]) {
      const kernelFunc = funcs[kernelName];
      if (kernelFunc == null) continue;
      const setupFunc = SETUP[backendName as Backend];
      configs.push({kernelName, backendName, kernelFunc, ...(setupFunc ? {setupFunc} : {})});
    }
  }
  return configs;
}

/**
 * Whether `config` stands in for tfjs's own kernel: a tfjs op (`fn` '' in
 * the registry), registered over the backend's kernel where it has one.
 */
function isOverride(config: KernelConfig): boolean {
  return (OPS[config.kernelName as OpName] as OpDef).fn === '';
}

/** Every kernel of the package that is no override, for every backend. */
export const ALL_KERNELS: readonly KernelConfig[] = kernelConfigs().filter(c => !isOverride(c));

/**
 * tfjs's kernels that an override displaced, by `backend/kernel`: with the
 * `SPARSE_GRAD_REPLACE_TFJS_KERNELS` flag off, the override calls them.
 */
const displaced = new Map<string, KernelConfig>();

/**
 * Marks the override configs of every copy of this package (an ESM and a
 * CJS copy may both be loaded): a copy leaves another copy's override in
 * place, so that neither displaces the other (which would make each defer
 * to the other, without end).
 */
const OVERRIDE_MARK = Symbol.for('tfjs-sparse-grad/override');

/** Whether `config` is an override of some copy of this package. */
function isPackageOverride(config: KernelConfig|undefined): boolean {
  return (config as {[OVERRIDE_MARK]?: boolean} | undefined)?.[OVERRIDE_MARK] === true;
}

/**
 * `config` with a kernel function that defers to tfjs's own when the flag is
 * off, and a setup function that also runs tfjs's (tfjs-backend-wasm binds
 * its kernel's WebAssembly function there).
 */
function deferringToTfjs(config: KernelConfig): KernelConfig&{[OVERRIDE_MARK]: true} {
  const key = `${config.backendName}/${config.kernelName}`;
  const ours = config.kernelFunc;
  return {
    ...config,
    [OVERRIDE_MARK]: true,
    kernelFunc: args => {
      const theirs = displaced.get(key);
      return theirs != null && !replacesTfjsKernels() ? theirs.kernelFunc(args) : ours(args);
    },
    setupFunc: backend => {
      displaced.get(key)?.setupFunc?.(backend);
      config.setupFunc?.(backend);
    },
  };
}

/**
 * The kernels that stand in for a backend's own (see the tables' comments):
 * tfjs's `UnsortedSegmentSum`, `SparseSegmentMean` and `SparseSegmentSum`,
 * wasm's `Identity`, and tfjs ops a backend lacks (registered at its setup).
 */
export const OVERRIDE_KERNELS: readonly KernelConfig[] =
    kernelConfigs().filter(isOverride).map(deferringToTfjs);

/**
 * Puts the overrides in place: at import, of every backend already loaded
 * (its own kernels registered with it); when tfjs sets a backend up, of
 * that backend. A backend registers its kernels when it is imported, which
 * may be after this package: its overrides then wait for its setup (see
 * `withOverrideSetup`), so that tfjs never registers a kernel over one of
 * ours (which it would do with an "already registered" warning).
 */
function registerOverrides(backendName?: string): void {
  for (const config of OVERRIDE_KERNELS) {
    if (backendName != null && config.backendName !== backendName) continue;
    const current = getKernel(config.kernelName, config.backendName);
    if (isPackageOverride(current)) continue;
    if (current != null) {
      displaced.set(`${config.backendName}/${config.kernelName}`, current);
      unregisterKernel(config.kernelName, config.backendName);
    } else if (backendName == null && findBackendFactory(config.backendName) == null) {
      // The backend is not loaded yet: it may bring its own kernel.
      continue;
    }
    registerKernel(config);
  }
}

/**
 * `config` with a `setupFunc` that restores the overrides of its backend:
 * tfjs calls the setup function of every kernel registered for a backend
 * when `tf.setBackend` makes it active, so the overrides win whatever the
 * import order. (Only kernels tfjs does not have carry it.)
 */
function withOverrideSetup(config: KernelConfig): KernelConfig {
  if (!OVERRIDE_KERNELS.some(o => o.backendName === config.backendName)) {
    return config;
  }
  const setup = config.setupFunc;
  return {
    ...config,
    setupFunc: backend => {
      registerOverrides(config.backendName);
      setup?.(backend);
    },
  };
}

/** Every gradient this package registers. */
export const ALL_GRADIENTS: readonly GradConfig[] = [
  ...sparseSegmentReductionGradConfigs,
  sparseFillEmptyRowsGradConfig,
  sparseSliceGradConfig,
  embeddingBagGradConfig,
];

/**
 * Registers every kernel and gradient of the package that is not registered
 * yet. Importing the package calls it; calling it again does nothing.
 */
export function registerAll(): void {
  registerFlags();
  for (const config of ALL_KERNELS) {
    if (getKernel(config.kernelName, config.backendName) == null) {
      registerKernel(withOverrideSetup(config));
    }
  }
  registerOverrides();
  for (const config of ALL_GRADIENTS) {
    if (getGradient(config.kernelName) == null) {
      registerGradient(config);
    }
  }
  registerOptimizerClasses();
}
