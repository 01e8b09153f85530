/**
 * TensorFlow's own hand-written cases for the segment gradients (tensorflow/
 * python/kernel_tests/math_ops/segment_reduction_ops_test.py, class
 * SparseSegmentReductionOpTest).
 * `grad` is TF's `_input(shape)`: 1, 2, ..., n. Expected values are exact
 * float32 numbers, computed once from TF's kernel definition; kept as data.
 */
import {arange1, f32, i32, scalarI32} from '../harness/specs';
import type {Expected, KernelCase} from '../harness/types';

interface TfSegmentGradTest {
  test: string;
  gradShape: number[];
  indices: number[];
  segmentIds: number[];
  outputDim0: number;
  /** Per kernel: the output (and V2's sorted unique indices), or an error. */
  expect: {
    [kernel: string]: {
      shape?: number[],
      values?: number[],
      sortedUniqueIndices?: number[],
      error?: string,
      alternatives?: string[]
    }
  };
}

const TESTS: TfSegmentGradTest[] = [
  {
    test: 'testGradientExplicit/inner_size=1',
    gradShape: [3, 1],
    indices: [8, 3, 0, 9, 3],
    segmentIds: [0, 1, 2, 2, 2],
    outputDim0: 10,
    expect: {
      SparseSegmentSumGrad: {shape: [10, 1], values: [3, 0, 0, 5, 0, 0, 0, 0, 1, 3]},
      SparseSegmentMeanGrad: {shape: [10, 1], values: [1, 0, 0, 3, 0, 0, 0, 0, 1, 1]},
      SparseSegmentSqrtNGrad: {
        shape: [10, 1],
        values: [1.7320507764816284, 0, 0, 3.732050895690918, 0, 0, 0, 0, 1, 1.7320507764816284]
      },
      SparseSegmentSumGradV2:
          {shape: [4, 1], values: [3, 5, 1, 3], sortedUniqueIndices: [0, 3, 8, 9]},
      SparseSegmentMeanGradV2:
          {shape: [4, 1], values: [1, 3, 1, 1], sortedUniqueIndices: [0, 3, 8, 9]},
      SparseSegmentSqrtNGradV2: {
        shape: [4, 1],
        values: [1.7320507764816284, 3.732050895690918, 1, 1.7320507764816284],
        sortedUniqueIndices: [0, 3, 8, 9]
      },
    },
  },
  {
    test: 'testGradientExplicit/inner_size=2',
    gradShape: [3, 2],
    indices: [8, 3, 0, 9, 3],
    segmentIds: [0, 1, 2, 2, 2],
    outputDim0: 10,
    expect: {
      SparseSegmentSumGrad:
          {shape: [10, 2], values: [5, 6, 0, 0, 0, 0, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 5, 6]},
      SparseSegmentMeanGrad: {
        shape: [10, 2],
        values: [
          1.6666667461395264, 2, 0, 0, 0, 0, 4.6666669845581055, 6, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2,
          1.6666667461395264, 2
        ]
      },
      SparseSegmentSqrtNGrad: {
        shape: [10, 2],
        values: [
          2.886751174926758,
          3.464101552963257,
          0,
          0,
          0,
          0,
          5.886751174926758,
          7.464101791381836,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          1,
          2,
          2.886751174926758,
          3.464101552963257
        ]
      },
      SparseSegmentSumGradV2:
          {shape: [4, 2], values: [5, 6, 8, 10, 1, 2, 5, 6], sortedUniqueIndices: [0, 3, 8, 9]},
      SparseSegmentMeanGradV2: {
        shape: [4, 2],
        values: [1.6666667461395264, 2, 4.6666669845581055, 6, 1, 2, 1.6666667461395264, 2],
        sortedUniqueIndices: [0, 3, 8, 9]
      },
      SparseSegmentSqrtNGradV2: {
        shape: [4, 2],
        values: [
          2.886751174926758, 3.464101552963257, 5.886751174926758, 7.464101791381836, 1, 2,
          2.886751174926758, 3.464101552963257
        ],
        sortedUniqueIndices: [0, 3, 8, 9]
      },
    },
  },
  {
    test: 'testGradientExplicit/inner_size=3',
    gradShape: [3, 3],
    indices: [8, 3, 0, 9, 3],
    segmentIds: [0, 1, 2, 2, 2],
    outputDim0: 10,
    expect: {
      SparseSegmentSumGrad: {
        shape: [10, 3],
        values: [
          7, 8, 9, 0, 0, 0, 0, 0, 0, 11, 13, 15, 0, 0, 0,
          0, 0, 0, 0, 0, 0, 0, 0, 0, 1,  2,  3,  7, 8, 9
        ]
      },
      SparseSegmentMeanGrad: {
        shape: [10, 3],
        values: [
          2.3333334922790527,
          2.6666667461395264,
          3,
          0,
          0,
          0,
          0,
          0,
          0,
          6.333333492279053,
          7.6666669845581055,
          9,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          1,
          2,
          3,
          2.3333334922790527,
          2.6666667461395264,
          3
        ]
      },
      SparseSegmentSqrtNGrad: {
        shape: [10, 3],
        values: [
          4.041451930999756,
          4.618802070617676,
          5.196152210235596,
          0,
          0,
          0,
          0,
          0,
          0,
          8.041452407836914,
          9.618802070617676,
          11.196151733398438,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          1,
          2,
          3,
          4.041451930999756,
          4.618802070617676,
          5.196152210235596
        ]
      },
      SparseSegmentSumGradV2: {
        shape: [4, 3],
        values: [7, 8, 9, 11, 13, 15, 1, 2, 3, 7, 8, 9],
        sortedUniqueIndices: [0, 3, 8, 9]
      },
      SparseSegmentMeanGradV2: {
        shape: [4, 3],
        values: [
          2.3333334922790527, 2.6666667461395264, 3, 6.333333492279053, 7.6666669845581055, 9, 1, 2,
          3, 2.3333334922790527, 2.6666667461395264, 3
        ],
        sortedUniqueIndices: [0, 3, 8, 9]
      },
      SparseSegmentSqrtNGradV2: {
        shape: [4, 3],
        values: [
          4.041451930999756, 4.618802070617676, 5.196152210235596, 8.041452407836914,
          9.618802070617676, 11.196151733398438, 1, 2, 3, 4.041451930999756, 4.618802070617676,
          5.196152210235596
        ],
        sortedUniqueIndices: [0, 3, 8, 9]
      },
    },
  },
  {
    test: 'testGradientExplicitSingleOutput/inner_size=1',
    gradShape: [3, 1],
    indices: [0, 0, 0, 0, 0],
    segmentIds: [0, 1, 2, 2, 2],
    outputDim0: 1,
    expect: {
      SparseSegmentSumGrad: {shape: [1, 1], values: [12]},
      SparseSegmentMeanGrad: {shape: [1, 1], values: [6]},
      SparseSegmentSqrtNGrad: {shape: [1, 1], values: [8.196152687072754]},
      SparseSegmentSumGradV2: {shape: [1, 1], values: [12], sortedUniqueIndices: [0]},
      SparseSegmentMeanGradV2: {shape: [1, 1], values: [6], sortedUniqueIndices: [0]},
      SparseSegmentSqrtNGradV2:
          {shape: [1, 1], values: [8.196152687072754], sortedUniqueIndices: [0]},
    },
  },
  {
    test: 'testGradientExplicitSingleOutput/inner_size=2',
    gradShape: [3, 2],
    indices: [0, 0, 0, 0, 0],
    segmentIds: [0, 1, 2, 2, 2],
    outputDim0: 1,
    expect: {
      SparseSegmentSumGrad: {shape: [1, 2], values: [19, 24]},
      SparseSegmentMeanGrad: {shape: [1, 2], values: [9.000000953674316, 12]},
      SparseSegmentSqrtNGrad: {shape: [1, 2], values: [12.660253524780273, 16.392305374145508]},
      SparseSegmentSumGradV2: {shape: [1, 2], values: [19, 24], sortedUniqueIndices: [0]},
      SparseSegmentMeanGradV2:
          {shape: [1, 2], values: [9.000000953674316, 12], sortedUniqueIndices: [0]},
      SparseSegmentSqrtNGradV2: {
        shape: [1, 2],
        values: [12.660253524780273, 16.392305374145508],
        sortedUniqueIndices: [0]
      },
    },
  },
  {
    test: 'testGradientExplicitSingleOutput/inner_size=3',
    gradShape: [3, 3],
    indices: [0, 0, 0, 0, 0],
    segmentIds: [0, 1, 2, 2, 2],
    outputDim0: 1,
    expect: {
      SparseSegmentSumGrad: {shape: [1, 3], values: [26, 31, 36]},
      SparseSegmentMeanGrad: {shape: [1, 3], values: [12, 15.000000953674316, 18]},
      SparseSegmentSqrtNGrad:
          {shape: [1, 3], values: [17.124357223510742, 20.856407165527344, 24.5884552001953125]},
      SparseSegmentSumGradV2: {shape: [1, 3], values: [26, 31, 36], sortedUniqueIndices: [0]},
      SparseSegmentMeanGradV2:
          {shape: [1, 3], values: [12, 15.000000953674316, 18], sortedUniqueIndices: [0]},
      SparseSegmentSqrtNGradV2: {
        shape: [1, 3],
        values: [17.124357223510742, 20.856407165527344, 24.5884552001953125],
        sortedUniqueIndices: [0]
      },
    },
  },
  {
    test: 'testGradientValid',
    gradShape: [3, 4],
    indices: [8, 3, 0, 9],
    segmentIds: [0, 1, 2, 2],
    outputDim0: 10,
    expect: {
      SparseSegmentSumGrad: {
        shape: [10, 4],
        values: [
          9, 10, 11, 12, 0, 0, 0, 0, 0, 0, 0, 0, 5, 6, 7, 8, 0, 0,  0,  0,
          0, 0,  0,  0,  0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 9, 10, 11, 12
        ]
      },
      SparseSegmentMeanGrad: {
        shape: [10, 4],
        values: [
          4.5, 5, 5.5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 5, 6, 7, 8, 0,   0, 0,   0,
          0,   0, 0,   0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 4.5, 5, 5.5, 6
        ]
      },
      SparseSegmentSqrtNGrad: {
        shape: [10, 4],
        values: [
          6.3639607429504395,
          7.071067810058594,
          7.77817440032959,
          8.485280990600586,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          5,
          6,
          7,
          8,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          1,
          2,
          3,
          4,
          6.3639607429504395,
          7.071067810058594,
          7.77817440032959,
          8.485280990600586
        ]
      },
      SparseSegmentSumGradV2: {
        shape: [4, 4],
        values: [9, 10, 11, 12, 5, 6, 7, 8, 1, 2, 3, 4, 9, 10, 11, 12],
        sortedUniqueIndices: [0, 3, 8, 9]
      },
      SparseSegmentMeanGradV2: {
        shape: [4, 4],
        values: [4.5, 5, 5.5, 6, 5, 6, 7, 8, 1, 2, 3, 4, 4.5, 5, 5.5, 6],
        sortedUniqueIndices: [0, 3, 8, 9]
      },
      SparseSegmentSqrtNGradV2: {
        shape: [4, 4],
        values: [
          6.3639607429504395, 7.071067810058594, 7.77817440032959, 8.485280990600586, 5, 6, 7, 8, 1,
          2, 3, 4, 6.3639607429504395, 7.071067810058594, 7.77817440032959, 8.485280990600586
        ],
        sortedUniqueIndices: [0, 3, 8, 9]
      },
    },
  },
  {
    test: 'testGradientIndicesInvalid1',
    gradShape: [3, 4],
    indices: [8, 3, 0, 10],
    segmentIds: [0, 1, 2, 2],
    outputDim0: 10,
    expect: {
      SparseSegmentSumGrad: {error: 'Index 10 out of range [0, 10).'},
      SparseSegmentMeanGrad: {error: 'Index 10 out of range [0, 10).'},
      SparseSegmentSqrtNGrad: {error: 'Index 10 out of range [0, 10).'},
      SparseSegmentSumGradV2: {error: 'Index 10 out of range [0, 10).'},
      SparseSegmentMeanGradV2: {error: 'Index 10 out of range [0, 10).'},
      SparseSegmentSqrtNGradV2: {error: 'Index 10 out of range [0, 10).'},
    },
  },
  {
    test: 'testGradientIndicesInvalid2',
    gradShape: [3, 4],
    indices: [8, 3, -1, 9],
    segmentIds: [0, 1, 2, 2],
    outputDim0: 10,
    expect: {
      SparseSegmentSumGrad: {error: 'Index -1 out of range [0, 10).'},
      SparseSegmentMeanGrad: {error: 'Index -1 out of range [0, 10).'},
      SparseSegmentSqrtNGrad: {error: 'Index -1 out of range [0, 10).'},
      SparseSegmentSumGradV2: {error: 'Index -1 out of range [0, 10).'},
      SparseSegmentMeanGradV2: {error: 'Index -1 out of range [0, 10).'},
      SparseSegmentSqrtNGradV2: {error: 'Index -1 out of range [0, 10).'},
    },
  },
  {
    test: 'testGradientSegmentsInvalid1',
    gradShape: [3, 4],
    indices: [8, 3, 0, 9],
    segmentIds: [0, 1, 1, 4],
    outputDim0: 10,
    expect: {
      SparseSegmentSumGrad: {error: 'Invalid number of segments'},
      SparseSegmentMeanGrad: {error: 'Invalid number of segments'},
      SparseSegmentSqrtNGrad: {error: 'Invalid number of segments'},
      SparseSegmentSumGradV2: {error: 'Invalid number of segments'},
      SparseSegmentMeanGradV2: {error: 'Invalid number of segments'},
      SparseSegmentSqrtNGradV2: {error: 'Invalid number of segments'},
    },
  },
  {
    test: 'testGradientSegmentsInvalid2',
    gradShape: [1, 4],
    indices: [8, 3, 0, 9],
    segmentIds: [0, 1, 2, 0],
    outputDim0: 10,
    expect: {
      SparseSegmentSumGrad: {error: 'Segment id 1 out of range [0, 1).'},
      SparseSegmentMeanGrad: {error: 'Segment id 1 out of range [0, 1).'},
      SparseSegmentSqrtNGrad: {error: 'Segment id 1 out of range [0, 1).'},
      SparseSegmentSumGradV2: {error: 'Segment id 1 out of range [0, 1).'},
      SparseSegmentMeanGradV2: {error: 'Segment id 1 out of range [0, 1).'},
      SparseSegmentSqrtNGradV2: {error: 'Segment id 1 out of range [0, 1).'},
    },
  },
  {
    test: 'testGradientSegmentsInvalid3',
    gradShape: [2, 4],
    indices: [8, 3, 0, 9],
    segmentIds: [-1, 0, 1, 1],
    outputDim0: 10,
    expect: {
      SparseSegmentSumGrad: {error: 'Segment id -1 out of range [0, 2).'},
      SparseSegmentMeanGrad: {error: 'Segment id -1 out of range [0, 2).'},
      SparseSegmentSqrtNGrad: {error: 'Segment id -1 out of range [0, 2).'},
      SparseSegmentSumGradV2: {error: 'Segment id -1 out of range [0, 2).'},
      SparseSegmentMeanGradV2: {error: 'Segment id -1 out of range [0, 2).'},
      SparseSegmentSqrtNGradV2: {error: 'Segment id -1 out of range [0, 2).'},
    },
  },
  {
    test: 'testGradientSegmentsInvalid4',
    gradShape: [0, 4],
    indices: [8, 3, 0, 9],
    segmentIds: [0, 1, 2, -1],
    outputDim0: 10,
    expect: {
      SparseSegmentSumGrad:
          {error: 'Invalid number of segments', alternatives: ['Segment id 0 out of range [0, 0)']},
      SparseSegmentMeanGrad:
          {error: 'Invalid number of segments', alternatives: ['Segment id 0 out of range [0, 0)']},
      SparseSegmentSqrtNGrad:
          {error: 'Invalid number of segments', alternatives: ['Segment id 0 out of range [0, 0)']},
      SparseSegmentSumGradV2:
          {error: 'Invalid number of segments', alternatives: ['Segment id 0 out of range [0, 0)']},
      SparseSegmentMeanGradV2:
          {error: 'Invalid number of segments', alternatives: ['Segment id 0 out of range [0, 0)']},
      SparseSegmentSqrtNGradV2:
          {error: 'Invalid number of segments', alternatives: ['Segment id 0 out of range [0, 0)']},
    },
  },
  {
    test: 'testGradientEmptyInputWithNonEmptyIndices/float32',
    gradShape: [0],
    indices: [0, 1],
    segmentIds: [0, 1],
    outputDim0: 2,
    expect: {
      SparseSegmentSumGrad: {error: 'Invalid number of segments'},
      SparseSegmentMeanGrad: {error: 'Invalid number of segments'},
      SparseSegmentSqrtNGrad: {error: 'Invalid number of segments'},
    },
  },
];

/** One case per (test, kernel). */
export function tfSegmentGradCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const t of TESTS) {
    for (const [kernel, e] of Object.entries(t.expect)) {
      const isV2 = kernel.endsWith('V2');
      cases.push({
        name: `${kernel}/tf:${t.test}`,
        kernel,
        tags: ['tf-test', ...(e.error != null ? ['error'] : [])],
        build: () => {
          const expected: Expected = e.error != null ?
              {error: e.error, alternatives: e.alternatives, errorName: 'InvalidArgumentError'} :
              {
                outputs: [
                  f32(e.shape!, e.values!),
                  ...(isV2 ? [i32([e.sortedUniqueIndices!.length], e.sortedUniqueIndices!)] : []),
                ]
              };
          return {
            inputs: {
              grad: arange1(t.gradShape),
              indices: i32([t.indices.length], t.indices),
              segmentIds: i32([t.segmentIds.length], t.segmentIds),
              [isV2 ? 'denseOutputDim0' : 'outputDim0']: scalarI32(t.outputDim0),
            },
            expected
          };
        }
      });
    }
  }
  return cases;
}
