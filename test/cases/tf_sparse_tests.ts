/**
 * TensorFlow's own hand-written cases for `SparseFillEmptyRowsGrad`
 * (tensorflow/python/kernel_tests/sparse_ops/sparse_ops_test.py) and
 * `SparseSliceGrad` (sparse_slice_op_test.py, `testGradientsExplicit`).
 */
import {f32, i32} from '../harness/specs';
import type {KernelCase, SpecDtype} from '../harness/types';

export function tfFillEmptyRowsGradCases(): KernelCase[] {
  const kernel = 'SparseFillEmptyRowsGrad';
  return [
    {
      name: `${kernel}/tf:testSparseFillEmptyRowsGradEmpty`,
      kernel,
      tags: ['tf-test'],
      build: () => ({
        inputs: {reverseIndexMap: i32([0], []), gradValues: f32([0], [])},
        expected: {outputs: [f32([0], []), f32([], [0])]}
      })
    },
    {
      name: `${kernel}/tf:testSparseFillEmptyRowsGradInvalidReverseIndexMap`,
      kernel,
      tags: ['tf-test', 'error'],
      build: () => ({
        inputs: {reverseIndexMap: i32([2], [-1, 3]), gradValues: f32([0], [])},
        expected: {
          error: 'Elements in reverse index must be in [0, 0) but got -1',
          errorName: 'InvalidArgumentError'
        }
      })
    },
  ];
}

/** TF's `_SparseTensor_4x6` fixture: the 14 indices of a 4x6 sparse tensor. */
const FIXTURE_4X6 = [
  [0, 0],
  [0, 2],
  [0, 4],
  [0, 5],
  [1, 1],
  [1, 3],
  [1, 4],
  [2, 0],
  [2, 3],
  [2, 5],
  [3, 0],
  [3, 2],
  [3, 3],
  [3, 5],
];

interface SliceGradTest {
  test: string;
  backpropValGrad: number[];
  inputStart: number[];
  outputIndices: number[][];
  inputIndices: number[][];
  expected: number[];
}

const SLICE_GRAD_TESTS: SliceGradTest[] = [
  {
    test: 'start=[0,0],size=[4,1]',
    backpropValGrad: [0, 20, 30],
    inputStart: [0, 0],
    outputIndices: [[0, 0], [2, 0], [3, 0]],
    inputIndices: FIXTURE_4X6,
    expected: [0, 0, 0, 0, 0, 0, 0, 20, 0, 0, 30, 0, 0, 0],
  },
  {
    test: 'start=[0,1],size=[4,1]',
    backpropValGrad: [11],
    inputStart: [0, 1],
    outputIndices: [[1, 0]],
    inputIndices: FIXTURE_4X6,
    expected: [0, 0, 0, 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  },
  {
    test: 'start=[1,3],size=[3,1]',
    backpropValGrad: [13, 23, 33],
    inputStart: [1, 3],
    outputIndices: [[0, 0], [1, 0], [2, 0]],
    inputIndices: FIXTURE_4X6,
    expected: [0, 0, 0, 0, 0, 13, 0, 0, 23, 0, 0, 0, 33, 0],
  },
  {
    test: 'start=[2,1],size=[2,1] (empty slice)',
    backpropValGrad: [],
    inputStart: [2, 1],
    outputIndices: [],
    inputIndices: FIXTURE_4X6,
    expected: new Array(14).fill(0),
  },
  {
    test: 'empty input',
    backpropValGrad: [],
    inputStart: [0, 0],
    outputIndices: [],
    inputIndices: [],
    expected: [],
  },
];

/** Each test with TF's integer values (int32 for int64), and as float32. */
export function tfSliceGradCases(): KernelCase[] {
  const kernel = 'SparseSliceGrad';
  const cases: KernelCase[] = [];
  for (const t of SLICE_GRAD_TESTS) {
    for (const dtype of ['int32', 'float32'] as SpecDtype[]) {
      const values = (shape: number[], v: number[]) =>
          dtype === 'int32' ? i32(shape, v) : f32(shape, v);
      cases.push({
        name: `${kernel}/tf:testGradientsExplicit/${t.test}/${dtype}`,
        kernel,
        tags: ['tf-test'],
        build: () => ({
          inputs: {
            backpropValGrad: values([t.backpropValGrad.length], t.backpropValGrad),
            inputIndices: i32([t.inputIndices.length, 2], t.inputIndices.flat()),
            inputStart: i32([2], t.inputStart),
            outputIndices: i32([t.outputIndices.length, 2], t.outputIndices.flat()),
          },
          expected: {outputs: [values([t.expected.length], t.expected)]}
        })
      });
    }
  }
  return cases;
}
