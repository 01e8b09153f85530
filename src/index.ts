/**
 * tfjs-sparse-grad: TensorFlow's sparse gradient ops for TensorFlow.js.
 *
 * Importing this module registers, once, every kernel of the package (under
 * TensorFlow's op names) and the gradients that make `tf.grad` work through
 * `tf.sparse.sparseSegmentSum`, `tf.sparse.sparseSegmentMean`,
 * `tf.sparse.sparseFillEmptyRows` and the forward ops below.
 *
 * This entry needs only `@tensorflow/tfjs-core` (and a backend): the layers
 * (`EmbeddingBag`, `EmbeddingBagCollection`), which need
 * `@tensorflow/tfjs-layers`, come from `tfjs-sparse-grad/layers`
 * (src/layers.ts), which also re-exports everything here.
 *
 * @packageDocumentation
 */
import {registerAll} from './register_all';

registerAll();

export {InternalError, InvalidArgumentError, NotFoundError, OtherTensorFlowError, ResourceExhaustedError, TensorFlowError} from './errors';
export {onGpuIndexError} from './gpu_index_errors';
export type{GpuIndexErrorListener} from './gpu_index_errors';
export {REPLACE_TFJS_KERNELS_FLAG, VALIDATE_FLAG, WASM_NATIVE_FLAG, WEBGL_SCATTER_FLAG} from './flags';
export * from './kernel_names';
export {OP_REGISTRY} from './op_registry';
export type{InputName, OpDef, OpInputs, OpName} from './op_registry';
export {sparseFillEmptyRowsGrad} from './ops/sparse_fill_empty_rows_grad';
export type{SparseFillEmptyRowsGradResult} from './ops/sparse_fill_empty_rows_grad';
export {sparseSegmentMeanGrad, sparseSegmentSqrtNGrad, sparseSegmentSumGrad} from './ops/sparse_segment_grad';
export {sparseSegmentMeanGradV2, sparseSegmentSqrtNGradV2, sparseSegmentSumGradV2} from './ops/sparse_segment_grad_v2';
export type{SparseSegmentGradV2Result} from './ops/sparse_segment_grad_v2';
export {sparseSegmentSqrtN} from './ops/sparse_segment_sqrt_n';
export {sparseSegmentMeanWithNumSegments, sparseSegmentSqrtNWithNumSegments, sparseSegmentSumWithNumSegments} from './ops/sparse_segment_with_num_segments';
export {sparseSlice} from './ops/sparse_slice';
export type{SparseSliceResult} from './ops/sparse_slice';
export {sparseSliceGrad} from './ops/sparse_slice_grad';
export {registerGraphModelOps} from './graph_model_ops';
export type{GraphModelOpRegistry} from './graph_model_ops';
export {sparseFillEmptyRowsGradAsync, sparseSegmentMeanGradAsync, sparseSegmentMeanGradV2Async, sparseSegmentMeanWithNumSegmentsAsync, sparseSegmentSqrtNAsync, sparseSegmentSqrtNGradAsync, sparseSegmentSqrtNGradV2Async, sparseSegmentSqrtNWithNumSegmentsAsync, sparseSegmentSumGradAsync, sparseSegmentSumGradV2Async, sparseSegmentSumWithNumSegmentsAsync, sparseSliceAsync, sparseSliceGradAsync} from './ops/async_ops';
export {registerAll} from './register_all';
export {embeddingLookupSparse, embeddingLookupSparseAsync, safeEmbeddingLookupSparse, safeEmbeddingLookupSparseAsync} from './embedding/embedding_lookup_sparse';
export type{Combiner, EmbeddingLookupSparseOptions, SafeEmbeddingLookupSparseOptions, SparseTensorInput} from './embedding/embedding_lookup_sparse';
export {embeddingBag} from './embedding/embedding_bag';
export type{BagCombiner, EmbeddingBagOptions} from './embedding/embedding_bag';
export {isIndexedSlices, sparseVariableGrads} from './training/sparse_grads';
export type{IndexedSlices, SparseGradMap, SparseVariableGrads} from './training/sparse_grads';
export {LazyAdamOptimizer, RowwiseAdagradOptimizer, SparseAdagradOptimizer, SparseFtrlOptimizer, SparseMomentumOptimizer, SparseOptimizer, SparseSGDOptimizer, train} from './training/optimizers';
export type{FtrlOptions, GradientsToApply, NamedGradient, NamedTensor, RowwiseAdagradOptions} from './training/optimizers';
export {sumDuplicates} from './training/clipping';
export type{GradientClipping} from './training/clipping';
export {version} from './version';
