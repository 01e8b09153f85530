/**
 * Every error each kernel can raise, with TensorFlow's text, and the inputs
 * where TensorFlow's order of checks decides which error wins.
 */
import {bool, f32, i32, scalarI32} from '../harness/specs';
import type {KernelCase, TensorSpec} from '../harness/types';

type Inputs = Record<string, TensorSpec>;

function errorCase(
    kernel: string, label: string, inputs: Inputs, error: string,
    errorName = 'InvalidArgumentError', alternatives?: string[]): KernelCase {
  return {
    name: `${kernel}/error:${label}`,
    kernel,
    tags: ['error'],
    build: () => ({inputs, expected: {error, errorName, alternatives}})
  };
}

const SEGMENT_GRAD_KERNELS = [
  {kernel: 'SparseSegmentSumGrad', reduction: 'sum', v2: false},
  {kernel: 'SparseSegmentMeanGrad', reduction: 'mean', v2: false},
  {kernel: 'SparseSegmentSqrtNGrad', reduction: 'sqrtn', v2: false},
  {kernel: 'SparseSegmentSumGradV2', reduction: 'sum', v2: true},
  {kernel: 'SparseSegmentMeanGradV2', reduction: 'mean', v2: true},
  {kernel: 'SparseSegmentSqrtNGradV2', reduction: 'sqrtn', v2: true},
];

function segmentGradErrorCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const {kernel, reduction, v2} of SEGMENT_GRAD_KERNELS) {
    const dimName = v2 ? 'denseOutputDim0' : 'outputDim0';
    const tfDimName = v2 ? 'dense_output_dim0' : 'output_dim0';
    // A valid call; each case breaks one thing.
    const valid = (): Inputs => ({
      grad: f32([2, 3], [1, 2, 3, 4, 5, 6]),
      indices: i32([3], [0, 4, 2]),
      segmentIds: i32([3], [0, 1, 1]),
      [dimName]: scalarI32(5),
    });
    const add =
        (label: string, change: Inputs, error: string, errorName?: string,
         alternatives?: string[]) =>
            cases.push(
                errorCase(kernel, label, {...valid(), ...change}, error, errorName, alternatives));

    add('grad int32', {grad: i32([2, 3], [1, 2, 3, 4, 5, 6])},
        `Value for attr 'T' of int32 is not in the list of allowed values: bfloat16, half, float, double`);
    add('indices float32', {indices: f32([3], [0, 4, 2])},
        `Value for attr 'Tidx' of float is not in the list of allowed values: int32, int64`);
    add('segmentIds float32', {segmentIds: f32([3], [0, 1, 1])},
        `Value for attr 'Tsegmentids' of float is not in the list of allowed values: int32, int64`);
    add(`${dimName} float32`, {[dimName]: f32([], [5])},
        `cannot compute ${
            kernel} as input #3(zero-based) was expected to be a int32 tensor but is a float tensor`);
    add('indices rank 2', {indices: i32([3, 1], [0, 4, 2])}, 'indices should be a vector.');
    add('segmentIds rank 0', {segmentIds: scalarI32(0)}, 'segment_ids should be a vector.');
    add(`${dimName} rank 1`, {[dimName]: i32([1], [5])}, `${tfDimName} should be a scalar.`);
    add('lengths differ', {segmentIds: i32([2], [0, 1])},
        'segment_ids and indices should have same size.');
    add('grad rank 0', {grad: f32([], [1])}, 'Index must be less than 0, got 0');
    add(`negative ${dimName}`, {[dimName]: scalarI32(-1)}, 'Expected a non-negative size, got -1');
    add('last segment id too large', {segmentIds: i32([3], [0, 1, 2])},
        'Invalid number of segments');
    add('index too large', {indices: i32([3], [0, 5, 2])}, 'Index 5 out of range [0, 5).');
    add('negative index', {indices: i32([3], [0, -3, 2])}, 'Index -3 out of range [0, 5).');
    add('unsorted ids, one out of range', {segmentIds: i32([3], [2, -1, 1])},
        'Segment id 2 out of range [0, 2).');
    add('grad with 0 rows', {grad: f32([0, 3], [])}, 'Invalid number of segments', undefined,
        ['Segment id 0 out of range [0, 0).']);
    add('grad [0], 2 pairs',
        {grad: f32([0], []), indices: i32([2], [0, 1]), segmentIds: i32([2], [0, 1])},
        'Invalid number of segments');
    // TF's last-id test computes id + 1 in int32; native TF 2.21 rejects
    // INT32_MAX there (no wrap), as the tensorflow backend's run shows.
    add('last segment id INT32_MAX', {segmentIds: i32([3], [0, 1, 2147483647])},
        'Invalid number of segments');
    // Precedence: V1 Mean/SqrtN count segments before checking indices; Sum
    // and every V2 check index then segment, position by position.
    add('index error at 0, segment error at 1',
        {indices: i32([3], [7, 0, 1]), segmentIds: i32([3], [0, -1, 1])},
        reduction !== 'sum' && !v2 ? 'Segment id -1 out of range [0, 2).' :
                                     'Index 7 out of range [0, 5).');
    add('missing input', {[dimName]: undefined as unknown as TensorSpec},
        `expects the inputs grad, indices, segmentIds, ${dimName}`);
  }
  return cases;
}

function fillEmptyRowsGradErrorCases(): KernelCase[] {
  const kernel = 'SparseFillEmptyRowsGrad';
  const valid = (): Inputs => ({
    reverseIndexMap: i32([2], [0, 2]),
    gradValues: f32([3], [1, 2, 3]),
  });
  const add = (label: string, change: Inputs, error: string, name?: string) =>
      errorCase(kernel, label, {...valid(), ...change}, error, name);
  return [
    add('reverseIndexMap float32', {reverseIndexMap: f32([2], [0, 2])},
        `cannot compute ${
            kernel} as input #0(zero-based) was expected to be a int32 tensor but is a float tensor`),
    add('gradValues bool', {gradValues: bool([3], [1, 0, 1])},
        `Could not find device for node: {{node ${kernel}}} = ${kernel}[T=DT_BOOL]`,
        'NotFoundError'),
    add('reverseIndexMap rank 2', {reverseIndexMap: i32([1, 1], [0])},
        'reverse_index_map must be a vector, saw: [1,1]'),
    add('gradValues rank 0', {gradValues: f32([], [1])}, 'grad_values must be a vector, saw: []'),
    add('map entry too large', {reverseIndexMap: i32([3], [0, 3, 9])},
        'Elements in reverse index must be in [0, 3) but got 3'),
    add('negative map entry', {reverseIndexMap: i32([2], [1, -2])},
        'Elements in reverse index must be in [0, 3) but got -2'),
  ];
}

function sliceGradErrorCases(): KernelCase[] {
  const kernel = 'SparseSliceGrad';
  const valid = (): Inputs => ({
    backpropValGrad: f32([2], [5, 6]),
    inputIndices: i32([3, 2], [0, 0, 0, 2, 1, 1]),
    inputStart: i32([2], [0, 1]),
    outputIndices: i32([2, 2], [0, 1, 1, 0]),
  });
  const add = (label: string, change: Inputs, error: string, name?: string) =>
      errorCase(kernel, label, {...valid(), ...change}, error, name);
  return [
    add('backpropValGrad bool', {backpropValGrad: bool([2], [1, 0])},
        `Value for attr 'T' of bool is not in the list of allowed values: float, double, int32`),
    add('inputIndices float32', {inputIndices: f32([3, 2], [0, 0, 0, 2, 1, 1])},
        `cannot compute ${
            kernel} as input #1(zero-based) was expected to be a int32 tensor but is a float tensor`),
    add('inputIndices rank 1', {inputIndices: i32([3], [0, 0, 0])},
        'Input and output indices should be matrices but received shapes: [3] and [2,2]'),
    add('outputIndices rank 3', {outputIndices: i32([2, 2, 1], [0, 1, 1, 0])},
        'Input and output indices should be matrices but received shapes: [3,2] and [2,2,1]'),
    add('backpropValGrad rank 2', {backpropValGrad: f32([2, 1], [5, 6])},
        'Input backprop_val_grad should be a vector but received shape: [2,1]'),
    add('ranks differ', {outputIndices: i32([2, 3], [0, 1, 0, 1, 0, 0])},
        'The input and output should have the same ndims: got: 2 and 3'),
    add('more output rows than input rows', {
      outputIndices: i32([4, 2], [0, 1, 1, 0, 0, 0, 0, 0]),
      backpropValGrad: f32([4], [1, 2, 3, 4])
    },
        '# rows of output_indices should be not greater than of input_indices, got 4 and 3'),
    add('gradient length differs', {backpropValGrad: f32([1], [5])},
        '# elements of backprop_val_grad and # rows of output_indices should match (#nnz of sum): got 1 and 2'),
    add('inputStart rank 2', {inputStart: i32([1, 2], [0, 1])},
        'The input_start should be a vector but received shape [1,2]'),
    add('inputStart length', {inputStart: i32([3], [0, 1, 0])},
        'Expected input_start to be a vector of length 2 but got length 3'),
    add('output row not in input', {outputIndices: i32([2, 2], [0, 1, 1, 1])},
        `Elements of backprop_val_grad aren't all propagated. Num elements:2, used: 1`,
        'InternalError'),
    add('output rows out of order', {outputIndices: i32([2, 2], [1, 0, 0, 1])},
        `Elements of backprop_val_grad aren't all propagated. Num elements:2, used: 1`,
        'InternalError'),
  ];
}

function segmentReductionErrorCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  const kernels = [
    {kernel: 'SparseSegmentSum', numSegments: false},
    {kernel: 'SparseSegmentMean', numSegments: false},
    {kernel: 'SparseSegmentSqrtN', numSegments: false},
    {kernel: 'SparseSegmentSumWithNumSegments', numSegments: true},
    {kernel: 'SparseSegmentMeanWithNumSegments', numSegments: true},
    {kernel: 'SparseSegmentSqrtNWithNumSegments', numSegments: true},
  ];
  for (const {kernel, numSegments} of kernels) {
    const valid = (): Inputs => ({
      data: f32([3, 2], [1, 2, 3, 4, 5, 6]),
      indices: i32([3], [0, 1, 2]),
      segmentIds: i32([3], [0, 0, 2]),
      ...(numSegments ? {numSegments: scalarI32(4)} : {}),
    });
    const add = (label: string, change: Inputs, error: string) =>
        cases.push(errorCase(kernel, label, {...valid(), ...change}, error));
    if (!kernel.startsWith('SparseSegmentSum')) {
      add('data int32', {data: i32([3, 2], [1, 2, 3, 4, 5, 6])},
          `Value for attr 'T' of int32 is not in the list of allowed values: bfloat16, half, float, double`);
    }
    add('indices float32', {indices: f32([3], [0, 1, 2])},
        `Value for attr 'Tidx' of float is not in the list of allowed values: int32, int64`);
    add('indices rank 2', {indices: i32([3, 1], [0, 1, 2])}, 'indices should be a vector.');
    add('segmentIds rank 0', {segmentIds: scalarI32(0)}, 'segment_ids should be a vector.');
    add('lengths differ', {segmentIds: i32([2], [0, 0])},
        'segment_ids and indices should have same size.');
    add('data rank 0', {data: f32([], [1])}, 'Shape must be at least rank 1');
    add('last segment id INT32_MAX', {segmentIds: i32([3], [0, 0, 2147483647])},
        'Last segment id must be < kintmax, got 2147483647 limit 2147483647');
    add('ids not increasing', {segmentIds: i32([3], [0, 2, 1])}, 'segment ids are not increasing');
    add('negative first id', {segmentIds: i32([3], [-1, 0, 2])},
        `Segment id -1 out of range [0, ${
            numSegments ? 4 : 3}), possibly because 'segment_ids' input is not sorted.`);
    add('index too large', {indices: i32([3], [0, 7, 2])},
        'Bad: indices[1] == 7 out of range [0, 3)');
    add('negative index', {indices: i32([3], [0, 1, -1])},
        'Bad: indices[2] == -1 out of range [0, 3)');
    if (numSegments) {
      add('numSegments rank 1', {numSegments: i32([1], [4])},
          'num_segments should be a scalar, not shape [1]');
      add('negative numSegments', {numSegments: scalarI32(-1)}, 'segment ids must be >= 0');
      add('numSegments too small', {numSegments: scalarI32(2)},
          'segment ids must be < num_segments');
    } else {
      add('last id -1', {segmentIds: i32([3], [-1, -1, -1])}, 'segment ids must be >= 0');
      add('last id -2', {segmentIds: i32([3], [-2, -2, -2])}, 'segment ids must be >= 0');
    }
  }
  return cases;
}

function sparseSliceErrorCases(): KernelCase[] {
  const kernel = 'SparseSlice';
  const valid = (): Inputs => ({
    indices: i32([3, 2], [0, 0, 0, 2, 1, 1]),
    values: f32([3], [1, 2, 3]),
    shape: i32([2], [2, 3]),
    start: i32([2], [0, 1]),
    size: i32([2], [2, 2]),
  });
  const add = (label: string, change: Inputs, error: string) =>
      errorCase(kernel, label, {...valid(), ...change}, error);
  return [
    add('indices float32', {indices: f32([3, 2], [0, 0, 0, 2, 1, 1])},
        `cannot compute ${
            kernel} as input #0(zero-based) was expected to be a int32 tensor but is a float tensor`),
    add('shape float32', {shape: f32([2], [2, 3])},
        `cannot compute ${
            kernel} as input #2(zero-based) was expected to be a int32 tensor but is a float tensor`),
    add('indices rank 1', {indices: i32([3], [0, 0, 0])},
        'Sparse indices must be rank 2 but is rank 1'),
    add('values rank 2', {values: f32([3, 1], [1, 2, 3])},
        'Sparse values must be rank 1 but is rank 2'),
    add('shape rank 0', {shape: scalarI32(2)}, 'Sparse shape must be rank 1 but is rank 0'),
    add('values length', {values: f32([2], [1, 2])},
        'Number of elements in indices (3) and values (2) do not match'),
    add('shape length', {shape: i32([3], [2, 3, 4])},
        'Index rank (2) and shape rank (3) do not match'),
    add('start rank 2', {start: i32([1, 2], [0, 1])},
        'Input start should be a vector but received shape [1,2]'),
    add('size rank 0', {size: scalarI32(2)}, 'Input size should be a vector but received shape []'),
    add('start length', {start: i32([1], [0])},
        'Expected start to be a vector of length 2 but got length 1'),
    add('size length', {size: i32([3], [2, 2, 2])},
        'Expected size to be a vector of length 2 but got length 3'),
    add('negative dense dim', {shape: i32([2], [2, -1])},
        'Expected shape dimensions to be non-negative, got -1'),
    add('negative dense dim beside a large one', {shape: i32([2], [60000, -1])},
        'Expected a non-negative size, got -1'),
    add('negative size', {size: i32([2], [-2, 1])}, 'Expected a non-negative size, got -2'),
  ];
}

export function errorCases(): KernelCase[] {
  return [
    ...segmentGradErrorCases(),
    ...fillEmptyRowsGradErrorCases(),
    ...sliceGradErrorCases(),
    ...segmentReductionErrorCases(),
    ...sparseSliceErrorCases(),
  ];
}
