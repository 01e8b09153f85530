/**
 * Times every method of every op bench on the active backend (isomorphic:
 * Node for cpu, a browser page for webgl and webgpu).
 */
import type * as tfType from '@tensorflow/tfjs';

import {Method, OP_BENCHES, SizeGrid} from './op_benches';
import {medianMs} from './timing';

type TF = typeof tfType;

export interface BenchRow {
  op: string;
  backend: string;
  label: string;
  shape: Record<string, number>;
  method: Method;
  /** Median ms per call, data read back; null when skipped or failed. */
  ms: number|null;
  /** The op's minimum bytes (the floor moves the same). */
  floorBytes: number;
  note?: string;
}

export interface BenchConfig extends SizeGrid {
  ops: string[];
  methods: Method[];
  warmup: number;
  runs: number;
  /** Skip a method whose run, extrapolated from a smaller size, exceeds this. */
  budgetMs: number;
  /** tfjs flags to set first (e.g. SPARSE_GRAD_WEBGL_SCATTER). */
  flags: Record<string, boolean|number|string>;
}

export async function runBenches(
    tf: TF, sg: typeof import('../src/layers'), config: BenchConfig,
    log: (line: string) => void = () => {}): Promise<BenchRow[]> {
  const backend = tf.getBackend();
  for (const [name, value] of Object.entries(config.flags)) {
    tf.env().set(name, value);
  }
  const rows: BenchRow[] = [];
  // On a GPU backend the inputs start on the GPU, as they would after the
  // layers that produce them.
  const onDevice = (t: tfType.Tensor) => {
    if (backend === 'cpu') return t;
    const copy = tf.tidy(() => tf.add(t, tf.scalar(0, t.dtype)));
    t.dispose();
    return copy;
  };
  for (const bench of OP_BENCHES.filter(b => config.ops.includes(b.op))) {
    // The last time of each method, per size family (the shape minus its N).
    const last = new Map<string, {ms: number, work: number}>();
    for (const shape of bench.shapes(config)) {
      const prepared = bench.prepare(tf, sg, shape, onDevice);
      const floorInput = onDevice(tf.fill([Math.ceil(prepared.floorBytes / 8)], 1.5));
      // GPU work is queued: wait for the set-up to finish, so that its cost
      // does not land in the first timing.
      const fence = tf.sum(floorInput);
      await fence.data();
      fence.dispose();
      const family = JSON.stringify(
          {...shape, n: 0, m: shape.m != null ? shape.m / shape.n : 0, s: 0, nFull: 0, nnzOut: 0});
      for (const method of config.methods) {
        const row: BenchRow = {
          op: bench.op,
          backend,
          label: prepared.label,
          shape: prepared.shape,
          method,
          ms: null,
          floorBytes: prepared.floorBytes
        };
        const previous = last.get(`${family} ${method}`);
        // tfjs's cpu and webgl segment sums scan every input row for every
        // output row, so they grow with N^2; everything else (webgpu's
        // atomic scatter too) grows linearly.
        const growth = method === 'composite' && backend !== 'webgpu' ? 2 : 1;
        const estimate =
            previous == null ? 0 : previous.ms * (prepared.work / previous.work) ** growth;
        if (estimate > config.budgetMs) {
          row.note = `skipped: about ${(estimate / 1000).toFixed(0)} s per run extrapolated`;
        } else {
          const run = method === 'floor' ? () => tf.neg(floorInput) : prepared.run[method];
          try {
            row.ms = await medianMs(tf, run, config.warmup, config.runs);
            last.set(`${family} ${method}`, {ms: row.ms, work: prepared.work});
          } catch (e) {
            row.note = `failed: ${(e as Error).message}`;
          }
        }
        rows.push(row);
        log(`${backend} ${bench.op} ${prepared.label} ${method}: ${
            row.ms != null ? row.ms.toFixed(2) + ' ms' : row.note}`);
      }
      floorInput.dispose();
      prepared.dispose();
    }
  }
  return rows;
}
