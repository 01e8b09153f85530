/**
 * What the benchmark runs for each raw op: inputs of a given size, the
 * package's op, the composite a user would write without this package, the
 * cpu kernel's loop on read-back inputs, and the op's minimum bytes (for the
 * bandwidth floor). Runs unchanged in Node (cpu) and in a browser page.
 */
import type * as tfType from '@tensorflow/tfjs';

import {sparseFillEmptyRowsGradImpl} from '../kernels/shared/sparse_fill_empty_rows_grad_impl';
import {scatterSegmentGrad, uniqueSortedIndices} from '../kernels/shared/sparse_segment_grad_impl';
import {sparseSliceGradImpl} from '../kernels/shared/sparse_slice_grad_impl';
import {unsortedSegmentSumImpl} from '../kernels/shared/unsorted_segment_sum_impl';
import type {SegmentReduction} from '../src/kernel_names';
import {matchSliceGradRows} from '../src/validation/sparse_slice_grad';
import {Random} from '../test/harness/random';

type TF = typeof tfType;
type Tensor = tfType.Tensor;
type SG = typeof import('../src/layers');
export type Outputs = Tensor|Tensor[];

/** The methods timed for each op and size. */
export type Method = 'package'|'composite'|'readback+cpu'|'floor';

/** One size of one op, ready to time. */
export interface PreparedBench {
  /** e.g. `N=10000 D=16 M=1000 S=1000`. */
  label: string;
  /** The size parameters, for the report. */
  shape: Record<string, number>;
  /** The fewest bytes the op must read and write. */
  floorBytes: number;
  /** A measure of the work, to extrapolate run times between sizes. */
  work: number;
  run: Record<Exclude<Method, 'floor'>, () => Outputs | Promise<Outputs>>;
  dispose(): void;
}

/** The sizes to benchmark: N pairs or entries, row width D, output rows M = N * ratio. */
export interface SizeGrid {
  sizes: number[];
  widths: number[];
  mRatios: number[];
}

export interface OpBench {
  op: string;
  /** The size parameter sets this op is run at. */
  shapes(grid: SizeGrid): Array<Record<string, number>>;
  prepare(tf: TF, sg: SG, shape: Record<string, number>, onDevice: (t: Tensor) => Tensor):
      PreparedBench;
}

/** Reads tensors back and hands their values to `body`; the result goes to the device. */
async function readbackThen(
    tf: TF, inputs: Tensor[],
    body: (values: ArrayLike<number>[]) => Tensor | Tensor[]): Promise<Outputs> {
  const values = await Promise.all(inputs.map(t => t.data()));
  const out = body(values as ArrayLike<number>[]);
  // The result goes back to the GPU, where the next op would use it.
  const upload = (tf.backend() as {uploadToGPU?: (id: object) => void}).uploadToGPU;
  for (const t of Array.isArray(out) ? out : [out]) {
    upload?.call(tf.backend(), t.dataId);
  }
  return out;
}

/**
 * Runs `body` with tfjs's own kernels (the package's replacements off): the
 * composite is what a user without this package runs.
 */
export function withTfjsKernels<T>(tf: TF, sg: SG, body: () => T): T {
  const flag = sg.REPLACE_TFJS_KERNELS_FLAG;
  const before = tf.env().getBool(flag);
  tf.env().set(flag, false);
  try {
    return body();
  } finally {
    tf.env().set(flag, before);
  }
}

// ---- Segment gradients ---------------------------------------------------------

const REDUCTION_NAMES: Record<SegmentReduction, string> = {
  sum: 'Sum',
  mean: 'Mean',
  sqrtn: 'SqrtN',
};

function segmentGradBench(reduction: SegmentReduction, isV2: boolean): OpBench {
  const name = REDUCTION_NAMES[reduction];
  return {
    op: `SparseSegment${name}Grad${isV2 ? 'V2' : ''}`,
    shapes: grid => grid.sizes.flatMap(
        n => grid.widths.flatMap(d => grid.mRatios.map(r => ({
                                                         n,
                                                         d,
                                                         m: Math.max(1, Math.round(n * r)),
                                                         s: Math.max(1, Math.round(n / 10))
                                                       })))),
    prepare: (tf, sg, shape, onDevice) => {
      const {n, d, m, s} = shape;
      const rng = new Random(n + d + m);
      // Embedding-bag-like: bags of N/S tokens, token ids uniform in [0, M).
      const indices = rng.ints(n, 0, m);
      const segmentIds = Int32Array.from({length: n}, (_, i) => Math.floor(i * s / n));
      const grad = onDevice(tf.tensor2d(rng.floats(s * d), [s, d]));
      const indicesT = onDevice(tf.tensor1d(indices, 'int32')) as tfType.Tensor1D;
      const segmentIdsT = onDevice(tf.tensor1d(segmentIds, 'int32')) as tfType.Tensor1D;
      // The composite's per-segment scale, computed once, outside the timing
      // (in JS: tfjs's segment sum would take seconds here on webgl).
      const counts = new Float32Array(s);
      for (const id of segmentIds) counts[id]++;
      const scale = onDevice(tf.tensor2d(
          counts.map(
              c => reduction === 'sum' ? 1 :
                  reduction === 'mean' ? 1 / Math.max(c, 1) :
                                         1 / Math.sqrt(Math.max(c, 1))),
          [s, 1]));
      const unique = new Set(indices).size;
      const outRows = isV2 ? unique : m;
      const op = `sparseSegment${name}Grad${isV2 ? 'V2' : ''}` as 'sparseSegmentMeanGrad';
      // On webgpu a V2 op cannot size its output from indices on the GPU
      // without a (device-breaking) sync readback: users call its async
      // variant, which reads the int32 indices back first.
      const asyncV2 = isV2 && tf.getBackend() === 'webgpu';
      return {
        label: `N=${n} D=${d} M=${m} S=${s}${asyncV2 ? ' (async op)' : ''}`,
        shape,
        floorBytes: 4 * d * (s + outRows) + 8 * n + (isV2 ? 4 * unique : 0),
        work: n * d,
        run: {
          'package': async () => {
            const fn = sg[(asyncV2 ? `${op}Async` : op) as 'sparseSegmentMeanGrad'] as
                unknown as (...a: unknown[]) =>
                           Tensor | {output: Tensor, sortedUniqueIndices: Tensor};
            const out = await fn(grad, indicesT, segmentIdsT, m);
            return out instanceof tf.Tensor ? out : [out.output, out.sortedUniqueIndices];
          },
          'composite': () => withTfjsKernels(tf, sg, () => tf.tidy(() => {
            const rows = tf.gather(tf.mul(grad, scale), segmentIdsT);
            if (!isV2) {
              return tf.unsortedSegmentSum(rows, indicesT, m);
            }
            // tfjs's unique: rows in order of first occurrence (not sorted).
            const {values, indices: uniqueId} = tf.unique(indicesT);
            return [tf.unsortedSegmentSum(rows, uniqueId, values.shape[0]), values];
          })),
          'readback+cpu': () => readbackThen(
              tf, [grad, indicesT, segmentIdsT],
              ([g, idx, seg]) => {
                if (!isV2) {
                  const out = scatterSegmentGrad(
                      reduction, g as Float32Array, idx as Int32Array, seg as Int32Array, s, m, d);
                  return tf.tensor2d(out, [m, d]);
                }
                const {sortedUniqueIndices, uniqueIdOfPair} =
                    uniqueSortedIndices(idx as Int32Array);
                const out = scatterSegmentGrad(
                    reduction, g as Float32Array, uniqueIdOfPair, seg as Int32Array, s,
                    sortedUniqueIndices.length, d);
                return [
                  tf.tensor2d(out, [sortedUniqueIndices.length, d]),
                  tf.tensor1d(sortedUniqueIndices, 'int32')
                ];
              }),
        },
        dispose: () => tf.dispose([grad, indicesT, segmentIdsT, scale]),
      };
    },
  };
}

// ---- SparseFillEmptyRowsGrad -----------------------------------------------------

const fillEmptyRowsGradBench: OpBench = {
  op: 'SparseFillEmptyRowsGrad',
  // N input entries; the filled tensor has 25% more (its empty rows).
  shapes: grid => grid.sizes.map(n => ({n, nFull: Math.round(n * 1.25)})),
  prepare: (tf, sg, shape, onDevice) => {
    const {n, nFull} = shape;
    const rng = new Random(n);
    // A reverse index map is increasing: input entries keep their order.
    const map = Int32Array.from({length: n}, (_, i) => Math.floor(i * nFull / n));
    const mapT = onDevice(tf.tensor1d(map, 'int32'));
    const gradValues = onDevice(tf.tensor1d(rng.floats(nFull)));
    return {
      label: `N=${n} N_full=${nFull}`,
      shape,
      floorBytes: 4 * nFull + 8 * n + 4,
      work: nFull,
      run: {
        'package': () => {
          const {dValues, dDefaultValue} = sg.sparseFillEmptyRowsGrad(mapT, gradValues);
          return [dValues, dDefaultValue];
        },
        'composite': () => tf.tidy(() => {
          const dValues = tf.gather(gradValues, mapT);
          const visited = tf.scatterND(tf.expandDims(mapT, 1), tf.onesLike(mapT), [nFull]);
          const dDefault =
              tf.sum(tf.where(tf.greater(visited, 0), tf.zerosLike(gradValues), gradValues));
          return [dValues, dDefault];
        }),
        'readback+cpu': () => readbackThen(
            tf, [mapT, gradValues],
            ([m, g]) => {
              const out = sparseFillEmptyRowsGradImpl(m as Int32Array, g as Float32Array);
              return [tf.tensor1d(out.dValues), tf.scalar(out.dDefaultValue[0])];
            }),
      },
      dispose: () => tf.dispose([mapT, gradValues]),
    };
  },
};

// ---- UnsortedSegmentSum (tfjs's kernel, which the package replaces) ----------------

const unsortedSegmentSumBench: OpBench = {
  op: 'UnsortedSegmentSum',
  // tf.gather's gradient: N rows of width D into M = N * ratio segments.
  shapes: grid => grid.sizes.flatMap(
      n => grid.widths.flatMap(
          d => grid.mRatios.map(r => ({n, d, m: Math.max(1, Math.round(n * r))})))),
  prepare: (tf, sg, shape, onDevice) => {
    const {n, d, m} = shape;
    const rng = new Random(n + d + m + 1);
    const x = onDevice(tf.tensor2d(rng.floats(n * d), [n, d]));
    const ids = onDevice(tf.tensor1d(rng.ints(n, 0, m), 'int32')) as tfType.Tensor1D;
    return {
      label: `N=${n} D=${d} M=${m}`,
      shape,
      floorBytes: 4 * d * (n + m) + 4 * n,
      work: n * d,
      run: {
        'package': () => tf.unsortedSegmentSum(x, ids, m),
        'composite': () => withTfjsKernels(tf, sg, () => tf.unsortedSegmentSum(x, ids, m)),
        'readback+cpu': () => readbackThen(
            tf, [x, ids],
            ([xv, iv]) => tf.tensor2d(
                unsortedSegmentSumImpl(xv as Float32Array, iv as Int32Array, m, d), [m, d])),
      },
      dispose: () => tf.dispose([x, ids]),
    };
  },
};

// ---- SparseSliceGrad ---------------------------------------------------------------

const sliceGradBench: OpBench = {
  op: 'SparseSliceGrad',
  // A [rows, 64] sparse matrix with N entries in order; the slice keeps half the columns.
  shapes: grid => grid.sizes.map(n => ({n})),
  prepare: (tf, sg, shape, onDevice) => {
    const {n} = shape;
    const cols = 64;
    const rng = new Random(n + 1);
    const inputIndices = new Int32Array(2 * n);
    const kept: number[] = [];
    for (let i = 0; i < n; i++) {
      // Sorted, distinct (row, col) pairs: about half the columns of each row.
      inputIndices[2 * i] = Math.floor(i / (cols / 2));
      inputIndices[2 * i + 1] = 2 * (i % (cols / 2)) + (rng.next() < 0.5 ? 1 : 0);
      if (inputIndices[2 * i + 1] >= cols / 2) kept.push(i);
    }
    const start = [0, cols / 2];
    const outputIndices = new Int32Array(2 * kept.length);
    kept.forEach((i, k) => {
      outputIndices[2 * k] = inputIndices[2 * i] - start[0];
      outputIndices[2 * k + 1] = inputIndices[2 * i + 1] - start[1];
    });
    const nnzOut = kept.length;
    const backprop = onDevice(tf.tensor1d(rng.floats(nnzOut)));
    const inputIndicesT = onDevice(tf.tensor2d(inputIndices, [n, 2], 'int32'));
    const startT = onDevice(tf.tensor1d(start, 'int32'));
    const outputIndicesT = onDevice(tf.tensor2d(outputIndices, [nnzOut, 2], 'int32'));
    return {
      label: `nnzIn=${n} nnzOut=${nnzOut} rank=2`,
      shape: {...shape, nnzOut},
      floorBytes: 4 * nnzOut + 8 * (n + nnzOut) + 4 * n,
      work: n,
      run: {
        'package': () => sg.sparseSliceGrad(backprop, inputIndicesT, startT, outputIndicesT),
        // Linearise both index sets; the input's are sorted, so a binary
        // search finds each output entry's input row; scatter the gradients there.
        'composite': () => tf.tidy(() => {
          const strides = tf.tensor2d([cols, 1], [2, 1], 'int32');
          const inputKeys = tf.reshape(tf.matMul(inputIndicesT, strides), [n]);
          const outputKeys =
              tf.reshape(tf.matMul(tf.add(outputIndicesT, startT), strides), [nnzOut]);
          const rows = tf.reshape(tf.searchSorted(inputKeys, outputKeys), [nnzOut, 1]);
          return tf.scatterND(rows, backprop, [n]);
        }),
        'readback+cpu': () => readbackThen(
            tf, [backprop, inputIndicesT, startT, outputIndicesT],
            ([b, ii, st, oi]) => {
              const sourceRow = matchSliceGradRows(
                  'SparseSliceGrad', ii as Int32Array, oi as Int32Array, st as Int32Array, n,
                  nnzOut, 2);
              return tf.tensor1d(sparseSliceGradImpl(b as Float32Array, sourceRow));
            }),
      },
      dispose: () => tf.dispose([backprop, inputIndicesT, startT, outputIndicesT]),
    };
  },
};

/** Every raw op of the package. */
export const OP_BENCHES: OpBench[] = [
  segmentGradBench('sum', false),
  segmentGradBench('mean', false),
  segmentGradBench('sqrtn', false),
  segmentGradBench('sum', true),
  segmentGradBench('mean', true),
  segmentGradBench('sqrtn', true),
  fillEmptyRowsGradBench,
  sliceGradBench,
  unsortedSegmentSumBench,
];
