/** Timing that works on every backend: the data is read back in each run. */
import type * as tfType from '@tensorflow/tfjs';

type Tensor = tfType.Tensor;
export type Outputs = Tensor|Tensor[];

function asArray(out: Outputs): Tensor[] {
  return Array.isArray(out) ? out : [out];
}

/**
 * Median wall time (ms) of `run`, each run ending when all its outputs are
 * read back (asynchronously: webgpu in Chromium breaks on sync reads).
 */
export async function medianMs(
    tf: typeof tfType, run: () => Outputs | Promise<Outputs>, warmup: number,
    runs: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const start = performance.now();
    const outputs = asArray(await run());
    await Promise.all(outputs.map(t => t.data()));
    const ms = performance.now() - start;
    tf.dispose(outputs);
    if (i >= warmup) samples.push(ms);
  }
  samples.sort((a, b) => a - b);
  const mid = samples.length >> 1;
  return samples.length % 2 ? samples[mid] :
                              (samples[mid - 1] + samples[mid]) / 2;
}
