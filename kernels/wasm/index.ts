/**
 * The wasm kernels of the package (tfjs-backend-wasm, an optional peer), by
 * kernel name: every op of the registry (src/op_registry.ts) on this
 * backend, or a compile error. They work on the wasm heap in place, with
 * the compiled loops of native/sparse_grad.c (or their TypeScript twins in
 * kernels/shared/).
 */
import type {KernelTable} from '../../src/op_registry';

import {wasmBackend} from './lib/backend_util';
import {embeddingBagGradKernel, embeddingBagKernel} from './lib/embedding_bag';
import {identityKernel} from './lib/identity';
import {prepareNative} from './lib/native';
import {segmentGradKernel} from './lib/segment_grad';
import {segmentReductionKernel} from './lib/segment_reduction';
import {ownedCopyKernel, sparseApplyKernel, sumDuplicatesKernel} from './lib/sparse_apply';
import {sparseFillEmptyRowsGradKernel} from './lib/sparse_fill_empty_rows_grad';
import {sparseSliceKernel} from './lib/sparse_slice';
import {sparseSliceGradKernel} from './lib/sparse_slice_grad';
import {unsortedSegmentSumKernel} from './lib/unsorted_segment_sum';

export const wasmKernels = {
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
  // tfjs's, replaced: they reduce in another order and skip TF's checks.
  SparseSegmentSum: segmentReductionKernel('SparseSegmentSum'),
  SparseSegmentMean: segmentReductionKernel('SparseSegmentMean'),
  // tfjs-backend-wasm has none (gather's gradient: tf.layers.embedding trains with it).
  UnsortedSegmentSum: unsortedSegmentSumKernel,
  // tfjs's, replaced: it copies its input, so a training step would copy its tables.
  Identity: identityKernel,
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
} satisfies KernelTable<'wasm'>;

/** Set-up of every wasm kernel: starts compiling the WebAssembly loops (lib/native.ts). */
export function wasmSetup(backend: object): void {
  void prepareNative(wasmBackend(backend));
}
