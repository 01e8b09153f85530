/**
 * Names and input maps of the kernels this package registers.
 *
 * Kernel names are TensorFlow's raw op names; input names are TensorFlow's
 * input names in camelCase, so that a kernel can be called with
 * `tf.engine().runKernel(name, inputs)` exactly as TensorFlow's op is called.
 * tfjs has no int64: every index-like input is int32.
 */
import type {NamedTensorInfoMap, TensorInfo} from '@tensorflow/tfjs-core';

/** Which reduction a sparse segment op (or its gradient) performs. */
export type SegmentReduction = 'sum'|'mean'|'sqrtn';

// ---- Gradients of the sparse segment reductions (TF: math_ops.cc) ----------

export const SparseSegmentSumGrad = 'SparseSegmentSumGrad';
export const SparseSegmentMeanGrad = 'SparseSegmentMeanGrad';
export const SparseSegmentSqrtNGrad = 'SparseSegmentSqrtNGrad';
/** Inputs of `SparseSegment{Sum,Mean,SqrtN}Grad`; output: `output`. */
export interface SparseSegmentGradInputs extends NamedTensorInfoMap {
  grad: TensorInfo;
  indices: TensorInfo;
  segmentIds: TensorInfo;
  outputDim0: TensorInfo;
}

export const SparseSegmentSumGradV2 = 'SparseSegmentSumGradV2';
export const SparseSegmentMeanGradV2 = 'SparseSegmentMeanGradV2';
export const SparseSegmentSqrtNGradV2 = 'SparseSegmentSqrtNGradV2';
/**
 * Inputs of `SparseSegment{Sum,Mean,SqrtN}GradV2`; outputs:
 * `[output, sortedUniqueIndices]`.
 */
export interface SparseSegmentGradV2Inputs extends NamedTensorInfoMap {
  grad: TensorInfo;
  indices: TensorInfo;
  segmentIds: TensorInfo;
  denseOutputDim0: TensorInfo;
}

/** The V1 and V2 gradient kernels of each reduction. */
export const SEGMENT_GRAD_KERNELS:
    ReadonlyArray<{reduction: SegmentReduction, v1: string, v2: string}> = [
      {reduction: 'sum', v1: SparseSegmentSumGrad, v2: SparseSegmentSumGradV2},
      {
        reduction: 'mean',
        v1: SparseSegmentMeanGrad,
        v2: SparseSegmentMeanGradV2
      },
      {
        reduction: 'sqrtn',
        v1: SparseSegmentSqrtNGrad,
        v2: SparseSegmentSqrtNGradV2
      },
    ];

// ---- SparseFillEmptyRowsGrad (TF: sparse_ops.cc) ---------------------------

export const SparseFillEmptyRowsGrad = 'SparseFillEmptyRowsGrad';
/** Inputs of `SparseFillEmptyRowsGrad`; outputs: `[dValues, dDefaultValue]`. */
export interface SparseFillEmptyRowsGradInputs extends NamedTensorInfoMap {
  reverseIndexMap: TensorInfo;
  gradValues: TensorInfo;
}

// ---- SparseSliceGrad (TF: sparse_ops.cc) -----------------------------------

export const SparseSliceGrad = 'SparseSliceGrad';
/** Inputs of `SparseSliceGrad`; output: `valGrad`. */
export interface SparseSliceGradInputs extends NamedTensorInfoMap {
  backpropValGrad: TensorInfo;
  inputIndices: TensorInfo;
  inputStart: TensorInfo;
  outputIndices: TensorInfo;
}

// ---- Forward ops that tfjs lacks --------------------------------------------

export const SparseSegmentSqrtN = 'SparseSegmentSqrtN';
/** Inputs of `SparseSegmentSqrtN` (the same as tfjs's `SparseSegmentMean`). */
export interface SparseSegmentReductionInputs extends NamedTensorInfoMap {
  data: TensorInfo;
  indices: TensorInfo;
  segmentIds: TensorInfo;
}

export const SparseSegmentSumWithNumSegments =
    'SparseSegmentSumWithNumSegments';
export const SparseSegmentMeanWithNumSegments =
    'SparseSegmentMeanWithNumSegments';
export const SparseSegmentSqrtNWithNumSegments =
    'SparseSegmentSqrtNWithNumSegments';
/** Inputs of `SparseSegment{Sum,Mean,SqrtN}WithNumSegments`. */
export interface SparseSegmentReductionWithNumSegmentsInputs extends
    SparseSegmentReductionInputs {
  numSegments: TensorInfo;
}

export const SparseSlice = 'SparseSlice';
/**
 * Inputs of `SparseSlice`; outputs:
 * `[outputIndices, outputValues, outputShape]`.
 */
export interface SparseSliceInputs extends NamedTensorInfoMap {
  indices: TensorInfo;
  values: TensorInfo;
  shape: TensorInfo;
  start: TensorInfo;
  size: TensorInfo;
}

// ---- Forward ops of tfjs that get gradients here: tfjs-core's own names ----
export {SparseFillEmptyRows, SparseSegmentMean, SparseSegmentSum} from '@tensorflow/tfjs-core';
