/** Every wasm kernel of this package. */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {wasmBackend} from './lib/backend_util';
import {prepareNative} from './lib/native';

import {identityConfig} from './Identity';
import {sparseFillEmptyRowsGradConfig} from './SparseFillEmptyRowsGrad';
import {sparseGradApplyAdagradConfig} from './SparseGradApplyAdagrad';
import {sparseGradApplyLazyAdamConfig} from './SparseGradApplyLazyAdam';
import {sparseGradApplySGDConfig} from './SparseGradApplySGD';
import {sparseGradOwnedCopyConfig} from './SparseGradOwnedCopy';
import {sparseSegmentMeanConfig} from './SparseSegmentMean';
import {sparseSegmentMeanGradConfig} from './SparseSegmentMeanGrad';
import {sparseSegmentMeanGradV2Config} from './SparseSegmentMeanGradV2';
import {sparseSegmentMeanWithNumSegmentsConfig} from './SparseSegmentMeanWithNumSegments';
import {sparseSegmentSqrtNConfig} from './SparseSegmentSqrtN';
import {sparseSegmentSqrtNGradConfig} from './SparseSegmentSqrtNGrad';
import {sparseSegmentSqrtNGradV2Config} from './SparseSegmentSqrtNGradV2';
import {sparseSegmentSqrtNWithNumSegmentsConfig} from './SparseSegmentSqrtNWithNumSegments';
import {sparseSegmentSumConfig} from './SparseSegmentSum';
import {sparseSegmentSumGradConfig} from './SparseSegmentSumGrad';
import {sparseSegmentSumGradV2Config} from './SparseSegmentSumGradV2';
import {sparseSegmentSumWithNumSegmentsConfig} from './SparseSegmentSumWithNumSegments';
import {sparseSliceConfig} from './SparseSlice';
import {sparseSliceGradConfig} from './SparseSliceGrad';
import {unsortedSegmentSumConfig} from './UnsortedSegmentSum';

/**
 * Kernels tfjs-backend-wasm does not have, including `UnsortedSegmentSum`
 * (gather's gradient, so `tf.layers.embedding` trains on wasm).
 */
const kernels: KernelConfig[] = [
  sparseSegmentSumGradConfig,
  sparseSegmentMeanGradConfig,
  sparseSegmentSqrtNGradConfig,
  sparseSegmentSumGradV2Config,
  sparseSegmentMeanGradV2Config,
  sparseSegmentSqrtNGradV2Config,
  sparseFillEmptyRowsGradConfig,
  sparseSliceGradConfig,
  sparseSegmentSqrtNConfig,
  sparseSegmentSumWithNumSegmentsConfig,
  sparseSegmentMeanWithNumSegmentsConfig,
  sparseSegmentSqrtNWithNumSegmentsConfig,
  sparseSliceConfig,
  sparseGradApplySGDConfig,
  sparseGradApplyAdagradConfig,
  sparseGradApplyLazyAdamConfig,
  sparseGradOwnedCopyConfig,
  unsortedSegmentSumConfig,
];

/**
 * Kernels that replace tfjs-backend-wasm's own (see src/register_all.ts):
 * `SparseSegmentMean`/`SparseSegmentSum`, so that they reduce in
 * TensorFlow's order and raise its errors, as on the other backends; and
 * `Identity`, which shares memory instead of copying (Identity.ts), so
 * that a training step does not copy the tables it looks rows up in.
 */
const overrides: KernelConfig[] = [
  sparseSegmentMeanConfig,
  sparseSegmentSumConfig,
  identityConfig,
];

/**
 * `config` that starts compiling the kernels' WebAssembly loops when tfjs
 * sets the wasm backend up (lib/native.ts).
 */
function preparingNative(config: KernelConfig): KernelConfig {
  return {...config, setupFunc: backend => void prepareNative(wasmBackend(backend))};
}

export const wasmKernels = kernels.map(preparingNative);
export const wasmKernelOverrides = overrides.map(preparingNative);
