/**
 * Training benchmarks (isomorphic: Node for cpu, a browser page for webgl
 * and webgpu):
 *
 * - `training`: one step of an embedding-bag model, D = 32, 64 bags of 16
 *   ids (1,024 rows a step), loss through `tf.sparse.sparseSegmentMean` and a
 *   dense layer, at vocabularies 1e3 .. 1e6, with `tf.train.adam` (dense),
 *   and the package's `train.lazyAdam` and `train.adagrad`.
 * - `embedding`: one `model.fit` step of `tf.layers.embedding(V = 2000,
 *   D = 16) -> globalAveragePooling1d -> dense(2)` on 64 x 16 ids, with the
 *   package's `UnsortedSegmentSum` (gather's gradient) and with tfjs's own
 *   (flag `SPARSE_GRAD_REPLACE_TFJS_KERNELS` off), and the largest weight
 *   difference after one step.
 *
 * A step's time ends when the updated table is read back. Each time is the
 * median of the runs after warm-up steps; a configuration estimated (from
 * the previous vocabulary) to take longer than the budget per step is
 * skipped.
 */
import type * as tfType from '@tensorflow/tfjs';

import {Random} from '../test/harness/random';

type TF = typeof tfType;
type SG = typeof import('../src/index');

export interface TrainBenchConfig {
  /** Which suites to run. */
  suites: Array<'training'|'embedding'>;
  vocabs: number[];
  warmup: number;
  runs: number;
  /** Skip a configuration whose step would take longer than this (ms). */
  budgetMs: number;
}

/** One measured (or skipped) configuration. */
export interface TrainRow {
  suite: 'training'|'embedding';
  backend: string;
  /** 'tf.train.adam', 'train.lazyAdam', ... or 'with package' / 'tfjs kernels'. */
  method: string;
  vocab: number;
  /** Median ms per step; null when skipped. */
  ms: number|null;
  note?: string;
}

const D = 32;
const BAGS = 64;
const BAG_SIZE = 16;

/**
 * Median of `runs` timings of `step` after `warmup` untimed steps; a step
 * that takes over 2 s after the first is timed once (it would dominate).
 */
async function medianStepMs(
    step: () => Promise<void>, warmup: number, runs: number): Promise<number> {
  let last = 0;
  for (let i = 0; i < warmup; i++) {
    const start = performance.now();
    await step();
    last = performance.now() - start;
  }
  if (warmup > 1 && last > 2000) return last;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await step();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

/** The optimizers of the training suite. */
function optimizers(tf: TF, sg: SG): Array<[string, () => tfType.Optimizer]> {
  return [
    ['tf.train.adam', () => tf.train.adam(0.01)],
    ['train.lazyAdam', () => sg.train.lazyAdam(0.01)],
    ['train.adagrad', () => sg.train.adagrad(0.1)],
  ];
}

/** One training step of the embedding-bag model at vocabulary `vocab`. */
async function trainingRow(
    tf: TF, optimizer: tfType.Optimizer, vocab: number, config: TrainBenchConfig): Promise<number> {
  const rng = new Random(vocab);
  const table = tf.variable(tf.randomUniform([vocab, D], -0.05, 0.05, 'float32', 1));
  const dense = tf.variable(tf.randomUniform([D, 1], -0.1, 0.1, 'float32', 2));
  const segments = tf.tensor1d(
      Int32Array.from({length: BAGS * BAG_SIZE}, (_, i) => Math.floor(i / BAG_SIZE)), 'int32');
  const target = tf.ones([BAGS, 1]);
  try {
    const step = async () => {
      // Fresh ids every step, made from JS values as a data pipeline would.
      const ids = tf.tensor1d(rng.ints(BAGS * BAG_SIZE, 0, vocab), 'int32');
      optimizer.minimize(
          () => tf.tidy(
              () => tf.losses.meanSquaredError(
                        target,
                        tf.matMul(tf.sparse.sparseSegmentMean(table, ids, segments), dense)) as
                  tfType.Scalar),
          false, [table, dense]);
      ids.dispose();
      // The step is done when its update can be read: read one row. (A
      // gather, not tf.slice: tfjs-backend-wasm's Slice reads its whole
      // input out of the heap, O(V * D).)
      const first = tf.tensor1d([0], 'int32');
      const row = tf.gather(table, first);
      await row.data();
      tf.dispose([first, row]);
    };
    return await medianStepMs(step, config.warmup, config.runs);
  } finally {
    tf.dispose([table, dense, segments, target]);
    optimizer.dispose();
  }
}

/** `model.fit` of a `tf.layers.embedding` model for one step; returns ms and the weights. */
async function embeddingFit(
    tf: TF, sg: SG, replace: boolean, config: TrainBenchConfig,
    trainEmbedding = true): Promise<{ms: number, weights: Float32Array[]}> {
  const flag = sg.REPLACE_TFJS_KERNELS_FLAG;
  const before = tf.env().getBool(flag);
  tf.env().set(flag, replace);
  const rng = new Random(7);
  const vocab = 2000;
  const model = tf.sequential({
    layers: [
      tf.layers.embedding({
        inputDim: vocab,
        outputDim: 16,
        inputLength: 16,
        trainable: trainEmbedding,
        embeddingsInitializer: tf.initializers.randomUniform({seed: 3}),
      }),
      tf.layers.globalAveragePooling1d(),
      tf.layers.dense({
        units: 2,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({seed: 4})
      }),
    ]
  });
  model.compile({optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy'});
  const xs = tf.tensor2d(rng.ints(64 * 16, 0, vocab), [64, 16], 'int32');
  const ys = tf.oneHot(tf.tensor1d(rng.ints(64, 0, 2), 'int32'), 2);
  try {
    // The weights after exactly one step, then the timing.
    await model.fit(xs, ys, {epochs: 1, batchSize: 64, shuffle: false, verbose: 0});
    const weights =
        await Promise.all(model.getWeights().map(w => w.data() as Promise<Float32Array>));
    const ms = await medianStepMs(async () => {
      await model.fit(xs, ys, {epochs: 1, batchSize: 64, shuffle: false, verbose: 0});
    }, replace ? config.warmup : 0, replace ? config.runs : 1);
    return {ms, weights};
  } finally {
    tf.dispose([xs, ys]);
    model.dispose();
    tf.env().set(flag, before);
  }
}

export async function runTrainBenches(
    tf: TF, sg: SG, config: TrainBenchConfig,
    log: (line: string) => void = () => {}): Promise<TrainRow[]> {
  const backend = tf.getBackend();
  const rows: TrainRow[] = [];
  if (config.suites.includes('training')) {
    for (const [name, make] of optimizers(tf, sg)) {
      let previous: {vocab: number, ms: number}|null = null;
      for (const vocab of config.vocabs) {
        const row: TrainRow = {suite: 'training', backend, method: name, vocab, ms: null};
        // The dense step grows with the vocabulary; the sparse ones should not.
        const estimate = previous == null ? 0 :
            name === 'tf.train.adam'      ? previous.ms * vocab / previous.vocab :
                                            previous.ms;
        if (estimate > config.budgetMs) {
          row.note = `skipped: about ${(estimate / 1000).toFixed(0)} s a step extrapolated`;
        } else {
          try {
            row.ms = await trainingRow(tf, make(), vocab, config);
            previous = {vocab, ms: row.ms};
          } catch (e) {
            row.note = `failed: ${(e as Error).message}`;
          }
        }
        rows.push(row);
        log(`${backend} training step ${name} V=${vocab}: ${
            row.ms != null ? row.ms.toFixed(2) + ' ms' : row.note}`);
      }
    }
  }
  if (config.suites.includes('embedding')) {
    const ours = await embeddingFit(tf, sg, true, config);
    const theirs = await embeddingFit(tf, sg, false, config);
    // The same step with the embedding frozen: no gather gradient at all,
    // so tfjs's time over this bounds any speed-up of the step.
    const rest = await embeddingFit(tf, sg, true, config, false);
    let maxDiff = 0;
    ours.weights.forEach((w, k) => w.forEach((v, i) => {
      maxDiff = Math.max(maxDiff, Math.abs(v - theirs.weights[k][i]));
    }));
    const note = `largest weight difference after one step: ${maxDiff.toExponential(2)}`;
    rows.push(
        {suite: 'embedding', backend, method: 'with package', vocab: 2000, ms: ours.ms, note});
    rows.push(
        {suite: 'embedding', backend, method: 'tfjs kernels', vocab: 2000, ms: theirs.ms, note});
    rows.push({suite: 'embedding', backend, method: 'embedding frozen', vocab: 2000, ms: rest.ms});
    log(`${backend} tf.layers.embedding fit step: ${ours.ms.toFixed(2)} ms with the package, ${
        theirs.ms.toFixed(2)} ms with tfjs's kernels, ${
        rest.ms.toFixed(2)} ms with the embedding frozen (${note})`);
  }
  return rows;
}
