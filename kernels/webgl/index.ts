/**
 * The webgl kernels of the package (tfjs-backend-webgl, an optional peer),
 * by kernel name: every op of the registry (src/op_registry.ts) on this
 * backend, or a compile error. Their GLSL programs are in shaders/webgl/.
 */
import type {KernelTable} from '../../src/op_registry';

import {embeddingBagGradKernel, embeddingBagKernel} from './lib/embedding_bag';
import {segmentGradKernel} from './lib/segment_grad';
import {segmentReductionKernel} from './lib/segment_reduction';
import {ownedCopyKernel, sparseApplyKernel, sumDuplicatesKernel} from './lib/sparse_apply';
import {sparseFillEmptyRowsGradKernel} from './lib/sparse_fill_empty_rows_grad';
import {sparseSliceKernel} from './lib/sparse_slice';
import {sparseSliceGradKernel} from './lib/sparse_slice_grad';
import {unsortedSegmentSumKernel} from './lib/unsorted_segment_sum';

export const webglKernels = {
  SparseSegmentSumGrad: segmentGradKernel('SparseSegmentSumGrad'),
  SparseSegmentMeanGrad: segmentGradKernel('SparseSegmentMeanGrad'),
  SparseSegmentSqrtNGrad: segmentGradKernel('SparseSegmentSqrtNGrad'),
  SparseSegmentSumGradV2: segmentGradKernel('SparseSegmentSumGradV2'),
  SparseSegmentMeanGradV2: segmentGradKernel('SparseSegmentMeanGradV2'),
  SparseSegmentSqrtNGradV2: segmentGradKernel('SparseSegmentSqrtNGradV2'),
  SparseFillEmptyRowsGrad: sparseFillEmptyRowsGradKernel,
  SparseSliceGrad: sparseSliceGradKernel,
  SparseSegmentSqrtN: segmentReductionKernel('SparseSegmentSqrtN'),
  SparseSegmentSumWithNumSegments: segmentReductionKernel('SparseSegmentSumWithNumSegments'),
  SparseSegmentMeanWithNumSegments: segmentReductionKernel('SparseSegmentMeanWithNumSegments'),
  SparseSegmentSqrtNWithNumSegments: segmentReductionKernel('SparseSegmentSqrtNWithNumSegments'),
  SparseSlice: sparseSliceKernel,
  // tfjs's, replaced: they read data back and skip TF's checks.
  SparseSegmentSum: segmentReductionKernel('SparseSegmentSum'),
  SparseSegmentMean: segmentReductionKernel('SparseSegmentMean'),
  // tfjs's, replaced: it makes one pass over the input per segment.
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
} satisfies KernelTable<'webgl'>;
