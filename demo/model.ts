/**
 * The demo's model and training loop, free of DOM code (it runs in Node too).
 *
 *   words --hashed into a table of V rows--> padded ids [docs, L] (-1 pads)
 *         --EmbeddingBag layer (mean, sqrtn or sum)--> [docs, DIM]
 *         --dense + softmax--> [docs, 2] --categorical cross-entropy--> loss
 *
 * trained with `model.trainOnBatch`. With the package's sparse optimizers
 * (`train.lazyAdam`, `train.adagrad`) a step updates only the table rows the
 * batch looks up, in place: its time does not grow with V. With tfjs's dense
 * `tf.train.adam` every step reads and writes all V rows (and their two
 * moments): pick V = 1,000,000 to see the difference.
 *
 * Only async reads (`await t.data()`): a synchronous readback of GPU data
 * breaks tfjs's webgpu backend.
 */
import * as tf from '@tensorflow/tfjs';

import * as sparseGrad from '../src/layers';

import {Dataset, LABELS, Review, seededRandom, shuffle, Vocabulary, words} from './data';

export type Reduction = 'mean'|'sqrtn'|'sum';

/** The layer's combiners, as the page offers them. */
export const REDUCTIONS: Record<Reduction, {label: string}> = {
  mean: {label: 'mean of the word embeddings'},
  sqrtn: {label: 'sqrtn: sum / sqrt(words)'},
  sum: {label: 'sum of the word embeddings'},
};

export type OptimizerName = 'lazyAdam'|'adagrad'|'adam';

export interface OptimizerInfo {
  label: string;
  /** Whether a step updates only the looked-up rows. */
  sparse: boolean;
  make: (learningRate: number) => tf.Optimizer;
  /** The kernels its step needs beyond the forward gather. */
  kernels: string[];
}

export const OPTIMIZERS: Record<OptimizerName, OptimizerInfo> = {
  lazyAdam: {
    label: 'sparse: tfSparseGrad.train.lazyAdam',
    sparse: true,
    make: lr => sparseGrad.train.lazyAdam(lr),
    kernels: ['SparseGradApplyLazyAdam'],
  },
  adagrad: {
    label: 'sparse: tfSparseGrad.train.adagrad',
    sparse: true,
    // Adagrad's steps shrink as its accumulators grow: a larger rate, and a
    // small initial accumulator, so it leaves the flat start quickly.
    make: lr => sparseGrad.train.adagrad(lr * 4, 1e-4),
    kernels: ['SparseGradApplyAdagrad'],
  },
  adam: {
    label: 'dense: tf.train.adam',
    sparse: false,
    make: lr => tf.train.adam(lr),
    kernels: ['UnsortedSegmentSum'],
  },
};

/** The table sizes the page offers. */
export const TABLE_ROWS = [1000, 10000, 100000, 1000000];

export interface TrainerConfig {
  reduction: Reduction;
  optimizer: OptimizerName;
  /** V: rows of the embedding table; words are hashed into them. */
  tableRows: number;
  embeddingDim: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export const DEFAULT_CONFIG: Omit<TrainerConfig, 'reduction'> = {
  optimizer: 'lazyAdam',
  tableRows: 10000,
  embeddingDim: 16,
  batchSize: 32,
  learningRate: 0.05,
  seed: 1,
};

export interface StepResult {
  /** 1 for the first step. */
  step: number;
  loss: number;
  /** Wall time of the step: batch upload, forward, backward, update, loss read back. */
  ms: number;
  /** `tf.memory().numTensors` after the step. */
  numTensors: number;
}

export interface Evaluation {
  step: number;
  /** Held-out accuracy, 0 to 1. */
  accuracy: number;
  /** The predicted label of every held-out review. */
  predictions: Int32Array;
}

/** FNV-1a: the row of a word in a table of `rows` rows (feature hashing). */
export function hashRow(word: string, rows: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  }
  return (h >>> 0) % rows;
}

/** Padded ids `[docs, length]` of a batch (-1 pads) and its labels. */
export interface PaddedBatch {
  ids: Int32Array;
  length: number;
  labels: Int32Array;
}

/**
 * The hashed rows of each review's words, padded with -1 to `length`
 * (longer reviews are cut). Unknown words hash like the `<unk>` token.
 */
export function toPaddedBatch(
    reviews: readonly Review[], vocab: Vocabulary, rows: number, length: number): PaddedBatch {
  const ids = new Int32Array(reviews.length * length).fill(-1);
  reviews.forEach((review, doc) => {
    const tokens = words(review.text).map(w => vocab.words.includes(w) ? w : Vocabulary.UNKNOWN);
    (tokens.length > 0 ? tokens : [Vocabulary.UNKNOWN]).slice(0, length).forEach((w, k) => {
      ids[doc * length + k] = hashRow(w, rows);
    });
  });
  return {ids, length, labels: Int32Array.from(reviews.map(r => r.label))};
}

/**
 * The model, optimizer and data order of one training run, on the backend
 * that was active when it was made. Dispose it before switching backends:
 * tfjs would otherwise move its tensors with a synchronous read.
 */
export class Trainer {
  readonly reduction: Reduction;
  readonly optimizer: OptimizerInfo;
  private readonly model: tf.Sequential;
  private readonly length: number;
  private readonly next: () => number;
  private order: Review[] = [];
  private position = 0;
  private steps = 0;

  constructor(private readonly data: Dataset, readonly config: TrainerConfig) {
    this.reduction = config.reduction;
    this.optimizer = OPTIMIZERS[config.optimizer];
    const {embeddingDim: dim, seed} = config;
    this.length = Math.max(...[...data.train, ...data.heldOut].map(r => words(r.text).length));
    // Seeded initial values, so every backend starts from the same model.
    this.model = tf.sequential({
      layers: [
        sparseGrad.layers.embeddingBag({
          inputDim: config.tableRows,
          outputDim: dim,
          combiner: config.reduction,
          inputShape: [this.length],
          embeddingsInitializer: tf.initializers.randomNormal({stddev: 0.1, seed}),
        }),
        tf.layers.dense({
          units: LABELS.length,
          activation: 'softmax',
          kernelInitializer: tf.initializers.randomNormal({stddev: 0.1, seed: seed + 1}),
        }),
      ]
    });
    this.model.compile({
      optimizer: this.optimizer.make(config.learningRate),
      loss: 'categoricalCrossentropy',
    });
    this.next = seededRandom(seed + 2);
  }

  get step(): number {
    return this.steps;
  }

  private batch(reviews: readonly Review[]): PaddedBatch {
    return toPaddedBatch(reviews, this.data.vocab, this.config.tableRows, this.length);
  }

  /** The next training batch; reshuffles after each epoch. */
  private nextBatch(): PaddedBatch {
    if (this.position + this.config.batchSize > this.order.length) {
      this.order = shuffle(this.data.train, this.next);
      this.position = 0;
    }
    const reviews = this.order.slice(this.position, this.position + this.config.batchSize);
    this.position += this.config.batchSize;
    return this.batch(reviews);
  }

  /** One optimizer step on the next batch. */
  async trainStep(): Promise<StepResult> {
    const batch = this.nextBatch();
    const start = performance.now();
    // Fresh tensors from JS values, as a data pipeline gives them.
    const x = tf.tensor2d(batch.ids, [batch.labels.length, batch.length], 'int32');
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d(batch.labels, 'int32'), LABELS.length));
    let loss: number;
    try {
      loss = await this.model.trainOnBatch(x, y) as number;
    } finally {
      tf.dispose([x, y]);
    }
    this.steps++;
    return {
      step: this.steps,
      loss,
      ms: performance.now() - start,
      numTensors: tf.memory().numTensors,
    };
  }

  /** Class probabilities `[docs, 2]` of reviews. */
  private probabilities(reviews: readonly Review[]): tf.Tensor {
    const batch = this.batch(reviews);
    return tf.tidy(
        () => this.model.predict(tf.tensor2d(batch.ids, [reviews.length, batch.length], 'int32')) as
            tf.Tensor);
  }

  /** Accuracy and predictions on the held-out reviews. */
  async evaluate(): Promise<Evaluation> {
    const predicted = tf.tidy(() => tf.argMax(this.probabilities(this.data.heldOut), 1));
    try {
      const predictions = await predicted.data() as Int32Array;
      const correct =
          predictions.reduce((n, p, i) => n + (p === this.data.heldOut[i].label ? 1 : 0), 0);
      return {step: this.steps, accuracy: correct / predictions.length, predictions};
    } finally {
      predicted.dispose();
    }
  }

  /** Class probabilities of one text. */
  async predict(text: string): Promise<number[]> {
    const probabilities = this.probabilities([{text, label: 0}]);
    try {
      return Array.from(await probabilities.data());
    } finally {
      probabilities.dispose();
    }
  }

  dispose(): void {
    this.model.optimizer.dispose();
    this.model.dispose();
  }
}

/**
 * The kernels a training step with `optimizer` needs that `backend` lacks
 * (none in this build; the page shows them).
 */
export function missingKernels(backend: string, optimizer: OptimizerName): string[] {
  return requiredKernels(optimizer).filter(name => tf.getKernel(name, backend) == null);
}

/** The kernels of the table's lookup and update. */
export function requiredKernels(optimizer: OptimizerName): string[] {
  return ['GatherV2', ...OPTIMIZERS[optimizer].kernels];
}
