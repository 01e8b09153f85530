/**
 * Cases of the `EmbeddingBag` and `EmbeddingBagGrad` kernels, bit for bit
 * against the reference (test/reference/reference.ts), on every backend:
 * every combiner with and without weights, `maxNorm` (rows clipped and
 * not), `paddingIdx` and negative padding, empty bags and no ids, trailing
 * ids in no bag, duplicates, several features sharing a table, rows past
 * WebGL's texture width and WebGPU's dispatch limit, table rows past 2^24;
 * and every error.
 */
import {Random} from '../harness/random';
import {f32, i32} from '../harness/specs';
import type {KernelCase, TensorSpec} from '../harness/types';
import {BagRefCall, refEmbeddingBag, refEmbeddingBagGrad} from '../reference/reference';

type Combiner = BagRefCall['combiner'];

interface BagShape {
  label: string;
  /** Table rows and width. */
  v: number;
  d: number;
  /** Bag sizes (0: an empty bag). */
  bags: number[];
  /** Ids after the last bag (in no bag). */
  trailing?: number;
  /** Features sharing the table: bag b is feature b % F, each on its own rows. */
  features?: number;
  /** Where the ids start (to reach table rows past 2^24). */
  idBase?: number;
  /** Only these variants (`<combiner>[ weighted][ maxNorm]`), when given. */
  only?: string[];
  tags?: string[];
}

/** The variants of the edge shapes: one of each kind of pass. */
const EDGE_VARIANTS = ['sum weighted', 'mean weighted maxNorm', 'sqrtn', 'max maxNorm'];

const SHAPES: BagShape[] = [
  {label: 'no bags', v: 5, d: 3, bags: [], only: EDGE_VARIANTS},
  {label: 'empty bags only', v: 5, d: 3, bags: [0, 0], only: EDGE_VARIANTS},
  {label: 'one id', v: 4, d: 1, bags: [1], only: EDGE_VARIANTS},
  // Every id is padding: there is no row to look up.
  {label: 'a table of no rows', v: 0, d: 3, bags: [2, 0, 1], only: EDGE_VARIANTS},
  {label: 'small', v: 10, d: 3, bags: [3, 0, 1, 4, 2]},
  {label: 'trailing ids in no bag', v: 10, d: 2, bags: [2, 2], trailing: 3},
  {label: 'd=0', v: 6, d: 0, bags: [2, 1], only: EDGE_VARIANTS},
  {label: 'wide rows', v: 30, d: 65, bags: [5, 9, 1, 16]},
  {label: 'long bags', v: 50, d: 4, bags: [40, 1, 33, 0, 12]},
  {label: 'two features', v: 20, d: 3, bags: [2, 3, 0, 4, 1, 2], features: 2},
  {label: 'many bags', v: 200, d: 8, bags: Array.from({length: 300}, (_, b) => b % 7)},
  // Outputs past an 8192-texel texture row (a few variants: slow on SwiftShader).
  {
    label: 'large',
    v: 3000,
    d: 5,
    bags: Array.from({length: 3000}, (_, b) => 1 + b % 3),
    tags: ['large'],
    only: ['sum', 'mean weighted maxNorm', 'max maxNorm'],
  },
  // Table rows past 2^24: float32 texels would round them.
  {
    label: 'rows past 2^24',
    v: 2 ** 24 + 6,
    d: 1,
    bags: [2, 1, 2],
    idBase: 2 ** 24 - 2,
    tags: ['large'],
    only: ['sum', 'mean weighted maxNorm', 'max']
  },
];

const COMBINERS: Combiner[] = ['sum', 'mean', 'sqrtn', 'max'];

/** A call of `shape` with random ids (some padding and duplicates) and data. */
function bagCall(
    shape: BagShape, combiner: Combiner, weighted: boolean, maxNorm: number, paddingIdx: number,
    seed: number): BagRefCall {
  const rng = new Random(seed);
  const numFeatures = shape.features ?? 1;
  const rowsPerFeature = Math.floor(shape.v / numFeatures);
  const idBase = shape.idBase ?? 0;
  const offsets = [0];
  for (const size of shape.bags) offsets.push(offsets[offsets.length - 1] + size);
  const n = offsets[offsets.length - 1] + (shape.trailing ?? 0);
  const ids = Array.from(rng.ints(n, -1, Math.min(rowsPerFeature - idBase, 12)), id => {
    // Duplicates from a small pool, padding (-1), and paddingIdx.
    if (id < 0) return -1;
    return id === 3 && paddingIdx >= 0 ? paddingIdx : idBase + id;
  });
  const table = shape.idBase != null ? sparseTable(shape, rng) : rng.floats(shape.v * shape.d);
  // Weights include NaN and Infinity at padding: they must not count.
  const weights = weighted ?
      Array.from(rng.floats(n), (w, k) => ids[k] < 0 ? (k % 2 ? NaN : Infinity) : w) :
      null;
  const features: number[] = [];
  for (let f = 0; f < numFeatures; f++) features.push(f * rowsPerFeature, rowsPerFeature);
  return {
    table: f32([shape.v, shape.d], table),
    ids,
    offsets,
    weights,
    features,
    combiner,
    paddingIdx,
    maxNorm,
  };
}

/** A table that is zero but for the rows near `idBase` (a huge table stays cheap to build). */
function sparseTable(shape: BagShape, rng: Random): Float32Array {
  const table = new Float32Array(shape.v * shape.d);
  const start = (shape.idBase ?? 0) * shape.d;
  table.set(rng.floats(table.length - start), start);
  return table;
}

function bagInputs(call: BagRefCall): Record<string, TensorSpec> {
  return {
    table: call.table,
    ids: i32([call.ids.length], call.ids),
    offsets: i32([call.offsets.length], call.offsets),
    weights: call.weights == null ? f32([0], []) : f32([call.weights.length], call.weights),
    features: i32([call.features.length], call.features),
  };
}

function bagAttrs(call: BagRefCall) {
  return {combiner: call.combiner, paddingIdx: call.paddingIdx, maxNorm: call.maxNorm};
}

/** The forward and gradient cases of one call. */
function casesOf(name: string, tags: string[], make: () => BagRefCall): KernelCase[] {
  return [
    {
      name: `EmbeddingBag/${name}`,
      kernel: 'EmbeddingBag',
      tags: ['embeddingBag', ...tags],
      build: () => {
        const call = make();
        return {
          inputs: bagInputs(call),
          attrs: bagAttrs(call),
          expected: {outputs: refEmbeddingBag(call)}
        };
      },
    },
    {
      name: `EmbeddingBagGrad/${name}`,
      kernel: 'EmbeddingBagGrad',
      tags: ['embeddingBag', ...tags],
      build: () => {
        const call = make();
        const [output, argmax] = refEmbeddingBag(call);
        const dy = f32(output.shape, new Random(7).floats(output.values.length));
        const weightGrad = call.weights != null;
        return {
          inputs: {dy, ...bagInputs(call), output, argmax},
          attrs: {...bagAttrs(call), weightGrad},
          expected: {outputs: refEmbeddingBagGrad(call, dy, weightGrad)},
        };
      },
    },
  ];
}

function randomBagCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  SHAPES.forEach((shape, s) => {
    COMBINERS.forEach((combiner, c) => {
      for (const weighted of combiner === 'max' ? [false] : [false, true]) {
        // Clipped rows need some norms above maxNorm: the data is in [-10, 10].
        for (const maxNorm of [0, 6]) {
          const paddingIdx = (s + c) % 2 === 0 ? -1 : 2;
          const variant = `${combiner}${weighted ? ' weighted' : ''}${maxNorm ? ' maxNorm' : ''}`;
          if (shape.only != null && !shape.only.includes(variant)) continue;
          const name = `${shape.label} ${variant}${paddingIdx >= 0 ? ' paddingIdx' : ''}`;
          const seed = 1000 + 97 * s + 13 * c + (weighted ? 5 : 0) + maxNorm;
          cases.push(...casesOf(
              name, shape.tags ?? [],
              () => bagCall(shape, combiner, weighted, maxNorm, paddingIdx, seed)));
        }
      }
    });
  });
  return cases;
}

function bagErrorCase(label: string, call: Partial<BagRefCall>, error: string): KernelCase {
  const valid: BagRefCall = {
    table: f32([4, 2], [1, 2, 3, 4, 5, 6, 7, 8]),
    ids: [0, 3, 1],
    offsets: [0, 2, 3],
    weights: null,
    features: [0, 4],
    combiner: 'sum',
    paddingIdx: -1,
    maxNorm: 0,
  };
  const c = {...valid, ...call};
  return {
    name: `EmbeddingBag/error:${label}`,
    kernel: 'EmbeddingBag',
    tags: ['error', 'embeddingBag'],
    build: () => ({
      inputs: bagInputs(c),
      attrs: bagAttrs(c),
      expected: {error, errorName: 'InvalidArgumentError'},
    }),
  };
}

function bagErrorCases(): KernelCase[] {
  return [
    bagErrorCase('id past the table', {ids: [0, 4, 1]}, 'ids[1] = 4 is not in [0, 4)'),
    bagErrorCase(
        'an id in a table of no rows', {table: f32([0, 2], []), ids: [-1, 0, -1], features: [0, 0]},
        'ids[1] = 0 is not in [0, 0)'),
    bagErrorCase(
        'id past its feature', {features: [0, 2, 2, 2], ids: [0, 1, 2]},
        'ids[2] = 2 is not in [0, 2)'),
    bagErrorCase(
        'offsets not from 0', {offsets: [1, 2, 3]},
        'offsets[0] = 1, but the first bag must start at 0'),
    bagErrorCase(
        'offsets decreasing', {offsets: [0, 3, 2]},
        'offsets must not decrease, but offsets[2] = 2 < offsets[1] = 3'),
    bagErrorCase(
        'offsets past the ids', {offsets: [0, 2, 4]}, 'offsets[2] = 4 is past the end of ids (3)'),
    bagErrorCase(
        'weights of another shape', {weights: [1, 2]},
        'weights must be float32 of the shape of ids [3], got float32 [2]'),
    bagErrorCase(
        'weights with max', {weights: [1, 2, 3], combiner: 'max'},
        'weights are supported with the combiners \'sum\', \'mean\' and \'sqrtn\', not \'max\''),
    bagErrorCase(
        'unknown combiner', {combiner: 'median' as Combiner},
        'combiner must be one of \'sum\', \'mean\', \'sqrtn\' or \'max\', got \'median\''),
    bagErrorCase('negative maxNorm', {maxNorm: -1}, 'maxNorm must be positive, got -1'),
  ];
}

export function embeddingBagCases(): KernelCase[] {
  return [...randomBagCases(), ...bagErrorCases()];
}
