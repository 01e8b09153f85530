/**
 * The kernels of the package for the `tensorflow` backend of
 * `@tensorflow/tfjs-node`, by kernel name: every op of the registry
 * (src/op_registry.ts) on this backend, or a compile error. The package's
 * ops and tfjs's sparse ops that tfjs-node lacks run TensorFlow's own
 * kernels (lib/native_kernel.ts); the sparse optimizers' updates read and
 * write only the looked-up rows (lib/sparse_apply.ts).
 */
import type {KernelTable} from '../../src/op_registry';

import {embeddingBagGradKernel, embeddingBagKernel} from './lib/embedding_bag';
import {nativeKernel} from './lib/native_kernel';
import {ownedCopyKernel, sparseApplyKernel, sumDuplicatesKernel} from './lib/sparse_apply';
import {unsortedSegmentSumKernel} from './lib/unsorted_segment_sum';

export const tensorflowKernels = {
  SparseSegmentSumGrad: nativeKernel('SparseSegmentSumGrad'),
  SparseSegmentMeanGrad: nativeKernel('SparseSegmentMeanGrad'),
  SparseSegmentSqrtNGrad: nativeKernel('SparseSegmentSqrtNGrad'),
  SparseSegmentSumGradV2: nativeKernel('SparseSegmentSumGradV2'),
  SparseSegmentMeanGradV2: nativeKernel('SparseSegmentMeanGradV2'),
  SparseSegmentSqrtNGradV2: nativeKernel('SparseSegmentSqrtNGradV2'),
  SparseFillEmptyRowsGrad: nativeKernel('SparseFillEmptyRowsGrad'),
  SparseSliceGrad: nativeKernel('SparseSliceGrad'),
  SparseSegmentSqrtN: nativeKernel('SparseSegmentSqrtN'),
  SparseSegmentSumWithNumSegments: nativeKernel('SparseSegmentSumWithNumSegments'),
  SparseSegmentMeanWithNumSegments: nativeKernel('SparseSegmentMeanWithNumSegments'),
  SparseSegmentSqrtNWithNumSegments: nativeKernel('SparseSegmentSqrtNWithNumSegments'),
  SparseSlice: nativeKernel('SparseSlice'),
  // tfjs-node has none of these four.
  SparseSegmentSum: nativeKernel('SparseSegmentSum'),
  SparseSegmentMean: nativeKernel('SparseSegmentMean'),
  SparseFillEmptyRows: nativeKernel('SparseFillEmptyRows'),
  SparseReshape: nativeKernel('SparseReshape'),
  // tfjs-node's, replaced: the same TensorFlow kernel, with the package's error classes.
  UnsortedSegmentSum: unsortedSegmentSumKernel,
  EmbeddingBag: embeddingBagKernel,
  EmbeddingBagGrad: embeddingBagGradKernel,
  SparseGradApplySGD: sparseApplyKernel('SparseGradApplySGD'),
  SparseGradApplyAdagrad: sparseApplyKernel('SparseGradApplyAdagrad'),
  SparseGradApplyLazyAdam: sparseApplyKernel('SparseGradApplyLazyAdam'),
  SparseGradApplyFtrl: sparseApplyKernel('SparseGradApplyFtrl'),
  SparseGradApplyMomentum: sparseApplyKernel('SparseGradApplyMomentum'),
  SparseGradApplyRowwiseAdagrad: sparseApplyKernel('SparseGradApplyRowwiseAdagrad'),
  SparseGradOwnedCopy: ownedCopyKernel,
  SparseGradSumDuplicates: sumDuplicatesKernel,
} satisfies KernelTable<'tensorflow'>;
