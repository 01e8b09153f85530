/**
 * Cases of tfjs's `UnsortedSegmentSum` (the gradient of `tf.gather`), which
 * the package replaces on every backend: TensorFlow's semantics (negative
 * ids dropped, out-of-range ids rejected, empty data skips the id checks),
 * its error texts, and random cases against the reference: duplicates,
 * unsorted and negative ids, rank-1 and rank-3 data, 2-D ids, int32, and
 * sizes past WebGL's texture limit and a WebGPU dispatch dimension.
 */
import {bool, f32, i32} from '../harness/specs';
import {Random} from '../harness/random';
import type {KernelCase, TensorSpec} from '../harness/types';
import {refUnsortedSegmentSum} from '../reference/reference';

const KERNEL = 'UnsortedSegmentSum';

function ussCase(label: string, tags: string[], build: () => {
  x: TensorSpec,
  segmentIds: TensorSpec,
  numSegments: number,
  expected: {outputs: TensorSpec[]} |
      {
        error: string, errorName?: string
      }
}): KernelCase {
  return {
    name: `${KERNEL}/${label}`,
    kernel: KERNEL,
    tags,
    build: () => {
      const {x, segmentIds, numSegments, expected} = build();
      return {inputs: {x, segmentIds}, attrs: {numSegments}, expected};
    }
  };
}

function literal(
    label: string, x: TensorSpec, segmentIds: TensorSpec, numSegments: number,
    out: TensorSpec): KernelCase {
  return ussCase(
      `edge:${label}`, ['edge'], () => ({x, segmentIds, numSegments, expected: {outputs: [out]}}));
}

function error(
    label: string, x: TensorSpec, segmentIds: TensorSpec, numSegments: number,
    text: string): KernelCase {
  return ussCase(
      `error:${label}`, ['error'], () => ({
                                     x,
                                     segmentIds,
                                     numSegments,
                                     expected: {error: text, errorName: 'InvalidArgumentError'}
                                   }));
}

function edgeCases(): KernelCase[] {
  const x = f32([3, 2], [1, 2, 3, 4, 5, 6]);
  return [
    // Each expectation below is what TensorFlow 2.21 returns.
    literal(
        'negative ids are dropped', x, i32([3], [1, -1, 1]), 3, f32([3, 2], [0, 0, 6, 8, 0, 0])),
    literal(
        'duplicates sum in input order', f32([3], [1e8, 1, -1e8]), i32([3], [0, 0, 0]), 1,
        f32([1], [0])),
    literal(
        'NaN and Infinity propagate', f32([3], [NaN, Infinity, 1]), i32([3], [0, 1, 1]), 2,
        f32([2], [NaN, Infinity])),
    literal('int32 wraps', i32([2], [2147483647, 1]), i32([2], [0, 0]), 1, i32([1], [-2147483648])),
    literal('2-D ids', x, i32([3, 2], [0, 1, 1, 0, 2, 2]), 3, f32([3], [1 + 4, 2 + 3, 5 + 6])),
    literal('scalar id', f32([2], [5, 7]), i32([], [1]), 3, f32([3, 2], [0, 0, 5, 7, 0, 0])),
    literal(
        'empty data skips the id checks', f32([2, 0], []), i32([2], [0, 9]), 3, f32([3, 0], [])),
    literal('no ids', f32([0, 2], []), i32([0], []), 2, f32([2, 2], [0, 0, 0, 0])),
    literal('no segments, all ids negative', x, i32([3], [-1, -2, -3]), 0, f32([0, 2], [])),
    literal('unused segments are zero', f32([1], [4]), i32([1], [2]), 5, f32([5], [0, 0, 4, 0, 0])),
  ];
}

function errorCases(): KernelCase[] {
  const x = f32([2, 2], [1, 2, 3, 4]);
  return [
    error(
        'id >= numSegments', f32([3, 2], [1, 2, 3, 4, 5, 6]), i32([3], [1, 7, 1]), 3,
        'segment_ids[1] = 7 is out of range [0, 3)'),
    error(
        'id >= numSegments in 2-D ids', x, i32([2, 2], [0, 1, 2, 5]), 3,
        'segment_ids[1,1] = 5 is out of range [0, 3)'),
    error(
        'first bad id wins', x, i32([2], [-1, 9]), 0, 'segment_ids[1] = 9 is out of range [0, 0)'),
    error(
        'scalar id out of range', f32([], [5]), i32([], [7]), 3,
        'segment_ids = 7 is out of range [0, 3)'),
    error(
        'ids not a prefix of data', x, i32([1, 2], [0, 1]), 3,
        'data.shape = [2,2] does not start with segment_ids.shape = [1,2]'),
    error(
        'more ids than rows', x, i32([3], [0, 1, 2]), 3,
        'data.shape = [2,2] does not start with segment_ids.shape = [3]'),
    error(
        'negative numSegments', x, i32([2], [0, 1]), -1,
        'Input num_segments == -1 must not be negative.'),
    error(
        'bool data', bool([2], [1, 0]), i32([2], [0, 1]), 3,
        `Value for attr 'T' of bool is not in the list of allowed values: float, double, int32, uint8, int16, int8, complex64, int64, qint8, quint8, qint32, bfloat16, qint16, quint16, uint16, complex128, half, uint32, uint64`),
    error(
        'float ids', x, f32([2], [0, 1]), 3,
        `Value for attr 'Tindices' of float is not in the list of allowed values: int16, int32, int64`),
  ];
}

interface Shape {
  /** Shape of the ids (a prefix of the data's shape). */
  ids: number[];
  /** The rest of the data's shape. */
  row: number[];
  numSegments: number;
  tags?: string[];
}

const SHAPES: Shape[] = [
  {ids: [1], row: [], numSegments: 1},
  {ids: [7], row: [], numSegments: 10},
  {ids: [50], row: [3], numSegments: 20},
  {ids: [64], row: [4], numSegments: 64},
  {ids: [8, 25], row: [2, 3], numSegments: 15},
  {ids: [1000], row: [64], numSegments: 100},
  {ids: [257], row: [65], numSegments: 2},
  {ids: [20000], row: [1], numSegments: 9000, tags: ['large']},
  {ids: [6], row: [9000], numSegments: 3, tags: ['large']},
  // More output rows than one WebGPU dispatch dimension holds (65,535).
  {ids: [70000], row: [4], numSegments: 70000, tags: ['large']},
];

function randomCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  for (const shape of SHAPES) {
    for (const dtype of ['float32', 'int32'] as const) {
      const n = shape.ids.reduce((a, b) => a * b, 1);
      const width = shape.row.reduce((a, b) => a * b, 1);
      cases.push(ussCase(
          `random:ids=[${shape.ids}],row=[${shape.row}],segments=${shape.numSegments},${dtype}`,
          ['random', ...(shape.tags ?? [])], () => {
            const rng = new Random(n * 31 + width);
            const xShape = [...shape.ids, ...shape.row];
            const x = dtype === 'int32' ? i32(xShape, rng.ints(n * width, -1e6, 1e6)) :
                                          f32(xShape, rng.floats(n * width));
            // Ids from a smaller pool (duplicates), about 1 in 8 negative.
            const pool = Math.max(1, Math.ceil(shape.numSegments / 2));
            const ids = rng.ints(n, -Math.ceil(pool / 7), pool);
            const segmentIds = i32(shape.ids, ids);
            return {
              x,
              segmentIds,
              numSegments: shape.numSegments,
              expected:
                  {outputs: [refUnsortedSegmentSum(x, ids, shape.ids.length, shape.numSegments)]}
            };
          }));
    }
  }
  return cases;
}

export function unsortedSegmentSumCases(): KernelCase[] {
  return [...edgeCases(), ...errorCases(), ...randomCases()];
}
