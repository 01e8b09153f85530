/**
 * The Node example: train a small embedding-bag text classifier on the cpu
 * backend in Node, with gradients flowing through
 * `tf.sparse.sparseSegmentMean` (this package's `SparseSegmentMeanGrad`).
 * The browser demo (`npm start`, `demo/`) trains the same kind of model.
 *
 *   token ids --sparseSegmentMean(embedding table)--> bag vector
 *             --dense--> logits --softmax cross-entropy--> loss
 *
 * The data set is generated: two classes of "documents" whose tokens lean
 * to one of two topics of a 1,000-token vocabulary. Run: `npm run train:node`.
 */
import * as tf from '@tensorflow/tfjs';

import {seededRandom} from '../demo/data';
import * as sparseGrad from '../src/index';

const VOCAB = 1000;
const DIM = 16;
const CLASSES = 2;
const BATCH = 64;
const STEPS_PER_EPOCH = 20;
const EPOCHS = 10;

/**
 * A batch of documents as the sparse segment ops want them: all token ids in
 * one vector, and for each token the document (segment) it belongs to.
 */
function makeBatch(next: () => number) {
  const tokens: number[] = [];
  const documentOfToken: number[] = [];
  const labels: number[] = [];
  for (let doc = 0; doc < BATCH; doc++) {
    const label = next() < 0.5 ? 0 : 1;
    const length = 5 + Math.floor(next() * 25);
    for (let k = 0; k < length; k++) {
      const r = next();
      // 8% topic tokens (0-99 for class 0, 100-199 for class 1), 92% noise.
      const token = r < 0.08 ? label * 100 + Math.floor(next() * 100) :
                               200 + Math.floor(next() * (VOCAB - 200));
      tokens.push(token);
      documentOfToken.push(doc);
    }
    labels.push(label);
  }
  return tf.tidy(() => ({
                   tokens: tf.tensor1d(tokens, 'int32'),
                   documentOfToken: tf.tensor1d(documentOfToken, 'int32'),
                   labels: tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES),
                 }));
}

async function main() {
  tf.enableProdMode();  // quiet: no debug checks or tfjs-node advert
  await tf.setBackend('cpu');
  console.log(`tfjs-sparse-grad ${sparseGrad.version}, tfjs ${tf.version.tfjs}, backend ${
      tf.getBackend()}`);
  const next = seededRandom(42);
  const embeddings = tf.variable(tf.randomNormal([VOCAB, DIM], 0, 0.1, 'float32', 1));
  const weights = tf.variable(tf.randomNormal([DIM, CLASSES], 0, 0.1, 'float32', 2));
  const bias = tf.variable(tf.zeros([CLASSES]));
  const optimizer = tf.train.adam(0.01);

  const forward = (batch: ReturnType<typeof makeBatch>) => {
    // The embedding bag: mean of each document's token embeddings. Its
    // gradient is TensorFlow's SparseSegmentMeanGrad, from this package.
    const bags = tf.sparse.sparseSegmentMean(embeddings, batch.tokens, batch.documentOfToken);
    return tf.add(tf.matMul(bags, weights), bias);
  };

  const evalBatch = makeBatch(seededRandom(7));
  const losses: number[] = [];
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    const start = performance.now();
    let total = 0;
    for (let step = 0; step < STEPS_PER_EPOCH; step++) {
      const batch = makeBatch(next);
      const loss = optimizer.minimize(
          () => tf.losses.softmaxCrossEntropy(batch.labels, forward(batch)) as tf.Scalar, true);
      total += (await loss!.data())[0];
      tf.dispose([loss!, batch.tokens, batch.documentOfToken, batch.labels]);
    }
    const msPerStep = (performance.now() - start) / STEPS_PER_EPOCH;
    const accuracy = tf.tidy(
        () => tf.mean(tf.cast(
            tf.equal(tf.argMax(forward(evalBatch), 1), tf.argMax(evalBatch.labels, 1)),
            'float32')));
    const meanLoss = total / STEPS_PER_EPOCH;
    losses.push(meanLoss);
    console.log(`epoch ${epoch}  loss ${meanLoss.toFixed(4)}  held-out accuracy ${
        ((await accuracy.data())[0] * 100).toFixed(1)}%  ${msPerStep.toFixed(1)} ms/step  tensors ${
        tf.memory().numTensors}`);
    accuracy.dispose();
  }
  tf.dispose([evalBatch.tokens, evalBatch.documentOfToken, evalBatch.labels]);
  optimizer.dispose();
  if (!(losses[losses.length - 1] < losses[0] * 0.5)) {
    throw new Error(`the loss did not fall: ${losses.join(', ')}`);
  }
  console.log(`loss fell from ${losses[0].toFixed(4)} to ${losses[losses.length - 1].toFixed(4)}`);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
