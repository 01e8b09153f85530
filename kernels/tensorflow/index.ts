/**
 * Every kernel of this package for the `tensorflow` backend of
 * `@tensorflow/tfjs-node`: the package's ops and tfjs's sparse ops that
 * tfjs-node lacks run TensorFlow's own kernels; the sparse optimizers'
 * updates run the cpu kernel's arithmetic (lib/sparse_apply.ts).
 */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {sparseFillEmptyRowsConfig} from './SparseFillEmptyRows';
import {sparseFillEmptyRowsGradConfig} from './SparseFillEmptyRowsGrad';
import {sparseGradApplyAdagradConfig} from './SparseGradApplyAdagrad';
import {sparseGradApplyLazyAdamConfig} from './SparseGradApplyLazyAdam';
import {sparseGradApplySGDConfig} from './SparseGradApplySGD';
import {sparseGradOwnedCopyConfig} from './SparseGradOwnedCopy';
import {sparseReshapeConfig} from './SparseReshape';
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

export const tensorflowKernels: KernelConfig[] = [
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
  sparseSegmentSumConfig,
  sparseSegmentMeanConfig,
  sparseFillEmptyRowsConfig,
  sparseReshapeConfig,
  sparseGradApplySGDConfig,
  sparseGradApplyAdagradConfig,
  sparseGradApplyLazyAdamConfig,
  sparseGradOwnedCopyConfig,
];

/**
 * Kernels that replace tfjs-node's own (see src/register_all.ts):
 * `UnsortedSegmentSum`, the same TensorFlow kernel with the package's error
 * classes.
 */
export const tensorflowKernelOverrides: KernelConfig[] = [unsortedSegmentSumConfig];
