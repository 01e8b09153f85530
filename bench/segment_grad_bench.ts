/**
 * Benchmark of SparseSegmentMeanGrad on the active backend, against what a
 * user would write without this package and against the bandwidth floor:
 *
 * - package:      tfSparseGrad.sparseSegmentMeanGrad(grad, indices, segmentIds, M)
 * - composite:    tf.unsortedSegmentSum(tf.gather(grad.mul(scale), segmentIds), indices, M)
 *                 (scale = 1/count per segment, computed once, outside the timing)
 * - readback+cpu: read the inputs back, run the cpu kernel's loop, upload the result
 * - floor:        tf.neg on a tensor that makes it read and write the op's
 *                 minimum bytes, 4·D·(S+M) + 8·N
 *
 * Shapes: N pairs, D columns, M = output rows, S = grad rows (segments).
 * Indices are uniform in [0, M); segment ids sorted, N/S pairs per segment.
 * Runs in Node (cpu) and in a browser page (webgl, webgpu).
 */
import type * as tfType from '@tensorflow/tfjs';

import {scatterSegmentGrad} from '../kernels/cpu/impl/sparse_segment_grad_impl';
import type * as sgType from '../src/index';
import {Random} from '../test/harness/random';

import {medianMs} from './timing';

type TF = typeof tfType;

export type Method = 'package'|'composite'|'readback+cpu'|'floor'|'plain loop';

export interface BenchShape {
  n: number;
  d: number;
  m: number;
  s: number;
}

export interface BenchRow extends BenchShape {
  op: string;
  backend: string;
  method: Method;
  /** Median ms, or null when skipped. */
  ms: number|null;
  /** Why it was skipped. */
  note?: string;
}

export interface BenchOptions {
  warmup: number;
  runs: number;
  /** Skip a method whose estimated single run exceeds this (from smaller sizes). */
  budgetMs: number;
  methods: Method[];
}

/** The benchmark's inputs for one shape, as plain arrays (same on every backend). */
export function makeInputs(shape: BenchShape) {
  const rng = new Random(shape.n + shape.d);
  const grad = rng.floats(shape.s * shape.d);
  const indices = rng.ints(shape.n, 0, shape.m);
  const segmentIds = Int32Array.from(
      {length: shape.n}, (_, i) => Math.floor(i * shape.s / shape.n));
  return {grad, indices, segmentIds};
}

/** A plain typed-array loop doing the kernel's work (counts, scales, scatter). */
export function plainLoop(
    shape: BenchShape, grad: Float32Array, indices: Int32Array,
    segmentIds: Int32Array): Float32Array {
  const {n, d, m, s} = shape;
  const counts = new Int32Array(s);
  for (let i = 0; i < n; i++) counts[segmentIds[i]]++;
  const scale = new Float32Array(s);
  for (let k = 0; k < s; k++) scale[k] = 1 / Math.max(counts[k], 1);
  const out = new Float32Array(m * d);
  for (let i = 0; i < n; i++) {
    const o = indices[i] * d;
    const g = segmentIds[i] * d;
    const sc = scale[segmentIds[i]];
    for (let c = 0; c < d; c++) out[o + c] += Math.fround(grad[g + c] * sc);
  }
  return out;
}

export async function benchSegmentMeanGrad(
    tf: TF, sg: typeof sgType, shapes: BenchShape[],
    options: BenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const backend = tf.getBackend();
  const lastMs = new Map<Method, {ms: number, n: number}>();
  for (const shape of shapes) {
    const {grad, indices, segmentIds} = makeInputs(shape);
    // On a GPU backend the inputs start on the GPU, as they would after the
    // layers that produce them.
    const onDevice = (t: tfType.Tensor) => {
      if (backend === 'cpu') return t;
      const copy = tf.tidy(() => tf.add(t, tf.scalar(0, t.dtype)));
      t.dispose();
      return copy;
    };
    const gradT = onDevice(tf.tensor2d(grad, [shape.s, shape.d]));
    const indicesT = onDevice(tf.tensor1d(indices, 'int32'));
    const segmentIdsT = onDevice(tf.tensor1d(segmentIds, 'int32'));
    const counts = tf.unsortedSegmentSum(tf.onesLike(segmentIdsT), segmentIdsT, shape.s);
    const scale = tf.tidy(() => tf.reshape(
        tf.div(1, tf.maximum(tf.cast(counts, 'float32'), 1)), [shape.s, 1]));
    const floorSize = Math.ceil(
        (4 * shape.d * (shape.s + shape.m) + 8 * shape.n) / 8);
    const floorInput = onDevice(tf.fill([floorSize], 1.5));

    const runs: Record<Method, () => tfType.Tensor | Promise<tfType.Tensor>> = {
      'package': () =>
          sg.sparseSegmentMeanGrad(gradT, indicesT, segmentIdsT, shape.m),
      'composite': () => tf.tidy(() => tf.unsortedSegmentSum(
          tf.gather(tf.mul(gradT, scale), segmentIdsT), indicesT, shape.m)),
      'readback+cpu': async () => {
        const [g, idx, seg] = await Promise.all(
            [gradT.data(), indicesT.data(), segmentIdsT.data()]);
        const out = tf.tensor2d(scatterSegmentGrad(
            'mean', g as Float32Array, idx, seg, shape.s, shape.m, shape.d),
            [shape.m, shape.d]);
        // The result goes back to the GPU, where the next op would use it.
        (tf.backend() as {uploadToGPU?: (id: object) => void})
            .uploadToGPU?.(out.dataId);
        return out;
      },
      'floor': () => tf.neg(floorInput),
      'plain loop': () => tf.tensor2d(
          plainLoop(shape, grad, indices, segmentIds), [shape.m, shape.d]),
    };

    for (const method of options.methods) {
      const previous = lastMs.get(method);
      // Costs grow at most quadratically in N here (tfjs's segment sums scan
      // every input row for every output row); on webgpu every method is
      // linear in N (tfjs's scatter uses atomics).
      const growth = backend === 'webgpu' ? 1 : 2;
      const estimate = previous == null ?
          0 :
          previous.ms * (shape.n / previous.n) ** growth;
      const row: BenchRow = {op: 'SparseSegmentMeanGrad', backend, method, ...shape, ms: null};
      if (estimate > options.budgetMs) {
        row.note = `skipped: estimated ${(estimate / 1000).toFixed(0)} s per run`;
      } else {
        // A method that takes seconds per run is timed once, without warm-up.
        const few = previous != null && previous.ms * (shape.n / previous.n) > 2000;
        try {
          row.ms = await medianMs(
              tf, runs[method], few ? 0 : options.warmup, few ? 1 : options.runs);
          lastMs.set(method, {ms: row.ms, n: shape.n});
        } catch (e) {
          row.note = `failed: ${(e as Error).message}`;
        }
      }
      rows.push(row);
    }
    tf.dispose([gradT, indicesT, segmentIdsT, counts, scale, floorInput]);
  }
  return rows;
}

/** Ratios per shape: composite / package, readback / package, package / floor. */
export function formatTable(rows: BenchRow[]): string {
  const lines: string[] = [];
  const key = (r: BenchRow) => `${r.backend} ${r.n} ${r.d} ${r.m} ${r.s}`;
  const groups = new Map<string, BenchRow[]>();
  for (const r of rows) {
    groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  }
  const fmt = (ms: number|null|undefined) =>
      ms == null ? '-' : ms >= 100 ? ms.toFixed(0) : ms.toFixed(2);
  const ratio = (a: number|null|undefined, b: number|null|undefined) =>
      a == null || b == null ? '-' : (a / b).toFixed(a / b >= 10 ? 0 : 2) + 'x';
  lines.push([
    'backend', 'N', 'D', 'M', 'S', 'package ms', 'composite ms', 'readback+cpu ms',
    'floor ms', 'plain loop ms', 'vs composite', 'vs readback', 'package/floor',
    'package/loop'
  ].join(' | '));
  for (const group of groups.values()) {
    const ms = (m: Method) => group.find(r => r.method === m)?.ms;
    const g = group[0];
    lines.push([
      g.backend, g.n, g.d, g.m, g.s, fmt(ms('package')), fmt(ms('composite')),
      fmt(ms('readback+cpu')), fmt(ms('floor')), fmt(ms('plain loop')),
      ratio(ms('composite'), ms('package')), ratio(ms('readback+cpu'), ms('package')),
      ratio(ms('package'), ms('floor')), ratio(ms('package'), ms('plain loop'))
    ].join(' | '));
  }
  const notes = rows.filter(r => r.note != null)
                    .map(r => `${r.backend} N=${r.n} ${r.method}: ${r.note}`);
  return [...lines, ...notes].join('\n');
}
