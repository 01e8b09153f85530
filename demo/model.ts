/**
 * The demo's model and training loop, free of DOM code (it runs in Node too).
 *
 *   token ids --embedding bag (sparse segment reduction of the table)--> [docs, DIM]
 *             --dense--> logits [docs, 2] --softmax cross-entropy--> loss
 *
 * The embedding bag's gradient with respect to the table is one of
 * TensorFlow's raw grad ops (SparseSegmentMeanGrad, ...), which this package
 * registers; `optimizer.minimize` reaches it through tfjs's autodiff.
 *
 * Only async reads (`await t.data()`): a synchronous readback of GPU data
 * breaks tfjs's webgpu backend.
 */
import * as tf from '@tensorflow/tfjs-core';

import * as sparseGrad from '../src/index';

import {Dataset, LABELS, Review, seededRandom, shuffle, TokenBatch, toBatch} from './data';

export type Reduction = 'mean'|'sqrtn'|'sum';

export interface ReductionInfo {
  /** What the page shows. */
  label: string;
  /** The kernels one training step runs for the bag: forward and gradient. */
  kernels: [string, string];
  bag: (table: tf.Tensor2D, tokens: tf.Tensor1D, segmentIds: tf.Tensor1D) => tf.Tensor2D;
}

export const REDUCTIONS: Record<Reduction, ReductionInfo> = {
  mean: {
    label: 'mean: tf.sparse.sparseSegmentMean',
    kernels: ['SparseSegmentMean', 'SparseSegmentMeanGrad'],
    bag: (table, tokens, segmentIds) =>
        tf.sparse.sparseSegmentMean(table, tokens, segmentIds) as tf.Tensor2D,
  },
  sqrtn: {
    label: 'sqrtn: tfSparseGrad.sparseSegmentSqrtN',
    kernels: ['SparseSegmentSqrtN', 'SparseSegmentSqrtNGrad'],
    bag: (table, tokens, segmentIds) =>
        sparseGrad.sparseSegmentSqrtN(table, tokens, segmentIds) as tf.Tensor2D,
  },
  sum: {
    label: 'sum: tf.sparse.sparseSegmentSum',
    kernels: ['SparseSegmentSum', 'SparseSegmentSumGrad'],
    bag: (table, tokens, segmentIds) =>
        tf.sparse.sparseSegmentSum(table, tokens, segmentIds) as tf.Tensor2D,
  },
};

export interface TrainerConfig {
  reduction: Reduction;
  embeddingDim: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export const DEFAULT_CONFIG: Omit<TrainerConfig, 'reduction'> = {
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

/**
 * Variables, optimizer and data order of one training run, on the backend
 * that was active when it was made. Dispose it before switching backends:
 * tfjs would otherwise move its tensors with a synchronous read.
 */
export class Trainer {
  readonly reduction: ReductionInfo;
  private readonly embeddings: tf.Variable<tf.Rank.R2>;
  private readonly weights: tf.Variable<tf.Rank.R2>;
  private readonly bias: tf.Variable<tf.Rank.R1>;
  private readonly optimizer: tf.AdamOptimizer;
  private readonly next: () => number;
  private order: Review[] = [];
  private position = 0;
  private steps = 0;

  constructor(private readonly data: Dataset, readonly config: TrainerConfig) {
    this.reduction = REDUCTIONS[config.reduction];
    const {embeddingDim: dim, seed} = config;
    const classes = LABELS.length;
    // Seeded initial values, so every backend starts from the same model.
    // tidy: a variable shares its initial tensor's data, which must not stay.
    [this.embeddings, this.weights, this.bias] = tf.tidy(() => [
      tf.variable(tf.randomNormal([data.vocab.size, dim], 0, 0.1, 'float32', seed)),
      tf.variable(tf.randomNormal([dim, classes], 0, 0.1, 'float32', seed + 1)),
      tf.variable(tf.zeros([classes])),
    ] as [tf.Variable<tf.Rank.R2>, tf.Variable<tf.Rank.R2>, tf.Variable<tf.Rank.R1>]);
    this.optimizer = tf.train.adam(config.learningRate);
    this.next = seededRandom(seed + 2);
  }

  get step(): number {
    return this.steps;
  }

  /** Logits [docs, classes] of a batch. */
  private logits(batch: TokenBatch): tf.Tensor2D {
    // Fresh tensors from JS values on every call: webgpu's SparseSegmentMean
    // reads the segment ids on the CPU, which is only safe while they have
    // not been uploaded to the GPU yet.
    const tokens = tf.tensor1d(batch.tokens, 'int32');
    const segmentIds = tf.tensor1d(batch.segmentIds, 'int32');
    const bags = this.reduction.bag(this.embeddings, tokens, segmentIds);
    return tf.add(tf.matMul(bags, this.weights), this.bias);
  }

  /** The next training batch; reshuffles after each epoch. */
  private nextBatch(): TokenBatch {
    if (this.position + this.config.batchSize > this.order.length) {
      this.order = shuffle(this.data.train, this.next);
      this.position = 0;
    }
    const reviews = this.order.slice(this.position, this.position + this.config.batchSize);
    this.position += this.config.batchSize;
    return toBatch(reviews, this.data.vocab);
  }

  /** One optimizer step on the next batch. */
  async trainStep(): Promise<StepResult> {
    const batch = this.nextBatch();
    const start = performance.now();
    let loss: tf.Scalar;
    try {
      // tidy: if the backward pass throws, the forward's loss goes too.
      loss = tf.tidy(() => this.optimizer.minimize(() => {
        const labels = tf.oneHot(tf.tensor1d(batch.labels, 'int32'), LABELS.length);
        return tf.losses.softmaxCrossEntropy(labels, this.logits(batch)) as tf.Scalar;
      }, true)!);
    } catch (e) {
      disposeAbandonedTape();
      throw e;
    }
    let value: number;
    try {
      [value] = await loss.data();
    } finally {
      loss.dispose();
    }
    this.steps++;
    return {
      step: this.steps,
      loss: value,
      ms: performance.now() - start,
      numTensors: tf.memory().numTensors,
    };
  }

  /** Accuracy and predictions on the held-out reviews. */
  async evaluate(): Promise<Evaluation> {
    const batch = toBatch(this.data.heldOut, this.data.vocab);
    const predicted = tf.tidy(() => tf.argMax(this.logits(batch), 1));
    try {
      const predictions = await predicted.data() as Int32Array;
      const correct = predictions.reduce((n, p, i) => n + (p === batch.labels[i] ? 1 : 0), 0);
      return {step: this.steps, accuracy: correct / predictions.length, predictions};
    } finally {
      predicted.dispose();
    }
  }

  /** Class probabilities of one text. */
  async predict(text: string): Promise<number[]> {
    const batch = toBatch([{text, label: 0}], this.data.vocab);
    const probabilities = tf.tidy(() => tf.softmax(this.logits(batch)));
    try {
      return Array.from(await probabilities.data());
    } finally {
      probabilities.dispose();
    }
  }

  dispose(): void {
    tf.dispose([this.embeddings, this.weights, this.bias]);
    this.optimizer.dispose();
  }
}

/**
 * Frees what a failed gradient computation left behind. tfjs 4.22 disposes
 * the tensors its tape saved for the backward pass only when backprop
 * succeeds; a missing gradient kernel would otherwise leak them on every
 * failed step. Uses engine internals, hence the checks.
 */
function disposeAbandonedTape(): void {
  const state = tf.engine().state as unknown as
      {gradientDepth?: number, activeTape?: Array<{saved?: tf.Tensor[]}>|null};
  if (state.gradientDepth === 0 && Array.isArray(state.activeTape)) {
    for (const node of state.activeTape) {
      for (const tensor of node.saved ?? []) tensor.dispose();
    }
    state.activeTape = null;
  }
}

/**
 * The kernels a training step with `reduction` needs that `backend` lacks
 * (none on cpu; on webgl and webgpu, those this build has no kernel for).
 */
export function missingKernels(backend: string, reduction: Reduction): string[] {
  return REDUCTIONS[reduction].kernels.filter(name => tf.getKernel(name, backend) == null);
}
