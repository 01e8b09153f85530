/**
 * Training benchmarks (isomorphic: Node for cpu, a browser page for webgl
 * and webgpu):
 *
 * - `training`: one step of an embedding-bag model, D = 32, 64 bags of 16
 *   ids (1,024 rows a step), loss through `tf.sparse.sparseSegmentMean` and a
 *   dense layer, at vocabularies 1e3 .. 1e6, with `tf.train.adam` (dense),
 *   and the package's sparse optimizers (lazy Adam, Adagrad, FTRL, momentum,
 *   row-wise Adagrad), with the bytes of each one's slots of the table.
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
type SG = typeof import('../src/layers');

/** The suites of this module. */
export type TrainSuite = 'training'|'embedding'|'bag';

export interface TrainBenchConfig {
  /** Which suites to run. */
  suites: TrainSuite[];
  vocabs: number[];
  warmup: number;
  runs: number;
  /** Skip a configuration whose step would take longer than this (ms). */
  budgetMs: number;
}

/** One measured (or skipped) configuration. */
export interface TrainRow {
  suite: TrainSuite;
  backend: string;
  /** 'tf.train.adam', 'train.lazyAdam', ... or 'with package' / 'tfjs kernels'. */
  method: string;
  vocab: number;
  /** Median ms per step; null when skipped. */
  ms: number|null;
  /** Training suite: bytes of the optimizer's slots of the table. */
  slotBytes?: number;
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
    ['train.ftrl', () => sg.train.ftrl(0.1, {l1: 0.001})],
    ['train.momentum', () => sg.train.momentum(0.1, 0.9)],
    ['train.rowwiseAdagrad', () => sg.train.rowwiseAdagrad(0.1)],
  ];
}

/**
 * One training step of the embedding-bag model at vocabulary `vocab`: its
 * median ms, and the bytes of the optimizer's slots of the table.
 */
async function trainingRow(
    tf: TF, optimizer: tfType.Optimizer, vocab: number,
    config: TrainBenchConfig): Promise<{ms: number, slotBytes: number}> {
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
    const ms = await medianStepMs(step, config.warmup, config.runs);
    // The table's slots: those of its shape's first axis (the dense layer's are [D, 1]).
    const weights = await optimizer.getWeights();
    const slotBytes = weights.slice(1)
                          .filter(w => w.tensor.shape[0] === vocab)
                          .reduce((sum, w) => sum + w.tensor.size * 4, 0);
    tf.dispose(weights[0].tensor);
    return {ms, slotBytes};
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

/**
 * Medians of the steps, run interleaved (one of each per round, after
 * warm-up rounds), so that a slow stretch of a shared machine hits them
 * alike.
 */
async function interleavedMedians(
    steps: Record<string, () => Promise<void>>, warmup: number,
    runs: number): Promise<Record<string, number>> {
  const names = Object.keys(steps);
  const times: Record<string, number[]> = Object.fromEntries(names.map(n => [n, []]));
  for (let round = 0; round < warmup + runs; round++) {
    for (const name of names) {
      const start = performance.now();
      await steps[name]();
      if (round >= warmup) times[name].push(performance.now() - start);
    }
  }
  return Object.fromEntries(names.map(name => {
    const sorted = times[name].sort((a, b) => a - b);
    return [name, sorted[sorted.length >> 1]];
  }));
}

/** The shapes of the bag suite (also PyTorch's, bench/torch_steps.py). */
export const BAG_SHAPES = {
  /** A lookup step: 64 bags of 16 ids, D = 32, a dense head. */
  step: {bags: 64, bagSize: 16, d: 32},
  /** The collection step: 26 features of one id, D = 16 each, batch 256. */
  collection: {features: 26, batch: 256, d: 16, vocab: 100000},
};

/**
 * One step of each way of writing the same model, lazy Adam on the tables
 * (`tf.train.adam`'s formula on the rows looked up) and the head: the
 * lookup through `tf.sparse.sparseSegmentMean` and through `embeddingBag`,
 * at `vocab`; and a 26-feature `EmbeddingBagCollection` against one feature
 * (one table, bags of 26 ids) over the same number of lookups. Ids are
 * made from JS values every step, as a data pipeline would; a step ends
 * when a row of the table can be read.
 */
async function bagRows(
    tf: TF, sg: SG, config: TrainBenchConfig, log: (line: string) => void): Promise<TrainRow[]> {
  const backend = tf.getBackend();
  const rows: TrainRow[] = [];
  const readRow = async (table: tfType.Tensor) => {
    const first = tf.tensor1d([0], 'int32');
    const row = tf.gather(table, first);
    await row.data();
    tf.dispose([first, row]);
  };
  const {bags, bagSize, d} = BAG_SHAPES.step;
  for (const vocab of config.vocabs.filter(v => v >= 1e5)) {
    const rng = new Random(vocab + 1);
    const tables: tfType.Variable[] = [];
    const heads: tfType.Variable[] = [];
    const optimizers: tfType.Optimizer[] = [];
    const segments = tf.tensor1d(
        Int32Array.from({length: bags * bagSize}, (_, i) => Math.floor(i / bagSize)), 'int32');
    const target = tf.ones([bags, 1]);
    const make = (lookup: (table: tfType.Variable, ids: number[]|Int32Array) => tfType.Tensor) => {
      const table = tf.variable(tf.randomUniform([vocab, d], -0.05, 0.05, 'float32', 1));
      const head = tf.variable(tf.randomUniform([d, 1], -0.1, 0.1, 'float32', 2));
      const optimizer = sg.train.lazyAdam(0.01);
      tables.push(table);
      heads.push(head);
      optimizers.push(optimizer);
      return async () => {
        const ids = rng.ints(bags * bagSize, 0, vocab);
        optimizer.minimize(
            () => tf.tidy(
                () => tf.losses.meanSquaredError(target, tf.matMul(lookup(table, ids), head)) as
                    tfType.Scalar),
            false, [table, head]);
        await readRow(table);
      };
    };
    try {
      const ms = await interleavedMedians(
          {
            'tf.sparse.sparseSegmentMean': make(
                (table, ids) =>
                    tf.sparse.sparseSegmentMean(table, tf.tensor1d(ids, 'int32'), segments)),
            'embeddingBag': make(
                (table, ids) => sg.embeddingBag(table, tf.tensor2d(ids, [bags, bagSize], 'int32'))),
          },
          config.warmup, config.runs);
      for (const [method, value] of Object.entries(ms)) {
        rows.push({suite: 'bag', backend, method, vocab, ms: value});
      }
      log(`${backend} bag step V=${vocab}: sparseSegmentMean ${
          ms['tf.sparse.sparseSegmentMean'].toFixed(
              2)} ms, embeddingBag ${ms.embeddingBag.toFixed(2)} ms`);
    } finally {
      tf.dispose([...tables, ...heads, segments, target]);
      optimizers.forEach(o => o.dispose());
    }
  }
  const {features, batch, d: width, vocab} = BAG_SHAPES.collection;
  const rng = new Random(26);
  const target = tf.ones([batch, 1]);
  const disposables: Array<{dispose(): void}> = [target];
  const fitStep = (model: tfType.LayersModel, inputs: () => tfType.Tensor[]) => async () => {
    const xs = inputs();
    model.optimizer.minimize(
        () => tf.tidy(
            () => tf.losses.meanSquaredError(
                      target, model.apply(xs.length === 1 ? xs[0] : xs) as tfType.Tensor) as
                tfType.Scalar),
        false, model.trainableWeights.map(w => w.read() as tfType.Variable));
    tf.dispose(xs);
    await readRow(model.trainableWeights[0].read());
  };
  try {
    // 26 features of one id each, one table each.
    const names = Array.from({length: features}, (_, f) => `f${f}`);
    const ins = names.map(() => tf.input({shape: [1], dtype: 'int32'}));
    const collection = sg.layers.embeddingBagCollection({
      tables: names.map(
          name => ({name, inputDim: vocab, outputDim: width, combiner: 'sum', features: [name]})),
    });
    const many = tf.model({
      inputs: ins,
      outputs: tf.layers.dense({units: 1}).apply(collection.apply(ins)) as tfType.SymbolicTensor
    });
    many.compile({optimizer: sg.train.lazyAdam(0.01), loss: 'meanSquaredError'});
    // One feature: bags of 26 ids from one table of as many rows.
    const one = tf.sequential({
      layers: [
        sg.layers.embeddingBag({
          inputDim: vocab * features,
          outputDim: width,
          combiner: 'sum',
          inputShape: [features]
        }),
        tf.layers.dense({units: 1}),
      ]
    });
    one.compile({optimizer: sg.train.lazyAdam(0.01), loss: 'meanSquaredError'});
    disposables.push(many, one);
    const ms =
        await interleavedMedians(
            {
              [`collection of ${features} features`]: fitStep(
                  many,
                  () =>
                      names.map(() => tf.tensor2d(rng.ints(batch, 0, vocab), [batch, 1], 'int32'))),
              [`one feature of ${features} ids`]:
                  fitStep(
                      one,
                      () => [tf.tensor2d(
                          rng.ints(batch * features, 0, vocab * features), [batch, features],
                          'int32')]),
            },
            config.warmup, config.runs);
    for (const [method, value] of Object.entries(ms)) {
      rows.push({suite: 'bag', backend, method, vocab, ms: value});
    }
    log(`${backend} ${features}-feature collection step: ${
        ms[`collection of ${features} features`].toFixed(
            2)} ms, one feature ${ms[`one feature of ${features} ids`].toFixed(2)} ms`);
  } finally {
    disposables.forEach(x => x.dispose());
  }
  return rows;
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
            const {ms, slotBytes} = await trainingRow(tf, make(), vocab, config);
            row.ms = ms;
            row.slotBytes = slotBytes;
            previous = {vocab, ms};
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
  if (config.suites.includes('bag')) {
    rows.push(...await bagRows(tf, sg, config, log));
  }
  if (config.suites.includes('embedding')) {
    const ours = await embeddingFit(tf, sg, true, config);
    log(`${backend} tf.layers.embedding fit step with the package: ${ours.ms.toFixed(2)} ms`);
    const theirs = await embeddingFit(tf, sg, false, config);
    log(`${backend} tf.layers.embedding fit step with tfjs's kernels: ${theirs.ms.toFixed(2)} ms`);
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
    log(`${backend} tf.layers.embedding fit step with the embedding frozen: ${
        rest.ms.toFixed(2)} ms (${note})`);
  }
  return rows;
}
