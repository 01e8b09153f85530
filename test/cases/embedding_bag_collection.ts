/**
 * Checks of the `EmbeddingBagCollection` layer, on every backend: it equals
 * the same features through separate `embeddingBag` calls (values and
 * gradients), runs one forward kernel, one backward kernel and one update
 * per width and combiner, trains only the looked-up rows of each table with
 * every sparse optimizer, saves and loads, and rejects bad arguments.
 */
import type * as tfType from '@tensorflow/tfjs';

import {saveToMemory} from '../harness/models';
import {Random} from '../harness/random';
import type {NamedCheck} from '../harness/types';

type TF = typeof tfType;
type SG = typeof import('../../src/layers');
type Tensor = tfType.Tensor;

/** Two tables of width 4 (one for two features), one of width 3. */
const TABLES = [
  {name: 'items', inputDim: 30, outputDim: 4, combiner: 'mean' as const, features: ['a', 'b']},
  {name: 'users', inputDim: 20, outputDim: 4, combiner: 'mean' as const, features: ['c']},
  {name: 'tags', inputDim: 15, outputDim: 3, combiner: 'sum' as const, features: ['d']},
];
const BATCH = 6;
const LENGTHS = [3, 2, 1, 4];

/** Ids of each feature (with padding), from `seed`. */
function featureIds(tf: TF, seed: number): Tensor[] {
  const rng = new Random(seed);
  const sizes = [30, 30, 20, 15];
  return LENGTHS.map(
      (l, f) => tf.tensor2d(Array.from(rng.ints(BATCH * l, -1, sizes[f])), [BATCH, l], 'int32'));
}

function expectClose(a: ArrayLike<number>, e: ArrayLike<number>, label: string): void {
  if (a.length !== e.length) throw new Error(`${label}: ${a.length} values, expected ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    if (!(Math.abs(a[i] - e[i]) <= 1e-5 * Math.max(1, Math.abs(e[i])))) {
      throw new Error(`${label}: element ${i} is ${a[i]}, expected ${e[i]}`);
    }
  }
}

/** The collection, built, with its variables set from `seed`. */
function collection(tf: TF, sg: SG, seed: number): tfType.layers.Layer {
  const layer = sg.layers.embeddingBagCollection({tables: TABLES});
  const inputs = LENGTHS.map(l => tf.input({shape: [l], dtype: 'int32'}));
  layer.apply(inputs);
  const rng = new Random(seed);
  const values = layer.getWeights().map(w => tf.tensor(rng.floats(w.size), w.shape));
  layer.setWeights(values);
  tf.dispose(values);
  return layer;
}

/** The same bags through separate `embeddingBag` calls on slices of the variables. */
function separately(tf: TF, sg: SG, layer: tfType.layers.Layer, ids: Tensor[]): Tensor {
  const [wide, narrow] = layer.getWeights();
  const items = tf.slice(wide, [0, 0], [30, 4]);
  const users = tf.slice(wide, [30, 0], [20, 4]);
  return tf.concat(
      [
        sg.embeddingBag(items, ids[0], {combiner: 'mean'}),
        sg.embeddingBag(items, ids[1], {combiner: 'mean'}),
        sg.embeddingBag(users, ids[2], {combiner: 'mean'}),
        sg.embeddingBag(narrow, ids[3], {combiner: 'sum'}),
      ],
      1);
}

export function embeddingBagCollectionChecks(): NamedCheck[] {
  return [
    {
      name: 'collection/EmbeddingBagCollection equals the features through separate embeddingBags',
      tags: ['embedding', 'collection'],
      run: async (tf, sg) => {
        const before = tf.memory().numTensors;
        const layer = collection(tf, sg, 3);
        const ids = featureIds(tf, 4);
        const out = layer.apply(ids) as Tensor;
        if (out.shape.join() !== `${BATCH},15`) throw new Error(`shape [${out.shape}]`);
        const expected = tf.tidy(() => separately(tf, sg, layer, ids));
        expectClose(await out.data(), await expected.data(), 'output');
        // Gradients: the collection's variables against tfjs's autodiff of
        // the separate calls on the same variables.
        const w = tf.tensor(new Random(5).floats(out.size), out.shape);
        const vars = layer.trainableWeights.map(v => v.read() as tfType.Variable);
        const loss = (f: () => Tensor) => () =>
            tf.tidy(() => tf.sum(tf.mul(f(), w)) as tfType.Scalar);
        const ours = sg.sparseVariableGrads(loss(() => layer.apply(ids) as Tensor), vars);
        const theirs = tf.variableGrads(loss(() => separately(tf, sg, layer, ids)), vars);
        for (const v of vars) {
          const g = ours.grads[v.name];
          if (!sg.isIndexedSlices(g)) throw new Error(`${v.name}: no IndexedSlices`);
          const dense = tf.unsortedSegmentSum(g.values, g.indices, v.shape[0]);
          expectClose(await dense.data(), await theirs.grads[v.name].data(), `d/d${v.name}`);
          dense.dispose();
        }
        tf.dispose([
          out, expected, w, ids, ours.value, theirs.value, ours.grads as unknown as Tensor[],
          theirs.grads as unknown as Tensor[]
        ]);
        layer.dispose();
        const leaked = tf.memory().numTensors - before;
        if (leaked !== 0) throw new Error(`${leaked} tensors leaked`);
      }
    },
    {
      name:
          'collection/a step runs one bag kernel, one gradient kernel and one update per width and combiner',
      tags: ['embedding', 'collection', 'training'],
      run: async (tf, sg) => {
        const layer = collection(tf, sg, 6);
        const ids = featureIds(tf, 7);
        const optimizer = sg.train.lazyAdam(0.01);
        const vars = layer.trainableWeights.map(v => v.read() as tfType.Variable);
        const step = () => optimizer.minimize(
            () => tf.tidy(() => tf.sum(tf.square(layer.apply(ids) as Tensor)) as tfType.Scalar),
            false, vars);
        step();
        const profile = await tf.profile(() => {
          step();
          return [];
        });
        const count = (name: string) => profile.kernels.filter(k => k.name === name).length;
        // Widths 4 (mean) and 3 (sum): two groups, two variables.
        const counts = {
          bag: count('EmbeddingBag'),
          grad: count('EmbeddingBagGrad'),
          update: count('SparseGradApplyLazyAdam'),
        };
        if (JSON.stringify(counts) !== JSON.stringify({bag: 2, grad: 2, update: 2})) {
          throw new Error(`kernels of a step: ${JSON.stringify(counts)}`);
        }
        tf.dispose(ids);
        optimizer.dispose();
        layer.dispose();
      }
    },
    {
      name:
          'collection/model.fit trains only the looked-up rows of each table, with every sparse optimizer',
      tags: ['embedding', 'collection', 'training'],
      run: async (tf, sg) => {
        const ids = featureIds(tf, 8);
        const ys = tf.tensor2d(new Random(9).floats(BATCH), [BATCH, 1]);
        const used = await Promise.all(ids.map(async t => new Set(Array.from(await t.data()))));
        for (const optimizer
                 of [sg.train.sgd(0.1), sg.train.adagrad(0.1), sg.train.lazyAdam(0.05)]) {
          const inputs = LENGTHS.map(l => tf.input({shape: [l], dtype: 'int32'}));
          const bags = sg.layers
                           .embeddingBagCollection({
                             tables: TABLES,
                             embeddingsInitializer: tf.initializers.randomUniform({seed: 14}),
                           })
                           .apply(inputs) as tfType.SymbolicTensor;
          const dense = tf.layers.dense(
              {units: 1, kernelInitializer: tf.initializers.glorotUniform({seed: 15})});
          const model = tf.model({inputs, outputs: dense.apply(bags) as tfType.SymbolicTensor});
          model.compile({optimizer, loss: 'meanSquaredError'});
          const [wideBefore, narrowBefore] =
              await Promise.all(model.getWeights().slice(0, 2).map(w => w.data()));
          const history =
              await model.fit(ids, ys, {epochs: 8, batchSize: BATCH, shuffle: false, verbose: 0});
          const losses = history.history.loss as number[];
          if (!(losses[losses.length - 1] < losses[0])) {
            throw new Error(
                `${optimizer.getClassName()}: loss ${losses[0]} -> ${losses[losses.length - 1]}`);
          }
          const [wideAfter, narrowAfter] =
              await Promise.all(model.getWeights().slice(0, 2).map(w => w.data()));
          // Rows of `items` (0-29) are looked up by features a and b, `users`
          // (30-49) by c, `tags` (the width-3 variable) by d.
          const lookedUp = (row: number) =>
              row < 30 ? used[0].has(row) || used[1].has(row) : used[2].has(row - 30);
          for (let row = 0; row < 50; row++) {
            const moved =
                [0, 1, 2, 3].some(c => wideAfter[row * 4 + c] !== wideBefore[row * 4 + c]);
            if (moved !== lookedUp(row)) {
              throw new Error(`${optimizer.getClassName()}: width-4 row ${row} ${
                  moved ? 'moved but was not looked up' : 'did not move'}`);
            }
          }
          for (let row = 0; row < 15; row++) {
            const moved =
                [0, 1, 2].some(c => narrowAfter[row * 3 + c] !== narrowBefore[row * 3 + c]);
            if (moved !== used[3].has(row)) {
              throw new Error(`${optimizer.getClassName()}: width-3 row ${row} ${
                  moved ? 'moved but was not looked up' : 'did not move'}`);
            }
          }
          model.dispose();
        }
        tf.dispose([...ids, ys]);
      }
    },
    {
      name: 'collection/a model with an EmbeddingBagCollection saves, loads and resumes',
      tags: ['embedding', 'collection'],
      run: async (tf, sg) => {
        const ids = featureIds(tf, 10);
        const ys = tf.tensor2d(new Random(11).floats(BATCH), [BATCH, 1]);
        const inputs = LENGTHS.map(l => tf.input({shape: [l], dtype: 'int32'}));
        const bags = sg.layers.embeddingBagCollection({tables: TABLES}).apply(inputs) as
            tfType.SymbolicTensor;
        const model = tf.model(
            {inputs, outputs: tf.layers.dense({units: 1}).apply(bags) as tfType.SymbolicTensor});
        model.compile({optimizer: sg.train.adagrad(0.2), loss: 'meanSquaredError'});
        await model.fit(ids, ys, {epochs: 2, batchSize: BATCH, shuffle: false, verbose: 0});
        const loaded = await tf.loadLayersModel(tf.io.fromMemory(await saveToMemory(tf, model)));
        const config =
            loaded.layers.find(l => l.getClassName() === 'EmbeddingBagCollection')!.getConfig();
        if (JSON.stringify(config.tables) !== JSON.stringify(TABLES)) {
          throw new Error(`loaded tables ${JSON.stringify(config.tables)}`);
        }
        await model.fit(ids, ys, {epochs: 1, batchSize: BATCH, shuffle: false, verbose: 0});
        await loaded.fit(ids, ys, {epochs: 1, batchSize: BATCH, shuffle: false, verbose: 0});
        const a = await Promise.all(model.getWeights().map(w => w.data()));
        const b = await Promise.all(loaded.getWeights().map(w => w.data()));
        a.forEach((w, k) => {
          const at = w.findIndex((v, i) => v !== b[k][i]);
          if (at >= 0) {
            throw new Error(
                `weight ${k}: element ${at} resumed ${b[k][at]}, uninterrupted ${w[at]}`);
          }
        });
        model.dispose();
        loaded.dispose();
        tf.dispose([...ids, ys]);
      }
    },
    {
      name: 'collection/bad arguments raise InvalidArgumentError',
      tags: ['embedding', 'collection', 'error'],
      run: async (tf, sg) => {
        const expectError = (f: () => unknown, text: string) => {
          let error: Error|null = null;
          try {
            f();
          } catch (e) {
            error = e as Error;
          }
          if (error?.name !== 'InvalidArgumentError' || !error.message.includes(text)) {
            throw new Error(`expected "${text}", got ${error?.name}: ${error?.message}`);
          }
        };
        const make = (tables: unknown) =>
            sg.layers.embeddingBagCollection({tables} as {tables: typeof TABLES});
        expectError(() => make([]), 'tables must list at least one table');
        expectError(
            () => make([TABLES[0], {...TABLES[1], features: ['a']}]),
            'two features are named \'a\'');
        expectError(() => make([TABLES[0], {...TABLES[1], name: 'items'}]), 'two tables are named');
        expectError(() => make([{...TABLES[0], combiner: 'median'}]), 'combiner must be one of');
        expectError(() => make([{...TABLES[0], inputDim: 0}]), 'inputDim must be a positive');
        expectError(
            () => make([{...TABLES[0], features: 'ab'}]),
            'features must be a list of feature names, got "ab"');
        expectError(
            () => make([{...TABLES[0], combinr: 'sum'}]),
            `table '${TABLES[0].name}': unknown option 'combinr'`);
        const layer = collection(tf, sg, 12);
        const ids = featureIds(tf, 13);
        expectError(() => layer.apply(ids.slice(0, 3)), 'expected 4 inputs (a, b, c, d), got 3');
        // Symbolic inputs: the model cannot be built with the wrong inputs.
        const symbolic = [2, 3, 1].map(length => tf.input({shape: [length], dtype: 'int32'}));
        expectError(() => layer.apply(symbolic), 'expected 4 inputs (a, b, c, d), got 3');
        expectError(
            () => layer.apply([...symbolic, tf.input({shape: [2, 2], dtype: 'int32'})]),
            'feature \'d\' must be ids [batch, length]');
        const bad = tf.tensor2d([[31, 0, 0]], [1, 3], 'int32');
        expectError(
            () => layer.apply([bad, ...ids.slice(1).map(t => tf.slice(t, 0, 1))]),
            'feature \'a\': ids[0, 0] = 31 is not in [0, 30) (table \'items\')');
        tf.dispose([...ids, bad]);
        layer.dispose();
      }
    },
  ];
}
