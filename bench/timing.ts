/** Timing that works on every backend: the data is read back in each run. */
import type * as tfType from '@tensorflow/tfjs';

type Tensor = tfType.Tensor;
export type Outputs = Tensor|Tensor[];

function asArray(out: Outputs): Tensor[] {
  return Array.isArray(out) ? out : [out];
}

/** Wall time (ms) of one run, ending when all its outputs are read back. */
async function timeOnce(tf: typeof tfType, run: () => Outputs | Promise<Outputs>): Promise<number> {
  const start = performance.now();
  const outputs = asArray(await run());
  // Asynchronous reads: webgpu in Chromium breaks on sync reads.
  await Promise.all(outputs.map(t => t.data()));
  const ms = performance.now() - start;
  tf.dispose(outputs);
  return ms;
}

/**
 * Median wall time (ms) of `run` after `warmup` runs, each run ending when
 * all its outputs are read back. A method whose first run takes more than
 * `slowMs` is timed by that run alone (it would dominate the benchmark).
 */
export async function medianMs(
    tf: typeof tfType, run: () => Outputs | Promise<Outputs>, warmup: number, runs: number,
    slowMs = 1000): Promise<number> {
  const first = await timeOnce(tf, run);
  if (first > slowMs) {
    return first;
  }
  const samples: number[] = warmup === 0 ? [first] : [];
  for (let i = 1; i < warmup + runs; i++) {
    const ms = await timeOnce(tf, run);
    if (i >= warmup) samples.push(ms);
  }
  samples.sort((a, b) => a - b);
  const mid = samples.length >> 1;
  return samples.length % 2 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2;
}
