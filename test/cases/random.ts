/**
 * Random cases, checked against the reference implementations: many shapes
 * and seeds, empty tensors, duplicate and unsorted indices, rank-1 and
 * rank-3 tensors, and sizes past WebGL's texture limit (8192) and past a
 * single WebGPU dispatch dimension. The seed makes every backend see the same
 * data.
 */
import {Random} from '../harness/random';
import {f32, i32, scalarI32, sizeOf} from '../harness/specs';

import type {KernelCase, TensorSpec} from '../harness/types';
import {Reduction, refFillEmptyRowsGrad, refSegmentGrad, refSegmentGradV2, refSegmentReduction, refSliceGrad, refSparseSlice} from '../reference/reference';

interface SegmentGradShape {
  /** Pairs. */
  n: number;
  /** Rows of grad (segments). */
  segments: number;
  /** outputDim0. */
  m: number;
  /** grad.shape[1:]. */
  rowShape: number[];
  /** Extra tags ('large'). */
  tags?: string[];
}

const SEGMENT_GRAD_SHAPES: SegmentGradShape[] = [
  {n: 0, segments: 3, m: 5, rowShape: [4]},
  {n: 5, segments: 2, m: 0, rowShape: [2]},
  {n: 1, segments: 1, m: 1, rowShape: [1]},
  {n: 7, segments: 3, m: 10, rowShape: []},
  {n: 9, segments: 4, m: 3, rowShape: [0]},
  {n: 50, segments: 10, m: 20, rowShape: [3]},
  {n: 64, segments: 64, m: 64, rowShape: [4]},
  {n: 200, segments: 40, m: 15, rowShape: [2, 3]},
  {n: 300, segments: 300, m: 1000, rowShape: [5]},
  {n: 1000, segments: 100, m: 100, rowShape: [64]},
  {n: 257, segments: 3, m: 2, rowShape: [65]},
  {n: 20000, segments: 2000, m: 9000, rowShape: [1], tags: ['large']},
  {n: 6, segments: 2, m: 3, rowShape: [9000], tags: ['large']},
  {n: 30000, segments: 3000, m: 100000, rowShape: [2], tags: ['large']},
  // More rows than one WebGPU dispatch dimension holds (65,535).
  {n: 70000, segments: 70000, m: 70000, rowShape: [4], tags: ['large']},
];

function segmentGradInputs(shape: SegmentGradShape, seed: number) {
  const rng = new Random(seed);
  const {n, segments, m, rowShape} = shape;
  const grad = f32([segments, ...rowShape], rng.floats(segments * sizeOf(rowShape)));
  // Indices from a small pool repeat often; segment ids come in any order,
  // but the last one is the largest (TF checks only the last id's bound).
  const pool = Math.max(1, Math.min(m, seed % 2 === 0 ? m : Math.ceil(m / 4)));
  const indices = m === 0 ? rng.ints(n, 0, 1000) : rng.ints(n, 0, pool);
  const segmentIds = rng.ints(n, 0, segments);
  if (n > 0) {
    segmentIds[n - 1] = segments - 1;
  }
  return {grad, indices, segmentIds};
}

function segmentGradCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  const reductions: Array<[Reduction, string]> =
      [['sum', 'Sum'], ['mean', 'Mean'], ['sqrtn', 'SqrtN']];
  for (const shape of SEGMENT_GRAD_SHAPES) {
    const seeds = shape.tags?.includes('large') ? [1] : [1, 2];
    for (const seed of seeds) {
      for (const [reduction, name] of reductions) {
        for (const v2 of [false, true]) {
          const kernel = `SparseSegment${name}Grad${v2 ? 'V2' : ''}`;
          cases.push({
            name: `${kernel}/random:n=${shape.n},segments=${shape.segments},m=${shape.m},row=[${
                shape.rowShape}],seed=${seed}`,
            kernel,
            tags: ['random', ...(shape.tags ?? [])],
            build: () => {
              const {grad, indices, segmentIds} = segmentGradInputs(shape, seed);
              const empty = shape.n === 0 || shape.m === 0;
              const outputs = v2 ?
                  (empty ? [f32([0, ...shape.rowShape], []), i32([0], [])] :
                           refSegmentGradV2(reduction, grad, indices, segmentIds, shape.m)) :
                  [refSegmentGrad(
                      reduction, grad, empty ? [] : indices, empty ? [] : segmentIds, shape.m)];
              return {
                inputs: {
                  grad,
                  indices: i32([shape.n], indices),
                  segmentIds: i32([shape.n], segmentIds),
                  [v2 ? 'denseOutputDim0' : 'outputDim0']: scalarI32(shape.m),
                },
                expected: {outputs}
              };
            }
          });
        }
      }
    }
  }
  return cases;
}

/** Sorted segment ids with gaps; segment sizes cross TF's group sizes (1..9, 10+). */
function sortedSegmentIds(rng: Random, n: number): Int32Array {
  const ids = new Int32Array(n);
  let id = rng.int(0, 3);
  let left = rng.int(1, 26);
  for (let i = 0; i < n; i++) {
    if (left === 0) {
      id += rng.int(1, 3);
      left = rng.int(1, 26);
    }
    ids[i] = id;
    left--;
  }
  return ids;
}

function segmentReductionCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  const shapes = [
    {n: 0, rows: 4, rowShape: [3]},
    {n: 1, rows: 1, rowShape: []},
    {n: 40, rows: 10, rowShape: [3]},
    {n: 400, rows: 50, rowShape: [2, 2]},
    {n: 3000, rows: 500, rowShape: [16]},
  ];
  const kernels: Array<[string, Reduction, boolean]> = [
    ['SparseSegmentSum', 'sum', false],
    ['SparseSegmentMean', 'mean', false],
    ['SparseSegmentSqrtN', 'sqrtn', false],
    ['SparseSegmentSumWithNumSegments', 'sum', true],
    ['SparseSegmentMeanWithNumSegments', 'mean', true],
    ['SparseSegmentSqrtNWithNumSegments', 'sqrtn', true],
  ];
  for (const shape of shapes) {
    for (const [kernel, reduction, withNum] of kernels) {
      for (const dtype of reduction === 'sum' ? ['float32', 'int32'] : ['float32']) {
        const seed = shape.n + 7;
        cases.push({
          name: `${kernel}/random:n=${shape.n},rows=${shape.rows},row=[${shape.rowShape}],${dtype}`,
          kernel,
          tags: ['random'],
          build: () => {
            const rng = new Random(seed);
            const width = sizeOf(shape.rowShape);
            const dataShape = [shape.rows, ...shape.rowShape];
            const data: TensorSpec = dtype === 'int32' ?
                i32(dataShape, rng.ints(shape.rows * width, -1e9, 1e9)) :
                f32(dataShape, rng.floats(shape.rows * width));
            const indices = rng.ints(shape.n, 0, shape.rows);
            const segmentIds = sortedSegmentIds(rng, shape.n);
            const last = shape.n > 0 ? segmentIds[shape.n - 1] : -1;
            const numSegments = withNum ? last + 1 + rng.int(0, 3) : null;
            return {
              inputs: {
                data,
                indices: i32([shape.n], indices),
                segmentIds: i32([shape.n], segmentIds),
                ...(withNum ? {numSegments: scalarI32(numSegments!)} : {}),
              },
              expected: {
                outputs: [refSegmentReduction(reduction, data, indices, segmentIds, numSegments)]
              }
            };
          }
        });
      }
    }
  }
  return cases;
}

/** A random sparse tensor: unsorted, with repeats, some indices past the shape. */
function randomSparse(rng: Random, nnz: number, rank: number) {
  const denseShape = Array.from({length: rank}, () => rng.int(1, 9));
  const indices = new Int32Array(nnz * rank);
  for (let i = 0; i < nnz; i++) {
    for (let d = 0; d < rank; d++) {
      indices[i * rank + d] = rng.int(-1, denseShape[d] + 1);
    }
  }
  const start = denseShape.map(s => rng.int(-2, s));
  const size = denseShape.map(s => rng.int(0, s + 2));
  return {denseShape, indices, start, size};
}

function sparseSliceCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const [nnz, rank] of [[0, 2], [1, 1], [12, 1], [30, 2], [60, 3], [500, 2]]) {
    for (const seed of [1, 2, 3]) {
      for (const dtype of ['float32', 'int32'] as const) {
        const build = () => {
          const rng = new Random(seed * 1000 + nnz * 10 + rank);
          const sparse = randomSparse(rng, nnz, rank);
          const indices = i32([nnz, rank], sparse.indices);
          const values =
              dtype === 'int32' ? i32([nnz], rng.ints(nnz, -50, 50)) : f32([nnz], rng.floats(nnz));
          return {rng, sparse, indices, values};
        };
        const label = `random:nnz=${nnz},rank=${rank},seed=${seed},${dtype}`;
        cases.push({
          name: `SparseSlice/${label}`,
          kernel: 'SparseSlice',
          tags: ['random'],
          build: () => {
            const {sparse, indices, values} = build();
            return {
              inputs: {
                indices,
                values,
                shape: i32([rank], sparse.denseShape),
                start: i32([rank], sparse.start),
                size: i32([rank], sparse.size),
              },
              expected: {
                outputs:
                    refSparseSlice(indices, values, sparse.denseShape, sparse.start, sparse.size)
              }
            };
          }
        });
        cases.push({
          name: `SparseSliceGrad/${label}`,
          kernel: 'SparseSliceGrad',
          tags: ['random'],
          build: () => {
            const {rng, sparse, indices, values} = build();
            const [outputIndices] =
                refSparseSlice(indices, values, sparse.denseShape, sparse.start, sparse.size);
            const nnzOut = outputIndices.shape[0];
            const backpropValGrad = dtype === 'int32' ? i32([nnzOut], rng.ints(nnzOut, -50, 50)) :
                                                        f32([nnzOut], rng.floats(nnzOut));
            return {
              inputs: {
                backpropValGrad,
                inputIndices: indices,
                inputStart: i32([rank], sparse.start),
                outputIndices,
              },
              expected:
                  {outputs: [refSliceGrad(backpropValGrad, indices, sparse.start, outputIndices)]}
            };
          }
        });
      }
    }
  }
  return cases;
}

function fillEmptyRowsGradCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  const shapes = [[0, 0], [0, 5], [1, 1], [6, 8], [20, 20], [30, 10], [1000, 1500], [20000, 30000]];
  for (const [n, nFull] of shapes) {
    for (const dtype of ['float32', 'int32'] as const) {
      cases.push({
        name: `SparseFillEmptyRowsGrad/random:n=${n},nFull=${nFull},${dtype}`,
        kernel: 'SparseFillEmptyRowsGrad',
        tags: ['random', ...(n >= 20000 ? ['large'] : [])],
        build: () => {
          const rng = new Random(n * 31 + nFull);
          // Repeats are allowed; nFull < n too, as long as entries are in range.
          const map = rng.ints(n, 0, nFull);
          const gradValues = dtype === 'int32' ? i32([nFull], rng.ints(nFull, -2e9, 2e9)) :
                                                 f32([nFull], rng.floats(nFull));
          return {
            inputs: {reverseIndexMap: i32([n], map), gradValues},
            expected: {outputs: refFillEmptyRowsGrad(map, gradValues)}
          };
        }
      });
    }
  }
  return cases;
}

export function randomCases(): KernelCase[] {
  return [
    ...segmentGradCases(),
    ...segmentReductionCases(),
    ...sparseSliceCases(),
    ...fillEmptyRowsGradCases(),
  ];
}
