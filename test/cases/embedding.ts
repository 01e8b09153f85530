/**
 * Checks of the embedding lookups (`embeddingLookupSparse`,
 * `safeEmbeddingLookupSparse`) and the `EmbeddingBag` layer, run on every
 * backend: values and gradients against TensorFlow 2.21's (fixtures written
 * by tools/tf_fixtures/embedding_lookup_sparse.py), every combiner with and
 * without weights, partitioned params, maxNorm, pruning, empty and trailing
 * rows, rank-3 ids; errors; the layer against a reference written here,
 * `fit`, save and load; sparse training through both; leaks.
 */
import type * as tfType from '@tensorflow/tfjs';

import fixtures from '../fixtures/embedding/tf_cases.json';
import torchFixtures from '../fixtures/embedding/torch_embedding_bag.json';
import {saveToMemory} from '../harness/models';
import {Random} from '../harness/random';
import type {NamedCheck} from '../harness/types';

type TF = typeof tfType;
type SG = typeof import('../../src/layers');
type Tensor = tfType.Tensor;

interface FixtureCase {
  name: string;
  safe: boolean;
  combiner: 'sum'|'mean'|'sqrtn';
  partitioned: boolean;
  maxNorm: number|null;
  defaultId: number|null;
  spIds: {indices: number[][], values: number[], denseShape: number[]};
  weights: number[]|null;
  lossWeights: number[];
  output: {shape: number[], values: number[]};
  paramGrads: number[][];
  weightGrads: number[]|null;
}

const CASES = fixtures.cases as FixtureCase[];
const D = 3;

/** Agreement to float32 rounding of a few operations. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
  if (actual.length !== expected.length) {
    throw new Error(`${label}: ${actual.length} values, expected ${expected.length}`);
  }
  for (let i = 0; i < actual.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= 1e-5 * Math.max(1, Math.abs(expected[i])))) {
      throw new Error(`${label}: element ${i} is ${actual[i]}, TensorFlow gives ${expected[i]}`);
    }
  }
}

/** The params of a case: one table, or its "div" partitions. */
function makeParams(tf: TF, partitioned: boolean): tfType.Variable[] {
  const table = fixtures.table;
  // tidy disposes the initial tensors; variables are not tidied.
  if (!partitioned) return [tf.tidy(() => tf.variable(tf.tensor2d(table, [table.length / D, D])))];
  let row = 0;
  return fixtures.partitionRows.map(rows => {
    const part =
        tf.tidy(() => tf.variable(tf.tensor2d(table.slice(row * D, (row + rows) * D), [rows, D])));
    row += rows;
    return part;
  });
}

function lookup(sg: SG, c: FixtureCase, params: Tensor[], weights: Tensor|null): Tensor {
  const spWeights = weights == null ? null : {...c.spIds, values: weights};
  const options = {
    combiner: c.combiner,
    ...(c.maxNorm != null ? {maxNorm: c.maxNorm} : {}),
    ...(c.defaultId != null ? {defaultId: c.defaultId} : {}),
  };
  const p = c.partitioned ? params : params[0];
  return c.safe ? sg.safeEmbeddingLookupSparse(p, c.spIds, spWeights, options) :
                  sg.embeddingLookupSparse(p, c.spIds, spWeights, options);
}

function fixtureCheck(c: FixtureCase): NamedCheck {
  return {
    name: `embedding/${c.name} equals TensorFlow`,
    tags: ['embedding'],
    run: async (tf, sg) => {
      const before = tf.memory().numTensors;
      const params = makeParams(tf, c.partitioned);
      const weights =
          c.weights == null ? null : tf.tidy(() => tf.variable(tf.tensor1d(c.weights!)));
      const loss = () => tf.tidy(() => {
        const out = lookup(sg, c, params, weights);
        return tf.sum(tf.mul(out, tf.tensor(c.lossWeights, out.shape))) as tfType.Scalar;
      });
      const out = lookup(sg, c, params, weights);
      if (out.shape.join() !== c.output.shape.join()) {
        throw new Error(`output shape [${out.shape}], TensorFlow gives [${c.output.shape}]`);
      }
      expectClose(await out.data(), c.output.values, 'output');
      out.dispose();
      const vars = [...params, ...(weights != null ? [weights] : [])];
      // Dense gradients (tfjs autodiff) and the sparse optimizers' slices.
      const dense = tf.variableGrads(loss, vars);
      const sparse = sg.sparseVariableGrads(loss, vars);
      for (const [k, p] of params.entries()) {
        const zeros = () => new Array(p.size).fill(0);
        const g = dense.grads[p.name];
        expectClose(g == null ? zeros() : await g.data(), c.paramGrads[k], `d/dparams[${k}]`);
        const s = sparse.grads[p.name];
        let scattered: ArrayLike<number> = zeros();
        if (sg.isIndexedSlices(s)) {
          const t = tf.unsortedSegmentSum(s.values, s.indices, p.shape[0]);
          scattered = await t.data();
          t.dispose();
        } else if (s != null) {
          scattered = await s.data();
        }
        expectClose(scattered, c.paramGrads[k], `sparse d/dparams[${k}]`);
      }
      if (weights != null) {
        expectClose(await dense.grads[weights.name].data(), c.weightGrads!, 'd/dweights');
      }
      tf.dispose([
        dense.value, sparse.value, dense.grads as unknown as Tensor[],
        sparse.grads as unknown as Tensor[], ...vars
      ]);
      const leaked = tf.memory().numTensors - before;
      if (leaked !== 0) throw new Error(`${leaked} tensors leaked`);
    }
  };
}

/** Calls that must fail, with the text of the error. */
function errorChecks(): NamedCheck[] {
  const ids = {indices: [[0, 0], [0, 1], [2, 0]], values: [1, 3, 7], denseShape: [3, 2]};
  // [label, call, message, error class name (when the check pins it)]
  const errors: Array<[string, (tf: TF, sg: SG, p: Tensor) => unknown, string, string?]> = [
    [
      'a bad combiner',
      (_tf, sg, p) => sg.embeddingLookupSparse(p, ids, null, {combiner: 'max' as 'sum'}),
      `combiner must be one of 'mean', 'sqrtn' or 'sum', got max`
    ],
    [
      'an id past the table (fast path)',
      (_tf, sg, p) => sg.embeddingLookupSparse(p, {...ids, values: [1, 10, 2]}),
      'Bad: indices[1] == 10 out of range [0, 10)'
    ],
    [
      'an id past the table (weighted)',
      (_tf, sg, p) =>
          sg.embeddingLookupSparse(p, {...ids, values: [1, 10, 2]}, {...ids, values: [1, 1, 1]}),
      'indices[1] = 10 is not in [0, 10)'
    ],
    [
      'an id past the table (safe)',
      (_tf, sg, p) => sg.safeEmbeddingLookupSparse(p, {...ids, values: [1, 10, 2]}),
      'indices[1] = 10 is not in [0, 10)'
    ],
    [
      'an id past the partitions',
      (tf, sg, p) => sg.embeddingLookupSparse(
          [tf.slice(p, 0, 5), tf.slice(p, 5, 5)], {...ids, values: [1, 10, 2]}),
      'partitions[1] = 2 is not in [0, 2)'
    ],
    [
      'unsorted rows',
      (_tf, sg, p) => sg.embeddingLookupSparse(
          p, {indices: [[2, 0], [0, 1]], values: [1, 3], denseShape: [3, 2]}),
      'segment ids are not increasing'
    ],
    [
      'indices and values of different lengths',
      (_tf, sg, p) => sg.embeddingLookupSparse(p, {...ids, values: [1, 3]}),
      'Dimensions 3 and 2 are not compatible'
    ],
    [
      'weights of another length',
      (_tf, sg, p) => sg.embeddingLookupSparse(
          p, ids, {indices: [[0, 0], [0, 1]], values: [1, 2], denseShape: [3, 2]}),
      'Shapes (2,) and (3,) are incompatible'
    ],
    [
      '1-D params', (tf, sg) => sg.embeddingLookupSparse(tf.ones([10]), ids),
      'params must be 2-D [rows, dimension] tensors, but params[0] has shape [10]'
    ],
    [
      'partitions of different widths',
      (tf, sg, p) => sg.embeddingLookupSparse([p, tf.ones([4, 2])], ids),
      'every partition of params must have the same dimension'
    ],
    ['no params', (_tf, sg) => sg.embeddingLookupSparse([], ids), 'Need at least one param'],
    [
      'a defaultId past the table',
      (_tf, sg, p) => sg.safeEmbeddingLookupSparse(p, ids, null, {defaultId: 10}),
      'defaultId 10 is not in [0, 10)'
    ],
    [
      'an EmbeddingBag id past the table',
      (tf, sg, p) => sg.embeddingBag(p, tf.tensor2d([[1, 10]], [1, 2], 'int32')),
      'ids[1] = 10 is not in [0, 10) [Op:EmbeddingBag]',
      'InvalidArgumentError'
    ],
    [
      'an EmbeddingBag paddingIdx past the table',
      (_tf, sg, p) => sg.embeddingBag(p, [[1, 2]], {paddingIdx: 10}),
      'paddingIdx must be an integer within the number of embeddings, -10 through 9, got 10',
      'InvalidArgumentError'
    ],
    [
      'an EmbeddingBag paddingIdx before the table',
      (_tf, sg, p) => sg.embeddingBag(p, [[1, 2]], {paddingIdx: -11}),
      'paddingIdx must be an integer within the number of embeddings, -10 through 9, got -11',
      'InvalidArgumentError'
    ],
    [
      'EmbeddingBag offsets past the ids',
      (_tf, sg, p) => sg.embeddingBag(p, [1, 2, 3], {offsets: [0, 5]}),
      'offsets[1] = 5 is past the end of ids (3) [Op:EmbeddingBag]',
      'InvalidArgumentError'
    ],
    [
      'EmbeddingBag int32 weights',
      (tf, sg, p) => sg.embeddingBag(
          p, [[1, 2]], {weights: tf.tensor2d([[1, 2]], [1, 2], 'int32'), combiner: 'sum'}),
      'weights must be float32 of the shape of ids [1,2], got int32 [1,2]',
      'InvalidArgumentError'
    ],
    [
      'EmbeddingBag float32 offsets',
      (tf, sg, p) => sg.embeddingBag(p, [1, 2], {offsets: tf.tensor1d([0, 1])}),
      'offsets must be an int32 tensor, got float32 [2]',
      'InvalidArgumentError'
    ],
    [
      'EmbeddingBag non-integer offsets',
      (_tf, sg, p) => sg.embeddingBag(p, [1, 2], {offsets: [0, 1.5]}),
      'offsets[1] = 1.5 is not an int32 integer',
      'InvalidArgumentError'
    ],
    [
      'EmbeddingBag non-integer ids',
      (_tf, sg, p) => sg.embeddingBag(p, [[1, 0.5]]),
      'ids[1] = 0.5 is not an int32 integer',
      'InvalidArgumentError'
    ],
    [
      'an EmbeddingBag int32 table',
      (tf, sg, p) => sg.embeddingBag(tf.cast(p, 'int32'), [[1, 2]]),
      'table must be a 2-D float32 tensor [rows, dimension], got int32 [10,3]',
      'InvalidArgumentError'
    ],
  ];
  return errors.map(([label, call, text, errorName]) => ({
                      name: `embedding/error: ${label}`,
                      tags: ['embedding', 'error'],
                      run: async (tf, sg) => {
                        const before = tf.memory().numTensors;
                        const p = tf.tensor2d(fixtures.table, [10, D]);
                        let message = '';
                        let name = '';
                        try {
                          tf.tidy(() => {
                            call(tf, sg, p);
                          });
                        } catch (e) {
                          ({message, name} = e as Error);
                        }
                        p.dispose();
                        if (!message.includes(text) || (errorName != null && name !== errorName)) {
                          throw new Error(`expected ${errorName ?? 'an error'} containing "${
                              text}", got ${name} "${message}"`);
                        }
                        const leaked = tf.memory().numTensors - before;
                        if (leaked !== 0) throw new Error(`${leaked} tensors leaked`);
                      }
                    }));
}

/** The embedding bag of a row, from its definition. */
function bagReference(
    table: ArrayLike<number>, ids: number[], weights: number[]|null, combiner: string): number[] {
  const out = new Array(D).fill(0);
  let wSum = 0;
  let w2Sum = 0;
  ids.forEach((id, k) => {
    if (id < 0) return;
    const w = weights?.[k] ?? 1;
    wSum += w;
    w2Sum += w * w;
    for (let c = 0; c < D; c++) out[c] += table[id * D + c] * w;
  });
  const scale = combiner === 'sum' ? 1 : combiner === 'mean' ? wSum : Math.sqrt(w2Sum);
  return out.map(v => scale === 0 ? 0 : v / scale);
}

function layerChecks(): NamedCheck[] {
  const ids = [[1, 7, 7, -1], [-1, -1, -1, -1], [9, 0, 3, 2], [4, -1, 4, -1]];
  const weights = [[0.5, 2, 1, 9], [1, 1, 1, 1], [1, -1, 0.25, 3], [2, 5, 1, 5]];
  const checks: NamedCheck[] = [];
  for (const combiner of ['sum', 'mean', 'sqrtn'] as const) {
    for (const weighted of [false, true]) {
      checks.push({
        name: `embedding/EmbeddingBag ${combiner}${
            weighted ? ', weighted' : ''} equals the reference`,
        tags: ['embedding', 'layer'],
        run: async (tf, sg) => {
          const layer = sg.layers.embeddingBag({
            inputDim: 10,
            outputDim: D,
            combiner,
            embeddingsInitializer: tf.initializers.constant({value: 0}),
          });
          const idsT = tf.tensor2d(ids);
          const wT = tf.tensor2d(weights);
          const out = layer.apply(weighted ? [idsT, wT] : idsT) as Tensor;
          // Set the table, then call again.
          layer.setWeights([tf.tensor2d(fixtures.table, [10, D])]);
          out.dispose();
          const result = layer.apply(weighted ? [idsT, wT] : idsT) as Tensor;
          const expected = ids.flatMap(
              (row, r) =>
                  bagReference(fixtures.table, row, weighted ? weights[r] : null, combiner));
          if (result.shape.join() !== `4,${D}`) throw new Error(`shape [${result.shape}]`);
          expectClose(await result.data(), expected, 'output');
          tf.dispose([idsT, wT, result]);
          layer.dispose();
        }
      });
    }
  }
  checks.push({
    name:
        'embedding/EmbeddingBag trains with model.fit, only the looked-up rows with a sparse optimizer',
    tags: ['embedding', 'layer', 'training'],
    run: async (tf, sg) => {
      const rng = new Random(51);
      const xs = tf.tensor2d(Array.from(rng.ints(24 * 5, -2, 30)), [24, 5]);
      const ys = tf.oneHot(tf.tensor1d(Array.from(rng.ints(24, 0, 2)), 'int32'), 2);
      const used = new Set(Array.from(await xs.data()).filter(v => v >= 0));
      for (const optimizer of [sg.train.lazyAdam(0.05), sg.train.adagrad(0.5), sg.train.sgd(0.5)]) {
        const model = tf.sequential({
          layers: [
            sg.layers.embeddingBag({
              inputDim: 40,
              outputDim: 4,
              inputShape: [5],
              embeddingsInitializer: 'glorotUniform'
            }),
            tf.layers.dense({units: 2, activation: 'softmax'}),
          ]
        });
        model.compile({optimizer, loss: 'categoricalCrossentropy'});
        const before = await model.getWeights()[0].data();
        const history = await model.fit(xs, ys, {epochs: 15, batchSize: 8, verbose: 0});
        const after = await model.getWeights()[0].data();
        const losses = history.history.loss as number[];
        if (!(losses[losses.length - 1] < losses[0])) {
          throw new Error(`${optimizer.getClassName()}: loss went from ${losses[0]} to ${
              losses[losses.length - 1]}`);
        }
        for (let row = 0; row < 40; row++) {
          const moved = [0, 1, 2, 3].some(c => after[row * 4 + c] !== before[row * 4 + c]);
          if (moved !== used.has(row)) {
            throw new Error(`${optimizer.getClassName()}: row ${row} ${
                moved ? 'moved but was never looked up' : 'did not move'}`);
          }
        }
        const evaluated = model.evaluate(xs, ys) as Tensor;
        evaluated.dispose();
        model.dispose();
      }
      tf.dispose([xs, ys]);
    }
  });
  checks.push({
    name: 'embedding/EmbeddingBag models save and load',
    tags: ['embedding', 'layer'],
    run: async (tf, sg) => {
      const ids = tf.input({shape: [4]});
      const w = tf.input({shape: [4]});
      // (No constraint here: tfjs applies constraints when it loads
      // weights but not in fit, so a loaded model would predict otherwise.)
      const bag = sg.layers
                      .embeddingBag({
                        inputDim: 12,
                        outputDim: D,
                        combiner: 'sqrtn',
                        embeddingsRegularizer: tf.regularizers.l2({l2: 0.01}),
                      })
                      .apply([ids, w]) as tfType.SymbolicTensor;
      const model = tf.model({
        inputs: [ids, w],
        outputs: tf.layers.dense({units: 1}).apply(bag) as tfType.SymbolicTensor
      });
      model.compile({optimizer: sg.train.adagrad(0.1), loss: 'meanSquaredError'});
      const x = [
        tf.tensor2d([[1, 2, -1, 11], [3, -1, -1, -1]]), tf.tensor2d([[1, 2, 3, 4], [1, 1, 1, 1]])
      ];
      await model.fit(x, tf.ones([2, 1]), {epochs: 2, verbose: 0});
      const loaded = await tf.loadLayersModel(tf.io.fromMemory(await saveToMemory(tf, model)));
      const a = model.predict(x) as Tensor;
      const b = loaded.predict(x) as Tensor;
      expectClose(await b.data(), await a.data(), 'loaded model prediction');
      const config = loaded.layers.find(l => l.getClassName() === 'EmbeddingBag')!.getConfig();
      if (config.combiner !== 'sqrtn' || config.inputDim !== 12 ||
          (config.embeddingsRegularizer as {className: string}).className !== 'L1L2') {
        throw new Error(`loaded config ${JSON.stringify(config)}`);
      }
      if (loaded.optimizer.getClassName() !== 'SparseAdagrad') {
        throw new Error(`loaded optimizer ${loaded.optimizer.getClassName()}`);
      }
      // A constraint and an initializer given by name survive a config round trip.
      const layer = sg.layers.embeddingBag({
        inputDim: 5,
        outputDim: 2,
        embeddingsInitializer: 'glorotNormal',
        embeddingsConstraint: tf.constraints.maxNorm({maxValue: 2}),
      });
      const again = sg.EmbeddingBag.fromConfig(sg.EmbeddingBag, layer.getConfig());
      const roundTrip = again.getConfig();
      for (const key of ['embeddingsInitializer', 'embeddingsConstraint']) {
        if (JSON.stringify(roundTrip[key]) !== JSON.stringify(layer.getConfig()[key])) {
          throw new Error(`${key}: ${JSON.stringify(roundTrip[key])}`);
        }
      }
      if ((roundTrip.embeddingsConstraint as {className: string}).className !== 'MaxNorm') {
        throw new Error(`constraint ${JSON.stringify(roundTrip.embeddingsConstraint)}`);
      }
      // Every identifier tf.layers.embedding takes, 'l1l2' (class L1L2) included.
      const named = sg.layers.embeddingBag({
        inputDim: 5,
        outputDim: 2,
        embeddingsRegularizer: 'l1l2',
        embeddingsConstraint: 'nonNeg',
      });
      const namedConfig = named.getConfig();
      if ((namedConfig.embeddingsRegularizer as {className: string}).className !== 'L1L2' ||
          (namedConfig.embeddingsConstraint as {className: string}).className !== 'NonNeg') {
        throw new Error(`identifiers gave ${JSON.stringify(namedConfig)}`);
      }
      // Bad arguments are InvalidArgumentErrors, as the collection's.
      for (const [args, text] of [
               [{inputDim: 0, outputDim: 2}, 'inputDim must be a positive integer, got 0'],
               [
                 {inputDim: 4, outputDim: 2, paddingIdx: 4},
                 'paddingIdx must be an integer within the number of embeddings, -4 through 3'
               ],
      ] as const) {
        let error: Error|null = null;
        try {
          sg.layers.embeddingBag(args);
        } catch (e) {
          error = e as Error;
        }
        if (error?.name !== 'InvalidArgumentError' || !error.message.includes(text)) {
          throw new Error(`expected "${text}", got ${error?.name}: ${error?.message}`);
        }
      }
      tf.dispose([a, b, ...x]);
      model.dispose();
      loaded.dispose();
    }
  });
  return checks;
}

interface TorchCase {
  name: string;
  ids: number[]|number[][];
  offsets: number[]|null;
  includeLastOffset: boolean;
  combiner: 'sum'|'mean'|'max';
  weights: number[]|null;
  paddingIdx: number|null;
  lossWeights: number[];
  output: {shape: number[], values: number[]};
  tableGrad: number[];
  weightGrads: number[]|null;
}

/** `embeddingBag` against PyTorch 2.13's F.embedding_bag: values, dense and sparse gradients. */
function torchCheck(c: TorchCase): NamedCheck {
  return {
    name: `embedding/embeddingBag equals PyTorch: ${c.name}`,
    tags: ['embedding', 'embeddingBag'],
    run: async (tf, sg) => {
      const before = tf.memory().numTensors;
      const width = 4;
      const table = tf.tidy(
          () => tf.variable(
              tf.tensor2d(torchFixtures.table, [torchFixtures.table.length / width, width])));
      const weights =
          c.weights == null ? null : tf.tidy(() => tf.variable(tf.tensor1d(c.weights!)));
      const ids = Array.isArray(c.ids[0]) ? tf.tensor2d(c.ids as number[][], undefined, 'int32') :
                                            tf.tensor1d(c.ids as number[], 'int32');
      const bag = () => sg.embeddingBag(table, ids, {
        combiner: c.combiner,
        ...(c.offsets != null ? {offsets: c.offsets, includeLastOffset: c.includeLastOffset} : {}),
        ...(weights != null ? {weights} : {}),
        ...(c.paddingIdx != null ? {paddingIdx: c.paddingIdx} : {}),
      });
      const loss = () => tf.tidy(
          () => tf.sum(tf.mul(bag(), tf.tensor(c.lossWeights, c.output.shape))) as tfType.Scalar);
      const out = bag();
      if (out.shape.join() !== c.output.shape.join()) {
        throw new Error(`output shape [${out.shape}], PyTorch gives [${c.output.shape}]`);
      }
      expectClose(await out.data(), c.output.values, 'output');
      const vars = [table, ...(weights != null ? [weights] : [])];
      const dense = tf.variableGrads(loss, vars);
      expectClose(await dense.grads[table.name].data(), c.tableGrad, 'd/dtable');
      if (weights != null) {
        expectClose(await dense.grads[weights.name].data(), c.weightGrads!, 'd/dweights');
      }
      const sparse = sg.sparseVariableGrads(loss, vars);
      const slices = sparse.grads[table.name];
      if (!sg.isIndexedSlices(slices)) throw new Error('the table got no IndexedSlices');
      const scattered = tf.unsortedSegmentSum(slices.values, slices.indices, table.shape[0]);
      expectClose(await scattered.data(), c.tableGrad, 'sparse d/dtable');
      tf.dispose([
        out, ids, scattered, dense.value, sparse.value, dense.grads as unknown as Tensor[],
        sparse.grads as unknown as Tensor[], ...vars
      ]);
      const leaked = tf.memory().numTensors - before;
      if (leaked !== 0) throw new Error(`${leaked} tensors leaked`);
    }
  };
}

/**
 * `embeddingBag` where PyTorch's own gradient is not defined: no offsets
 * (no bags: PyTorch 2.13's backward leaves the table's gradient
 * uninitialised), and a table of no rows whose bags are all padding.
 */
function edgeChecks(): NamedCheck[] {
  const cases: Array<[string, (tf: TF, sg: SG, table: Tensor) => Tensor, number[], number[]]> = [
    [
      'no offsets: no bags', (_tf, sg, t) => sg.embeddingBag(t, [1, 2, 3], {offsets: []}), [4, 2],
      [0, 2]
    ],
    [
      'a table of no rows, bags of padding', (_tf, sg, t) => sg.embeddingBag(t, [[-1], [-3]]),
      [0, 2], [2, 2]
    ],
    [
      'a table of no rows, ids and offsets of padding',
      (_tf, sg, t) => sg.embeddingBag(t, [-1, -1], {offsets: [0, 1], combiner: 'max'}), [0, 2],
      [2, 2]
    ],
  ];
  return cases.map(
      ([label, bag, tableShape, outShape]) => ({
        name: `embedding/embeddingBag: ${label}`,
        tags: ['embedding', 'embeddingBag'],
        run: async (tf, sg) => {
          const before = tf.memory().numTensors;
          const table = tf.tidy(() => tf.variable(tf.ones(tableShape)));
          const out = bag(tf, sg, table);
          if (out.shape.join() !== outShape.join() || (await out.data()).some(v => v !== 0)) {
            throw new Error(
                `output [${out.shape}] ${await out.data()}, expected zeros [${outShape}]`);
          }
          // (With a 1 appended: tfjs's webgl and webgpu Sum fail on an empty tensor.)
          const loss = () =>
              tf.sum(tf.concat([tf.reshape(bag(tf, sg, table), [-1]), tf.ones([1])])) as
              tfType.Scalar;
          const dense = tf.variableGrads(loss, [table]);
          const grad = dense.grads[table.name];
          if (grad.shape.join() !== tableShape.join() || (await grad.data()).some(v => v !== 0)) {
            throw new Error(`gradient [${grad.shape}] ${await grad.data()}, expected zeros`);
          }
          const sparse = sg.sparseVariableGrads(loss, [table]);
          const slices = sparse.grads[table.name];
          if (!sg.isIndexedSlices(slices) || (await slices.values.data()).some(v => v !== 0)) {
            throw new Error('expected IndexedSlices of zeros');
          }
          tf.dispose(
              [out, table, dense.value, grad, sparse.value, sparse.grads as unknown as Tensor[]]);
          const leaked = tf.memory().numTensors - before;
          if (leaked !== 0) throw new Error(`${leaked} tensors leaked`);
        },
      }));
}

export function embeddingChecks(): NamedCheck[] {
  return [
    ...CASES.map(fixtureCheck), ...(torchFixtures.cases as TorchCase[]).map(torchCheck),
    ...errorChecks(), ...edgeChecks(), ...layerChecks()
  ];
}
