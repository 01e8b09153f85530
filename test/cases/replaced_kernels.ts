/**
 * Checks of the kernels that replace tfjs's own (`UnsortedSegmentSum`, the
 * forward `SparseSegmentMean`/`SparseSegmentSum`), run on every backend:
 * a `tf.layers.embedding` model trains to the weights tfjs's own kernels
 * give, results are bit-identical from run to run, nothing leaks, and the
 * `SPARSE_GRAD_REPLACE_TFJS_KERNELS` flag restores tfjs's kernels.
 */
import type * as tfType from '@tensorflow/tfjs';

import {Random} from '../harness/random';
import type {NamedCheck} from '../harness/types';

type TF = typeof tfType;
type SG = typeof import('../../src/layers');

/** Runs `body` with the replacement flag set to `on`, then restores it. */
async function withReplacement<T>(tf: TF, sg: SG, on: boolean, body: () => Promise<T>): Promise<T> {
  const before = tf.env().getBool(sg.REPLACE_TFJS_KERNELS_FLAG);
  tf.env().set(sg.REPLACE_TFJS_KERNELS_FLAG, on);
  try {
    return await body();
  } finally {
    tf.env().set(sg.REPLACE_TFJS_KERNELS_FLAG, before);
  }
}

/**
 * The weights of `embedding(vocab, dim) -> globalAveragePooling1d ->
 * dense(2)` after `steps` steps of `model.fit` on fixed ids.
 */
async function trainEmbeddingModel(
    tf: TF, vocab: number, dim: number, steps: number): Promise<Float32Array[]> {
  const rng = new Random(21);
  const model = tf.sequential({
    layers: [
      tf.layers.embedding({
        inputDim: vocab,
        outputDim: dim,
        inputLength: 16,
        embeddingsInitializer: tf.initializers.randomUniform({seed: 1}),
      }),
      tf.layers.globalAveragePooling1d(),
      tf.layers.dense({
        units: 2,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({seed: 2}),
      }),
    ]
  });
  model.compile({optimizer: tf.train.sgd(0.5), loss: 'categoricalCrossentropy'});
  const xs = tf.tensor2d(rng.ints(64 * 16, 0, vocab), [64, 16], 'int32');
  const ys = tf.oneHot(tf.tensor1d(rng.ints(64, 0, 2), 'int32'), 2);
  await model.fit(xs, ys, {epochs: steps, batchSize: 64, shuffle: false, verbose: 0});
  const weights = await Promise.all(model.getWeights().map(w => w.data() as Promise<Float32Array>));
  tf.dispose([xs, ys]);
  model.dispose();
  return weights;
}

export function replacedKernelChecks(): NamedCheck[] {
  return [
    {
      name: 'replaced/tf.layers.embedding trains to the weights of tfjs\'s own kernels',
      tags: ['replaced'],
      run: async (tf, sg) => {
        const ours = await withReplacement(tf, sg, true, () => trainEmbeddingModel(tf, 200, 8, 3));
        const theirs =
            await withReplacement(tf, sg, false, () => trainEmbeddingModel(tf, 200, 8, 3));
        ours.forEach((w, k) => {
          for (let i = 0; i < w.length; i++) {
            if (!(Math.abs(w[i] - theirs[k][i]) <= 1e-5 * Math.max(1, Math.abs(theirs[k][i])))) {
              throw new Error(`weight ${k}[${i}]: ${w[i]} with the package's kernels, ${
                  theirs[k][i]} with tfjs's`);
            }
          }
        });
      }
    },
    {
      name: 'replaced/UnsortedSegmentSum is bit-identical from run to run and leaks nothing',
      tags: ['replaced'],
      run: async (tf) => {
        const rng = new Random(22);
        const x = tf.tensor2d(rng.floats(5000 * 8), [5000, 8]);
        // Many duplicates: 5,000 rows into 37 segments.
        const ids = tf.tensor1d(rng.ints(5000, -3, 37), 'int32');
        const first = tf.unsortedSegmentSum(x, ids, 37);
        const expected = await first.data();
        first.dispose();
        const tensors = tf.memory().numTensors;
        for (let run = 0; run < 20; run++) {
          const again = tf.unsortedSegmentSum(x, ids, 37);
          const values = await again.data();
          again.dispose();
          const k = values.findIndex((v, i) => !Object.is(v, expected[i]));
          if (k >= 0) {
            throw new Error(
                `run ${run}: element ${k} is ${values[k]}, first run gave ${expected[k]}`);
          }
        }
        const leaked = tf.memory().numTensors - tensors;
        tf.dispose([x, ids]);
        if (leaked !== 0) throw new Error(`${leaked} tensors leaked over 20 calls`);
      }
    },
    {
      name: 'replaced/the flag restores tfjs\'s own UnsortedSegmentSum',
      tags: ['replaced'],
      run: async (tf, sg) => {
        // TensorFlow rejects an id past numSegments; tfjs's own kernels drop it.
        const call = async () => {
          const x = tf.tensor1d([1, 2, 3]);
          const ids = tf.tensor1d([0, 5, 1], 'int32');
          try {
            const out = tf.unsortedSegmentSum(x, ids, 2);
            const values = await out.data();
            out.dispose();
            return values;
          } finally {
            tf.dispose([x, ids]);
          }
        };
        // The error the call raises, or null.
        const errorOf = async(): Promise<Error|null> => {
          try {
            await call();
            return null;
          } catch (e) {
            return e as Error;
          }
        };
        const tfError = 'segment_ids[1] = 5 is out of range [0, 2)';
        await withReplacement(tf, sg, true, async () => {
          const message = (await errorOf())?.message ?? '';
          if (!message.includes(tfError)) {
            throw new Error(`the package's kernel should raise TF's error, got "${message}"`);
          }
        });
        if (tf.getBackend() === 'wasm') {
          // tfjs-backend-wasm has no UnsortedSegmentSum to restore: the
          // package's kernel runs either way.
          await withReplacement(tf, sg, false, async () => {
            const message = (await errorOf())?.message ?? '';
            if (!message.includes(tfError)) {
              throw new Error(`wasm: expected the package's kernel, got "${message}"`);
            }
          });
          return;
        }
        if (tf.getBackend() === 'tensorflow') {
          // tfjs-node's own kernel runs TensorFlow's too, but raises its
          // binding's raw error instead of the package's error class.
          await withReplacement(tf, sg, false, async () => {
            const error = await errorOf();
            if (error == null || error.name === 'InvalidArgumentError' ||
                !error.message.includes('Invalid TF_Status: 3')) {
              throw new Error(
                  `expected tfjs-node's raw error, got ${error?.name}: ${error?.message}`);
            }
          });
          return;
        }
        // tfjs's kernels do not validate (its webgpu one even adds the
        // stray row into another segment), so only the lack of an error
        // tells them apart.
        await withReplacement(tf, sg, false, async () => {
          const values = await call();
          if (values.length !== 2 || values[0] !== 1) {
            throw new Error(`tfjs's kernel returned [${Array.from(values)}]`);
          }
        });
      }
    },
    {
      name: 'replaced/the flag restores tfjs\'s own SparseSegmentMean and SparseSegmentSum',
      tags: ['replaced'],
      run: async (tf, sg) => {
        // Either kernel gives these values; with the flag off tfjs's must run
        // (on wasm it needs its own setup, which the replacement must keep).
        const calls: Array<[string, () => tfType.Tensor, number[]]> = [
          [
            'sparseSegmentMean',
            () => tf.sparse.sparseSegmentMean(
                tf.tensor2d([[1, 2], [3, 4], [5, 6]]), tf.tensor1d([0, 2, 1], 'int32'),
                tf.tensor1d([0, 0, 1], 'int32')),
            [3, 4, 3, 4]
          ],
          [
            'sparseSegmentSum',
            () => tf.sparse.sparseSegmentSum(
                tf.tensor2d([[1, 2], [3, 4], [5, 6]]), tf.tensor1d([0, 2, 1], 'int32'),
                tf.tensor1d([0, 0, 1], 'int32')),
            [6, 8, 3, 4]
          ],
        ];
        for (const on of [false, true]) {
          await withReplacement(tf, sg, on, async () => {
            for (const [name, call, expected] of calls) {
              let values: number[];
              try {
                const out = tf.tidy(call);
                values = Array.from(await out.data());
                out.dispose();
              } catch (e) {
                throw new Error(`${name} with the flag ${on}: ${(e as Error).message}`);
              }
              if (values.join() !== expected.join()) {
                throw new Error(`${name} with the flag ${on}: [${values}], expected [${expected}]`);
              }
            }
          });
        }
      }
    },
  ];
}
