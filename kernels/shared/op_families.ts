/**
 * The families of ops whose kernels one function builds on every backend,
 * and what distinguishes the members: each backend's kernel table
 * (kernels/<backend>/index.ts) calls, e.g., `segmentGradKernel(op)`, which
 * reads the op's reduction here.
 */
import type {SegmentReduction} from '../../src/kernel_names';

/** TensorFlow's segment-gradient ops: the reduction each differentiates, and V2's unique rows. */
export const SEGMENT_GRAD_OPS = {
  SparseSegmentSumGrad: {reduction: 'sum', v2: false},
  SparseSegmentMeanGrad: {reduction: 'mean', v2: false},
  SparseSegmentSqrtNGrad: {reduction: 'sqrtn', v2: false},
  SparseSegmentSumGradV2: {reduction: 'sum', v2: true},
  SparseSegmentMeanGradV2: {reduction: 'mean', v2: true},
  SparseSegmentSqrtNGradV2: {reduction: 'sqrtn', v2: true},
} as const satisfies Record<string, {reduction: SegmentReduction, v2: boolean}>;

/** A segment-gradient op. */
export type SegmentGradOp = keyof typeof SEGMENT_GRAD_OPS;

/** The forward segment reductions with the package's kernels, and their reductions. */
export const SEGMENT_REDUCTION_OPS = {
  SparseSegmentSum: 'sum',
  SparseSegmentMean: 'mean',
  SparseSegmentSqrtN: 'sqrtn',
  SparseSegmentSumWithNumSegments: 'sum',
  SparseSegmentMeanWithNumSegments: 'mean',
  SparseSegmentSqrtNWithNumSegments: 'sqrtn',
} as const satisfies Record<string, SegmentReduction>;

/** A forward segment reduction. */
export type SegmentReductionOp = keyof typeof SEGMENT_REDUCTION_OPS;
