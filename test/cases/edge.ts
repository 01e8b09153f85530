/**
 * Hand-written edge cases with literal expectations: what TensorFlow defines
 * where it is easy to get wrong, NaN and Infinity, rounding
 * order, int32 wrap-around, duplicates and empty tensors.
 */
import {bool, f32, i32, scalarI32} from '../harness/specs';
import type {KernelCase, TensorSpec} from '../harness/types';

function edgeCase(
    kernel: string, label: string, inputs: Record<string, TensorSpec>,
    outputs: TensorSpec[]): KernelCase {
  return {
    name: `${kernel}/edge:${label}`,
    kernel,
    tags: ['edge'],
    build: () => ({inputs, expected: {outputs}})
  };
}

const NAN = NaN;
const INF = Infinity;

function segmentGradEdgeCases(): KernelCase[] {
  return [
    // Pitfall 2: M == 0 skips all validation, even of garbage indices.
    edgeCase(
        'SparseSegmentMeanGrad', 'outputDim0 0 skips validation', {
          grad: f32([1, 2], [1, 2]),
          indices: i32([2], [99, -5]),
          segmentIds: i32([2], [7, -7]),
          outputDim0: scalarI32(0),
        },
        [f32([0, 2], [])]),
    edgeCase(
        'SparseSegmentSqrtNGradV2', 'denseOutputDim0 0 skips validation', {
          grad: f32([1, 2], [1, 2]),
          indices: i32([2], [99, -5]),
          segmentIds: i32([2], [7, -7]),
          denseOutputDim0: scalarI32(0),
        },
        [f32([0, 2], []), i32([0], [])]),
    // Pitfall 1: N == 0 < M: TF leaves memory unwritten; the answer is zeros
    // (checked before grad's 0 rows would be an error).
    edgeCase(
        'SparseSegmentSumGrad', 'no pairs gives zeros', {
          grad: f32([0, 3], []),
          indices: i32([0], []),
          segmentIds: i32([0], []),
          outputDim0: scalarI32(2),
        },
        [f32([2, 3], [0, 0, 0, 0, 0, 0])]),
    // NaN and Infinity propagate through the scale and the sums.
    edgeCase(
        'SparseSegmentMeanGrad', 'NaN and Infinity', {
          grad: f32([2, 3], [NAN, 1, INF, 2, -INF, 4]),
          indices: i32([3], [0, 0, 1]),
          segmentIds: i32([3], [0, 1, 1]),
          outputDim0: scalarI32(2),
        },
        [f32([2, 3], [NAN, -INF, INF, 1, -INF, 2])]),
    // A duplicate (index, segment) pair counts twice in the count and the sum.
    edgeCase(
        'SparseSegmentSqrtNGrad', 'duplicate pairs', {
          grad: f32([1, 1], [2]),
          indices: i32([4], [1, 1, 1, 1]),
          segmentIds: i32([4], [0, 0, 0, 0]),
          outputDim0: scalarI32(2),
        },
        [f32([2, 1], [0, 4])]),
    // Pitfall 3: segment ids need not be sorted; the scale counts every
    // occurrence of the id, wherever it is.
    edgeCase(
        'SparseSegmentMeanGrad', 'unsorted segment ids', {
          grad: f32([2, 1], [6, 9]),
          indices: i32([4], [0, 1, 2, 3]),
          segmentIds: i32([4], [1, 0, 1, 1]),
          outputDim0: scalarI32(4),
        },
        [f32([4, 1], [3, 6, 3, 3])]),
    // Sums run in input order with float32 rounding: 2^24 + 1 + 1 stays 2^24.
    edgeCase(
        'SparseSegmentSumGrad', 'float32 rounding in input order', {
          grad: f32([3, 1], [16777216, 1, 1]),
          indices: i32([3], [0, 0, 0]),
          segmentIds: i32([3], [0, 1, 2]),
          outputDim0: scalarI32(1),
        },
        [f32([1, 1], [16777216])]),
    edgeCase(
        'SparseSegmentSumGradV2', 'float32 rounding in input order', {
          grad: f32([3, 1], [1, 1, 16777216]),
          indices: i32([3], [0, 0, 0]),
          segmentIds: i32([3], [0, 1, 2]),
          denseOutputDim0: scalarI32(1),
        },
        [f32([1, 1], [16777218]), i32([1], [0])]),
    // Rank-1 grad: rows of width 1, output [M].
    edgeCase(
        'SparseSegmentMeanGradV2', 'rank-1 grad', {
          grad: f32([2], [4, 8]),
          indices: i32([3], [5, 2, 5]),
          segmentIds: i32([3], [0, 1, 1]),
          denseOutputDim0: scalarI32(6),
        },
        [f32([2], [4, 8]), i32([2], [2, 5])]),
    // Rank-3 grad: the row is everything after dimension 0.
    edgeCase(
        'SparseSegmentSumGrad', 'rank-3 grad', {
          grad: f32([2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]),
          indices: i32([2], [1, 1]),
          segmentIds: i32([2], [0, 1]),
          outputDim0: scalarI32(2),
        },
        [f32([2, 2, 2], [0, 0, 0, 0, 6, 8, 10, 12])]),
    // WithNumSegments grads: grad may have more rows than ids used.
    edgeCase(
        'SparseSegmentMeanGrad', 'grad rows beyond the last id', {
          grad: f32([4, 1], [3, 5, 7, 9]),
          indices: i32([2], [1, 0]),
          segmentIds: i32([2], [0, 1]),
          outputDim0: scalarI32(2),
        },
        [f32([2, 1], [5, 3])]),
  ];
}

function fillEmptyRowsGradEdgeCases(): KernelCase[] {
  const kernel = 'SparseFillEmptyRowsGrad';
  return [
    edgeCase(
        kernel, 'tfjs docs example', {
          reverseIndexMap: i32([6], [0, 1, 2, 3, 5, 6]),
          gradValues: f32([8], [1, 2, 3, 4, 5, 6, 7, 8]),
        },
        [f32([6], [1, 2, 3, 4, 6, 7]), f32([], [13])]),
    edgeCase(
        kernel, 'duplicates exclude a slot once', {
          reverseIndexMap: i32([3], [1, 1, 1]),
          gradValues: f32([3], [10, 20, 30]),
        },
        [f32([3], [20, 20, 20]), f32([], [40])]),
    // The default-value sum is sequential in float32: 2^24 + 1 + 1 = 2^24.
    edgeCase(
        kernel, 'sequential float32 sum', {
          reverseIndexMap: i32([0], []),
          gradValues: f32([3], [16777216, 1, 1]),
        },
        [f32([0], []), f32([], [16777216])]),
    edgeCase(
        kernel, 'int32 sum wraps', {
          reverseIndexMap: i32([1], [0]),
          gradValues: i32([3], [5, 2147483647, 1]),
        },
        [i32([1], [5]), i32([], [-2147483648])]),
    edgeCase(
        kernel, 'NaN and Infinity', {
          reverseIndexMap: i32([1], [1]),
          gradValues: f32([4], [INF, NAN, -INF, 1]),
        },
        [f32([1], [NAN]), f32([], [NAN])]),
    edgeCase(
        kernel, 'fewer gradients than entries', {
          reverseIndexMap: i32([4], [0, 1, 0, 1]),
          gradValues: f32([2], [3, 4]),
        },
        [f32([4], [3, 4, 3, 4]), f32([], [0])]),
  ];
}

function sliceGradEdgeCases(): KernelCase[] {
  const kernel = 'SparseSliceGrad';
  return [
    // Greedy matching: the k-th equal output row goes to the k-th equal input row.
    edgeCase(
        kernel, 'repeated input indices, one output', {
          backpropValGrad: f32([1], [7]),
          inputIndices: i32([3, 2], [0, 0, 0, 0, 1, 1]),
          inputStart: i32([2], [0, 0]),
          outputIndices: i32([1, 2], [0, 0]),
        },
        [f32([3], [7, 0, 0])]),
    edgeCase(
        kernel, 'repeated input indices, two outputs', {
          backpropValGrad: f32([2], [7, 8]),
          inputIndices: i32([3, 2], [0, 0, 0, 0, 1, 1]),
          inputStart: i32([2], [0, 0]),
          outputIndices: i32([2, 2], [0, 0, 0, 0]),
        },
        [f32([3], [7, 8, 0])]),
    edgeCase(
        kernel, 'rank 1 with a negative start', {
          backpropValGrad: f32([2], [1.5, -2.5]),
          inputIndices: i32([4, 1], [0, 3, 1, 5]),
          inputStart: i32([1], [-2]),
          outputIndices: i32([2, 1], [2, 3]),
        },
        [f32([4], [1.5, 0, -2.5, 0])]),
    edgeCase(
        kernel, 'rank 3, NaN copied', {
          backpropValGrad: f32([1], [NAN]),
          inputIndices: i32([2, 3], [1, 2, 3, 4, 5, 6]),
          inputStart: i32([3], [4, 4, 4]),
          outputIndices: i32([1, 3], [0, 1, 2]),
        },
        [f32([2], [0, NAN])]),
  ];
}

function forwardEdgeCases(): KernelCase[] {
  return [
    edgeCase(
        'SparseSegmentSqrtN', 'docs example', {
          data: f32([3, 2], [1, 2, 3, 4, 5, 6]),
          indices: i32([3], [0, 1, 2]),
          segmentIds: i32([3], [0, 0, 1]),
        },
        [f32(
            [2, 2],
            [
              Math.fround(4 * Math.fround(1 / Math.fround(Math.SQRT2))),
              Math.fround(6 * Math.fround(1 / Math.fround(Math.SQRT2))), 5, 6
            ])]),
    edgeCase(
        'SparseSegmentSqrtN', 'no pairs', {
          data: f32([3, 2], [1, 2, 3, 4, 5, 6]),
          indices: i32([0], []),
          segmentIds: i32([0], []),
        },
        [f32([0, 2], [])]),
    edgeCase(
        'SparseSegmentSumWithNumSegments', 'no pairs gives zero rows', {
          data: f32([3, 2], [1, 2, 3, 4, 5, 6]),
          indices: i32([0], []),
          segmentIds: i32([0], []),
          numSegments: scalarI32(2),
        },
        [f32([2, 2], [0, 0, 0, 0])]),
    edgeCase(
        'SparseSegmentMeanWithNumSegments', 'gaps and trailing rows are 0', {
          data: f32([3, 1], [2, 4, 9]),
          indices: i32([3], [0, 1, 2]),
          segmentIds: i32([3], [1, 1, 3]),
          numSegments: scalarI32(5),
        },
        [f32([5, 1], [0, 3, 0, 9, 0])]),
    // TF scales segments under 10 rows by a float32 reciprocal, and divides
    // larger ones: 10 rows of 1/3 give (1/3 * 10) / 10 exactly rounded.
    edgeCase(
        'SparseSegmentMeanWithNumSegments', 'mean of 3 rows multiplies', {
          data: f32([1, 1], [1]),
          indices: i32([3], [0, 0, 0]),
          segmentIds: i32([3], [0, 0, 0]),
          numSegments: scalarI32(1),
        },
        [f32([1, 1], [Math.fround(3 * Math.fround(1 / 3))])]),
  ];
}

function sparseSliceEdgeCases(): KernelCase[] {
  const kernel = 'SparseSlice';
  const fixture = {
    indices: i32([3, 2], [0, 0, 0, 2, 1, 1]),
    shape: i32([2], [2, 3]),
  };
  return [
    edgeCase(
        kernel, 'docs example', {
          ...fixture,
          values: f32([3], [1, 2, 3]),
          start: i32([2], [0, 1]),
          size: i32([2], [2, 2]),
        },
        [i32([2, 2], [0, 1, 1, 0]), f32([2], [2, 3]), i32([2], [2, 2])]),
    edgeCase(
        kernel, 'bool values, size past the end', {
          ...fixture,
          values: bool([3], [1, 0, 1]),
          start: i32([2], [1, 0]),
          size: i32([2], [5, 5]),
        },
        [i32([1, 2], [0, 1]), bool([1], [1]), i32([2], [1, 3])]),
    edgeCase(
        kernel, 'start past the end', {
          ...fixture,
          values: i32([3], [4, 5, 6]),
          start: i32([2], [2, 0]),
          size: i32([2], [1, 3]),
        },
        [i32([0, 2], []), i32([0], []), i32([2], [0, 3])]),
    edgeCase(
        kernel, 'empty input', {
          indices: i32([0, 3], []),
          values: f32([0], []),
          shape: i32([3], [4, 4, 4]),
          start: i32([3], [1, 1, 1]),
          size: i32([3], [2, 2, 2]),
        },
        [i32([0, 3], []), f32([0], []), i32([3], [2, 2, 2])]),
  ];
}

export function edgeCases(): KernelCase[] {
  return [
    ...segmentGradEdgeCases(),
    ...fillEmptyRowsGradEdgeCases(),
    ...sliceGradEdgeCases(),
    ...forwardEdgeCases(),
    ...sparseSliceEdgeCases(),
  ];
}
