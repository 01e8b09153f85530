/**
 * Every webgpu kernel of this package (WGSL in shaders/webgpu/). The
 * backend is an optional peer dependency: these files import its types
 * only, and use the backend object each kernel receives.
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {sparseFillEmptyRowsConfig} from './SparseFillEmptyRows';
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

export const webgpuKernels: KernelConfig[] = [
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
  // tfjs's webgpu backend has no SparseFillEmptyRows.
  sparseFillEmptyRowsConfig,
  sparseGradApplySGDConfig,
  sparseGradApplyAdagradConfig,
  sparseGradApplyLazyAdamConfig,
  sparseGradOwnedCopyConfig,
];

/**
 * Kernels that replace tfjs's own webgpu kernels: `SparseSegmentMean` and
 * `SparseSegmentSum`, whose synchronous readback of `segmentIds` breaks the
 * WebGPU device in Chromium once the ids are on the GPU, and
 * `UnsortedSegmentSum`, whose float atomics add in a different order on
 * every run.
 */
export const webgpuKernelOverrides: KernelConfig[] = [
  sparseSegmentMeanConfig,
  sparseSegmentSumConfig,
  unsortedSegmentSumConfig,
];
