/**
 * Names and input maps of the kernels this package registers.
 *
 * Kernel names are TensorFlow's raw op names; input names are TensorFlow's
 * input names in camelCase, so that a kernel can be called with
 * `tf.engine().runKernel(name, inputs)` exactly as TensorFlow's op is called.
 * tfjs has no int64: every index-like input is int32.
 */
import type {OpInputs} from './op_registry';

/** Which reduction a sparse segment op (or its gradient) performs. */
export type SegmentReduction = 'sum'|'mean'|'sqrtn';

// ---- Gradients of the sparse segment reductions (TF: math_ops.cc) ----------

/** Kernel name of TensorFlow's `SparseSegmentSumGrad` op. */
export const SparseSegmentSumGrad = 'SparseSegmentSumGrad';
/** Kernel name of TensorFlow's `SparseSegmentMeanGrad` op. */
export const SparseSegmentMeanGrad = 'SparseSegmentMeanGrad';
/** Kernel name of TensorFlow's `SparseSegmentSqrtNGrad` op. */
export const SparseSegmentSqrtNGrad = 'SparseSegmentSqrtNGrad';
/**
 * Inputs of `SparseSegment{Sum,Mean,SqrtN}Grad`; output: `output`.
 * `grad` float32, rank >= 1: the gradient of the forward output; `indices`
 * int32 1-D: rows of the forward op's `data` (the output rows here);
 * `segmentIds` int32 1-D, as long as `indices`; `outputDim0` int32 scalar:
 * rows of the output (the forward `data.shape[0]`).
 */
export type SparseSegmentGradInputs = OpInputs<typeof SparseSegmentSumGrad>;

/** Kernel name of TensorFlow's `SparseSegmentSumGradV2` op. */
export const SparseSegmentSumGradV2 = 'SparseSegmentSumGradV2';
/** Kernel name of TensorFlow's `SparseSegmentMeanGradV2` op. */
export const SparseSegmentMeanGradV2 = 'SparseSegmentMeanGradV2';
/** Kernel name of TensorFlow's `SparseSegmentSqrtNGradV2` op. */
export const SparseSegmentSqrtNGradV2 = 'SparseSegmentSqrtNGradV2';
/**
 * Inputs of `SparseSegment{Sum,Mean,SqrtN}GradV2`; outputs:
 * `[output, sortedUniqueIndices]`. As V1's, with `denseOutputDim0` (the
 * forward `data.shape[0]`, which bounds `indices`) for `outputDim0`.
 */
export type SparseSegmentGradV2Inputs = OpInputs<typeof SparseSegmentSumGradV2>;

/** The V1 and V2 gradient kernels of each reduction. */
export const SEGMENT_GRAD_KERNELS: ReadonlyArray<{
  /** The reduction of the forward op. */
  reduction: SegmentReduction,
  /** Name of its V1 gradient kernel. */
  v1: string,
  /** Name of its V2 gradient kernel. */
  v2: string
}> =
    [
      {reduction: 'sum', v1: SparseSegmentSumGrad, v2: SparseSegmentSumGradV2},
      {reduction: 'mean', v1: SparseSegmentMeanGrad, v2: SparseSegmentMeanGradV2},
      {reduction: 'sqrtn', v1: SparseSegmentSqrtNGrad, v2: SparseSegmentSqrtNGradV2},
    ];

// ---- SparseFillEmptyRowsGrad (TF: sparse_ops.cc) ---------------------------

/** Kernel name of TensorFlow's `SparseFillEmptyRowsGrad` op. */
export const SparseFillEmptyRowsGrad = 'SparseFillEmptyRowsGrad';
/**
 * Inputs of `SparseFillEmptyRowsGrad`; outputs: `[dValues, dDefaultValue]`.
 * `reverseIndexMap` int32 `[N]`: position of each input entry in the filled
 * output; `gradValues` `[N_full]`: the gradient of the filled `outputValues`.
 */
export type SparseFillEmptyRowsGradInputs = OpInputs<typeof SparseFillEmptyRowsGrad>;

// ---- SparseSliceGrad (TF: sparse_ops.cc) -----------------------------------

/** Kernel name of TensorFlow's `SparseSliceGrad` op. */
export const SparseSliceGrad = 'SparseSliceGrad';
/**
 * Inputs of `SparseSliceGrad`; output: `valGrad`. `backpropValGrad`
 * `[nnzOut]`: the gradient of the slice's `outputValues`; `inputIndices`
 * int32 `[nnzIn, rank]`; `inputStart` int32 `[rank]`: the slice's `start`;
 * `outputIndices` int32 `[nnzOut, rank]`: the slice's `outputIndices`.
 */
export type SparseSliceGradInputs = OpInputs<typeof SparseSliceGrad>;

// ---- Forward ops that tfjs lacks --------------------------------------------

/** Kernel name of TensorFlow's `SparseSegmentSqrtN` op. */
export const SparseSegmentSqrtN = 'SparseSegmentSqrtN';
/**
 * Inputs of `SparseSegmentSqrtN` (the same as tfjs's `SparseSegmentMean`):
 * `data` (rank >= 1), `indices` int32 1-D: rows of `data`; `segmentIds`
 * int32 1-D, as long as `indices`, sorted.
 */
export type SparseSegmentReductionInputs = OpInputs<typeof SparseSegmentSqrtN>;

/** Kernel name of TensorFlow's `SparseSegmentSumWithNumSegments` op. */
export const SparseSegmentSumWithNumSegments = 'SparseSegmentSumWithNumSegments';
/** Kernel name of TensorFlow's `SparseSegmentMeanWithNumSegments` op. */
export const SparseSegmentMeanWithNumSegments = 'SparseSegmentMeanWithNumSegments';
/** Kernel name of TensorFlow's `SparseSegmentSqrtNWithNumSegments` op. */
export const SparseSegmentSqrtNWithNumSegments = 'SparseSegmentSqrtNWithNumSegments';
/**
 * Inputs of `SparseSegment{Sum,Mean,SqrtN}WithNumSegments`: those of
 * `SparseSegmentSqrtN` and `numSegments`, an int32 scalar: rows of the output.
 */
export type SparseSegmentReductionWithNumSegmentsInputs =
    OpInputs<typeof SparseSegmentSumWithNumSegments>;

/** Kernel name of TensorFlow's `SparseSlice` op. */
export const SparseSlice = 'SparseSlice';
/**
 * Inputs of `SparseSlice`; outputs: `[outputIndices, outputValues,
 * outputShape]`. `indices` int32 `[nnz, rank]`, `values` `[nnz]`, `shape`
 * int32 `[rank]` (the dense shape), `start` and `size` int32 `[rank]`.
 */
export type SparseSliceInputs = OpInputs<typeof SparseSlice>;

// ---- EmbeddingBag (PyTorch's, this package's own kernels) -----------------

/**
 * Kernel name of the embedding bag: each bag `b` of `ids` (positions
 * `offsets[b]` to `offsets[b + 1]`) combines the rows of `table` its ids
 * name. Inputs: `table` float32 `[V, D]`; `ids` int32 `[N]`; `offsets`
 * int32 `[B + 1]`; `weights` float32 `[N]`, or `[0]` for none; `features`
 * int32 `[2F]`: bag b belongs to feature `f = b % F`, whose ids address the
 * rows `features[2f] + id` (`features[2f + 1]` of them). Attributes:
 * `combiner` ('sum', 'mean', 'sqrtn', 'max'), `paddingIdx` (-1 for none),
 * `maxNorm` (0 for none). Outputs: `[B, D]`, and for 'max' the int32
 * `[B, D]` position in `ids` of each maximum (-1 for an empty bag; `[0]`
 * for the other combiners).
 */
export const EmbeddingBag = 'EmbeddingBag';
/** Inputs of `EmbeddingBag`. */
export type EmbeddingBagInputs = OpInputs<'EmbeddingBag'>;

/**
 * Kernel name of the embedding bag's gradient: `dy` `[B, D]` and the
 * forward's inputs and outputs (`output`, `argmax`) to the gradient rows of
 * each id (float32 `[N, D]`: the values of the table's `IndexedSlices`), the
 * table row of each id (int32 `[N]`, -1 for padding: their indices), and,
 * with the attribute `weightGrad`, the gradient of the weights (`[N]`, else
 * `[0]`).
 */
export const EmbeddingBagGrad = 'EmbeddingBagGrad';
/** Inputs of `EmbeddingBagGrad`. */
export type EmbeddingBagGradInputs = OpInputs<typeof EmbeddingBagGrad>;

// ---- In-place updates of the sparse optimizers (this package's own) ------
//
// These have no TensorFlow raw op of the same semantics (TF's
// `SparseApplyAdagrad` applies duplicate indices one after the other; these
// add a row's duplicates first, as TF's optimizers do for `IndexedSlices`),
// so they carry the package's prefix. They write `variable` (and the slots)
// in place and return nothing.

/** Kernel name of the in-place SGD update of looked-up rows. */
export const SparseGradApplySGD = 'SparseGradApplySGD';
/** Kernel name of the in-place Adagrad update of looked-up rows. */
export const SparseGradApplyAdagrad = 'SparseGradApplyAdagrad';
/** Kernel name of the in-place lazy Adam update of looked-up rows. */
export const SparseGradApplyLazyAdam = 'SparseGradApplyLazyAdam';
/** Kernel name of the in-place FTRL update (TF's ResourceSparseApplyFtrlV2) of looked-up rows. */
export const SparseGradApplyFtrl = 'SparseGradApplyFtrl';
/** Kernel name of the in-place momentum update (TF's ResourceSparseApplyMomentum). */
export const SparseGradApplyMomentum = 'SparseGradApplyMomentum';
/**
 * Kernel name of the in-place row-wise Adagrad update (FBGEMM's exact
 * row-wise Adagrad): one accumulator per row, `accumulator` of shape `[V]`.
 */
export const SparseGradApplyRowwiseAdagrad = 'SparseGradApplyRowwiseAdagrad';
/**
 * Kernel name of the sum of an `IndexedSlices`' duplicate rows: inputs
 * `indices` int32 `[N]` and `values` float32 `[N, ...]`, attribute
 * `numRows`; outputs `[indices, values]` of the same shapes, in which each
 * row of `[0, numRows)` that `indices` names appears once, at the position
 * of its first occurrence, with the sum of its rows (added in input order);
 * every other position has index -1 and zeros. Negative indices are
 * padding; an index >= numRows is an error.
 */
export const SparseGradSumDuplicates = 'SparseGradSumDuplicates';
/**
 * Kernel name of the copy that makes a variable's data writable in place:
 * memory no other tensor or array shares, in the layout the update kernels
 * write (an unpacked texture on webgl, a GPU buffer on webgpu).
 */
export const SparseGradOwnedCopy = 'SparseGradOwnedCopy';

/**
 * Inputs of the `SparseGradApply*` kernels: the rows `indices[i]` of
 * `variable` (and of each slot: `accumulator`; `m` and `v`; `accumulator`
 * and `linear`; `momentum`) receive the sum of the rows i of `values` with
 * that index, added in input order; negative indices are skipped. `variable` float32
 * `[V, ...]`, written in place;
 * `indices` int32 `[N]`; `values` float32 `[N, ...variable.shape[1:]]`.
 */
export type SparseGradApplyInputs = OpInputs<typeof SparseGradApplySGD>;

// ---- Forward ops of tfjs that get gradients here: tfjs-core's own names ----
export {SparseFillEmptyRows, SparseSegmentMean, SparseSegmentSum} from '@tensorflow/tfjs-core';

// ---- tfjs's own kernels that this package replaces -------------------------
/**
 * tfjs's `UnsortedSegmentSum` (`tf.unsortedSegmentSum`, the gradient of
 * `tf.gather`): inputs `x` and `segmentIds`, attribute `numSegments`.
 */
export {UnsortedSegmentSum} from '@tensorflow/tfjs-core';
