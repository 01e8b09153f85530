/**
 * TensorFlow's `tf.nn.embedding_lookup_sparse` and
 * `tf.nn.safe_embedding_lookup_sparse` (tensorflow/python/ops/
 * embedding_ops.py, TF 2.21), built from this package's sparse ops, so
 * they are differentiable on every backend and, with the package's sparse
 * optimizers, train only the rows they look up.
 *
 * `embeddingLookupSparse` follows TF's code paths: without weights, max norm
 * or partitions it is `sparseSegment{Sum,Mean,SqrtN}(params, ids,
 * indices[:, 0])`; otherwise the rows are gathered (from the partitions, by
 * TF's "div" strategy), clipped to `maxNorm`, weighted, and summed per
 * segment, the mean dividing by the segment's weight sum and sqrtn by the
 * square root of its squared-weight sum (`divNoNan`, as TF). Its output has
 * `indices[nnz - 1, 0] + 1` rows.
 *
 * `safeEmbeddingLookupSparse` reshapes ids of rank > 2 to 2-D, prunes ids
 * < 0 (and weights <= 0 unless the combiner is 'sum'), gives empty rows the
 * embedding of `defaultId` or zeros, and reshapes the result to
 * `[...denseShape.slice(0, -1), D]`. It does this without TF's data-
 * dependent sparse ops, so no float value is read back: pruned entries get
 * weight 0, a row's emptiness is counted on the device, and the sums are
 * `unsortedSegmentSum`s into the rows of the dense shape. Pruned entries and
 * a `defaultId` row no row needs do not count as looked up for the sparse
 * optimizers (TF's lookup of id 0 for empty rows without `defaultId` does).
 *
 * Index values (int32) are read on the host to check them and to work out
 * shapes and partitions; on webgpu only CPU-held values are read (see
 * host_ints.ts), and the `...Async` variants read GPU-resident ones first.
 */
import {cast, concat, equal, gather, greater, greaterEqual, logicalAnd, mul, reshape, scalar, sqrt, square, sum, tensor, tensor1d, tidy, unsortedSegmentSum, util, where} from '@tensorflow/tfjs-core';
import type {Tensor, Tensor1D, TensorLike} from '@tensorflow/tfjs-core';
import {sparse} from '@tensorflow/tfjs-core';

import {InvalidArgumentError} from '../errors';
import {sparseSegmentSqrtN} from '../ops/sparse_segment_sqrt_n';
import {toTensor} from '../ops/op_util';
import {setLookupIndices} from '../training/sparse_grads';

import {clipByNorm, divNoNan, divNoNanBySqrt, stopGradient} from './differentiable';
import {runEmbeddingBag} from './embedding_bag';
import {hostInts} from './host_ints';

/** How the embeddings of a row's ids are combined. */
export type Combiner = 'sum'|'mean'|'sqrtn';

/** A sparse tensor as plain parts (TF's `SparseTensor`). */
export interface SparseTensorInput {
  /** int32 `[nnz, rank]`: the coordinates of each entry, in row-major order. */
  indices: Tensor|TensorLike;
  /** `[nnz]`: the entries (int32 ids, or float32 weights). */
  values: Tensor|TensorLike;
  /** int32 `[rank]`: the dense shape. */
  denseShape: Tensor|TensorLike;
}

/** Options of `embeddingLookupSparse`. */
export interface EmbeddingLookupSparseOptions {
  /** 'mean' (default), 'sqrtn' or 'sum'. */
  combiner?: Combiner;
  /** Each looked-up row is clipped to this L2 norm (TF's `clip_by_norm`). */
  maxNorm?: number;
}

/** Options of `safeEmbeddingLookupSparse`. */
export interface SafeEmbeddingLookupSparseOptions extends EmbeddingLookupSparseOptions {
  /** The id whose embedding empty rows get (default: zeros). */
  defaultId?: number;
}

/** The parts of a lookup call, converted and checked. */
interface Call {
  fn: string;
  asyncFn: string;
  params: Tensor[];
  /** Rows of each partition. */
  sizes: number[];
  rowSize: number;
  ids: Int32Array;
  idsTensor: Tensor1D;
  /** `indices` on the host, `[nnz * rank]`. */
  indices: Int32Array;
  rank: number;
  denseShape: Int32Array;
  weights: Tensor1D|null;
  combiner: Combiner;
  maxNorm?: number;
}

function checkCombiner(combiner: string|undefined): Combiner {
  const c = combiner ?? 'mean';
  if (c !== 'mean' && c !== 'sqrtn' && c !== 'sum') {
    throw new Error(`combiner must be one of 'mean', 'sqrtn' or 'sum', got ${c}`);
  }
  return c;
}

/** Converts and checks the arguments (call it in a tidy). */
function prepare(
    fn: string, asyncFn: string, params: Tensor|Tensor[], spIds: SparseTensorInput,
    spWeights: SparseTensorInput|null|undefined, options: EmbeddingLookupSparseOptions): Call {
  const combiner = checkCombiner(options.combiner);
  const list = (Array.isArray(params) ? params : [
                 params
               ]).map((p, k) => toTensor(p, `params[${k}]`, fn, 'float32'));
  if (list.length === 0) {
    throw new Error('Need at least one param');
  }
  list.forEach((t, k) => {
    if (t.rank !== 2) {
      throw new Error(`${fn}: params must be 2-D [rows, dimension] tensors, but params[${
          k}] has shape [${t.shape}]`);
    }
    if (t.shape[1] !== list[0].shape[1]) {
      throw new Error(`${
          fn}: every partition of params must have the same dimension, but params[0] has shape [${
          list[0].shape}] and params[${k}] has shape [${t.shape}]`);
    }
  });
  const sparseParts = (sp: SparseTensorInput, what: string, dtype: 'int32'|'float32') => {
    const convert = (x: Tensor|TensorLike, name: string, d: 'int32'|'float32') =>
        toTensor(x, `${what}.${name}`, fn, d);
    const indices = convert(sp.indices, 'indices', 'int32');
    const values = convert(sp.values, 'values', dtype);
    const denseShape = convert(sp.denseShape, 'denseShape', 'int32');
    if (indices.rank !== 2 || values.rank !== 1 || denseShape.rank !== 1) {
      throw new Error(
          `${fn}: ${what} must have indices [nnz, rank], values [nnz] and denseShape [rank], got [${
              indices.shape}], [${values.shape}] and [${denseShape.shape}]`);
    }
    if (indices.shape[0] !== values.shape[0]) {
      throw new Error(`Dimensions ${indices.shape[0]} and ${values.shape[0]} are not compatible`);
    }
    if (indices.shape[1] !== denseShape.shape[0]) {
      throw new Error(
          `Dimensions ${indices.shape[1]} and ${denseShape.shape[0]} are not compatible`);
    }
    return {indices, values, denseShape};
  };
  const ids = sparseParts(spIds, 'spIds', 'int32');
  let weights: Tensor1D|null = null;
  if (spWeights != null) {
    const w = sparseParts(spWeights, 'spWeights', 'float32');
    if (w.values.shape[0] !== ids.values.shape[0]) {
      throw new Error(
          `Shapes (${w.values.shape[0]},) and (${ids.values.shape[0]},) are incompatible`);
    }
    if (w.indices.shape.join() !== ids.indices.shape.join()) {
      throw new Error(`Shapes (${w.indices.shape}) and (${ids.indices.shape}) are incompatible`);
    }
    weights = w.values as Tensor1D;
  }
  return {
    fn,
    asyncFn,
    params: list,
    sizes: list.map(p => p.shape[0]),
    rowSize: list[0].shape[1] as number,
    ids: hostInts(ids.values, 'spIds.values', fn, asyncFn),
    idsTensor: ids.values as Tensor1D,
    indices: hostInts(ids.indices, 'spIds.indices', fn, asyncFn),
    rank: ids.indices.shape[1] as number,
    denseShape: hostInts(ids.denseShape, 'spIds.denseShape', fn, asyncFn),
    weights,
    combiner,
    maxNorm: options.maxNorm,
  };
}

/** TF's "div" partitioning of ids over partitions of these sizes. */
function divPartition(id: number, sizes: number[]): {partition: number, local: number} {
  const total = sizes.reduce((a, b) => a + b, 0);
  const np = sizes.length;
  const perPartition = Math.floor(total / np);
  const extras = total % np;
  const floorDiv = (a: number, b: number) => Math.floor(a / b);
  const partition = Math.max(floorDiv(id, perPartition + 1), floorDiv(id - extras, perPartition));
  const local = partition < extras ? id - partition * (perPartition + 1) :
                                     id - extras - partition * perPartition;
  return {partition, local};
}

/**
 * The embeddings of the ids, one row per entry (`[nnz, D]`), clipped to
 * `maxNorm`. `keep[i]` false: entry i's row is read but not looked up
 * (padding; it must be weighted 0). `deviceKeep`: a further mask computed on
 * the device (weights > 0), with the same meaning.
 */
function lookupRows(call: Call, keep: (i: number) => boolean, deviceKeep: Tensor|null): Tensor {
  const {params, sizes, ids, fn} = call;
  const rowsOf = (table: Tensor, local: Int32Array, entries: number[]|null) => {
    const rows = gather(table, tensor1d(local, 'int32'));
    // The slices of this lookup: -1 for entries that are not looked up.
    const looked = Int32Array.from(local, (l, j) => keep(entries?.[j] ?? j) ? l : -1);
    let indices: Tensor = tensor1d(looked, 'int32');
    if (deviceKeep != null) {
      const k = entries == null ? deviceKeep : gather(deviceKeep, tensor1d(entries, 'int32'));
      indices = where(cast(k, 'bool'), indices, scalar(-1, 'int32'));
    }
    setLookupIndices(rows, indices);
    return rows;
  };
  let rows: Tensor;
  if (params.length === 1) {
    ids.forEach((id, i) => {
      if (keep(i) && (id < 0 || id >= sizes[0])) {
        throw new Error(`indices[${i}] = ${id} is not in [0, ${sizes[0]}) [Op:GatherV2]`);
      }
    });
    rows = rowsOf(params[0], Int32Array.from(ids, (id, i) => keep(i) ? id : 0), null);
  } else {
    // dynamic_partition, one gather per partition, dynamic_stitch.
    const parts: number[][] = sizes.map(() => []);
    const locals: number[][] = sizes.map(() => []);
    ids.forEach((id, i) => {
      const {partition, local} = keep(i) ? divPartition(id, sizes) : {partition: 0, local: 0};
      if (partition < 0 || partition >= sizes.length) {
        throw new Error(
            `partitions[${i}] = ${partition} is not in [0, ${sizes.length}) [Op:DynamicPartition]`);
      }
      if (local >= sizes[partition]) {
        throw new Error(`${fn}: the partitions of params do not follow TF's "div" strategy: id ${
            id} falls in row ${local} of params[${partition}], which has ${sizes[partition]} rows`);
      }
      parts[partition].push(i);
      locals[partition].push(local);
    });
    const pieces: Tensor[] = [];
    const order: number[] = [];
    parts.forEach((entries, p) => {
      if (entries.length === 0) return;
      pieces.push(rowsOf(params[p], Int32Array.from(locals[p]), entries));
      order.push(...entries);
    });
    const position = new Int32Array(ids.length);
    order.forEach((entry, k) => position[entry] = k);
    rows = pieces.length === 0 ? tensor([], [0, call.rowSize]) :
                                 gather(concat(pieces), tensor1d(position, 'int32'));
  }
  return call.maxNorm == null ? rows : clipByNorm(rows, call.maxNorm);
}

/** int32 `[n]` 0, 1, ..., n-1, held on the CPU. */
function iota(n: number): Tensor1D {
  return tensor1d(Int32Array.from({length: n}, (_, i) => i), 'int32');
}

/**
 * The bags of entries with these rows (sorted): `offsets[r]` is the first
 * entry of row r, for the `numRows` rows.
 */
function offsetsOf(rowOfEntry: ArrayLike<number>, numRows: number): Int32Array {
  const offsets = new Int32Array(numRows + 1);
  let k = 0;
  for (let r = 0; r <= numRows; r++) {
    while (k < rowOfEntry.length && rowOfEntry[k] < r) k++;
    offsets[r] = k;
  }
  return offsets;
}

/**
 * TF's `embedding_lookup_sparse` of one table on the `EmbeddingBag` kernel:
 * the bags are the rows of `spIds` (TF's sorted segment ids), with TF's
 * checks and messages.
 */
function lookupOneTable(call: Call): Tensor {
  const {ids, indices, rank} = call;
  const n = ids.length;
  const numRows = call.sizes[0];
  const segment = (i: number) => indices[i * rank];
  for (let i = 0; i < n; i++) {
    if (i > 0 && segment(i) < segment(i - 1)) {
      throw new InvalidArgumentError('SparseSegmentSum', 'segment ids are not increasing');
    }
  }
  // TF's errors: the segment op's on its fast path (no weights, no
  // maxNorm), else the gather's.
  const fastPath = call.weights == null && call.maxNorm == null;
  ids.forEach((id, i) => {
    if (id < 0 || id >= numRows) {
      throw fastPath ?
          new InvalidArgumentError(
              'SparseSegmentSum', `Bad: indices[${i}] == ${id} out of range [0, ${numRows})`) :
          new Error(`indices[${i}] = ${id} is not in [0, ${numRows}) [Op:GatherV2]`);
    }
  });
  const numBags = n === 0 ? 0 : segment(n - 1) + 1;
  const offsets = offsetsOf(Int32Array.from({length: n}, (_, i) => segment(i)), numBags);
  return runEmbeddingBag(
      call.params[0], {
        ids: call.idsTensor,
        offsets: tensor1d(offsets, 'int32'),
        weights: call.weights ?? tensor1d([], 'float32'),
        features: tensor1d([0, numRows], 'int32'),
      },
      {combiner: call.combiner, paddingIdx: -1, maxNorm: call.maxNorm ?? 0});
}

/** The embedding of each row of `sp_ids` (TF's `embedding_lookup_sparse`). */
function lookupSparse(call: Call): Tensor {
  if (call.params.length === 1) return lookupOneTable(call);
  const n = call.ids.length;
  const segmentIds =
      tensor1d(Int32Array.from({length: n}, (_, i) => call.indices[i * call.rank]), 'int32');
  const {combiner} = call;
  if (call.weights == null && call.params.length === 1 && call.maxNorm == null) {
    // TF's fast path: the sparse segment op reads the table directly.
    const [table] = call.params;
    return combiner === 'sum' ? sparse.sparseSegmentSum(table, call.idsTensor, segmentIds) :
        combiner === 'mean'   ? sparse.sparseSegmentMean(table, call.idsTensor, segmentIds) :
                                sparseSegmentSqrtN(table, call.idsTensor, segmentIds);
  }
  const rows = lookupRows(call, () => true, null);
  const all = iota(n);
  if (call.weights == null) {
    return combiner === 'sum' ? sparse.sparseSegmentSum(rows, all, segmentIds) :
        combiner === 'mean'   ? sparse.sparseSegmentMean(rows, all, segmentIds) :
                                sparseSegmentSqrtN(rows, all, segmentIds);
  }
  const w = reshape(call.weights, [n, 1]);
  const total = sparse.sparseSegmentSum(mul(rows, w), all, segmentIds);
  if (combiner === 'sum') return total;
  const weightSum = sparse.sparseSegmentSum(combiner === 'mean' ? w : square(w), all, segmentIds);
  return divNoNan(total, combiner === 'mean' ? weightSum : sqrt(weightSum));
}

/**
 * Looks up and combines the embeddings of each row of a sparse tensor of
 * ids: TensorFlow's `tf.nn.embedding_lookup_sparse` (TF 2.21).
 *
 * Row r of the result combines the rows `params[id]` of the entries of row
 * r of `spIds` (`indices[:, 0] == r`), each times its weight in
 * `spWeights` (1 without): their sum ('sum'), weighted mean ('mean') or sum
 * divided by the square root of the sum of squared weights ('sqrtn').
 * Differentiable with respect to `params` (and the weights); with the
 * package's sparse optimizers a step updates only the looked-up rows.
 *
 * ```js
 * const params = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
 * const ids = {indices: [[0, 0], [0, 1], [2, 0]], values: [0, 2, 1], denseShape: [3, 2]};
 * tfSparseGrad.embeddingLookupSparse(params, ids).print();
 * // [[3, 4], [0, 0], [3, 4]]   (row 1 has no ids)
 * ```
 *
 * @param params The embedding table `[V, D]` (float32), or a list of its
 *     partitions along axis 0 as TF's "div" strategy splits it.
 * @param spIds int32 ids as a sparse tensor `{indices, values, denseShape}`,
 *     in row-major order (`indices[:, 0]` sorted), every id in `[0, V)`.
 * @param spWeights Optional float32 weights with the same indices, or null.
 * @param options `combiner` ('mean' default, 'sqrtn', 'sum') and `maxNorm`.
 * @returns float32 `[indices[nnz - 1, 0] + 1, D]`: rows without ids (also
 *     trailing ones before the last) are zeros.
 * @throws Error with TF's text for a bad combiner, ids out of range
 *     (`Bad: indices[1] == 10 out of range [0, 10)`, or from the gather
 *     `indices[1] = 10 is not in [0, 10)`), unsorted rows (`segment ids are
 *     not increasing`), mismatched lengths; a clear error for params that are
 *     not 2-D or partitions of different widths.
 */
export function embeddingLookupSparse(
    params: Tensor|Tensor[], spIds: SparseTensorInput, spWeights?: SparseTensorInput|null,
    options: EmbeddingLookupSparseOptions = {}): Tensor {
  return tidy(
      () => lookupSparse(prepare(
          'embeddingLookupSparse', 'embeddingLookupSparseAsync', params, spIds, spWeights,
          options)));
}

/**
 * `safe_embedding_lookup_sparse` of one table on the `EmbeddingBag`
 * kernel: a bag per row of the dense shape (its leading coordinates), its
 * entries in order; ids < 0 are padding, and so are entries of weight <= 0
 * (but for 'sum'), marked on the device.
 */
function safeLookupOneTable(
    call: Call, row: Int32Array, numRows: number, weightValid: Tensor|null): Tensor {
  const n = row.length;
  // Entries by row, each row's in input order (a stable counting sort).
  let order: Int32Array|null = null;
  for (let i = 1; i < n && order == null; i++) {
    if (row[i] < row[i - 1]) {
      const counts = new Int32Array(numRows + 1);
      row.forEach(r => counts[r + 1]++);
      for (let r = 0; r < numRows; r++) counts[r + 1] += counts[r];
      order = new Int32Array(n);
      row.forEach((r, k) => order![counts[r]++] = k);
    }
  }
  const sortedRow = order == null ? row : Int32Array.from(order, k => row[k]);
  const numTableRows = call.sizes[0];
  call.ids.forEach((id, i) => {
    if (id >= numTableRows) {
      throw new Error(`indices[${i}] = ${id} is not in [0, ${numTableRows}) [Op:GatherV2]`);
    }
  });
  const permute = (t: Tensor) => order == null ? t : gather(t, tensor1d(order, 'int32'));
  let ids: Tensor = permute(call.idsTensor);
  if (weightValid != null) ids = where(permute(weightValid), ids, scalar(-1, 'int32'));
  return runEmbeddingBag(
      call.params[0], {
        ids,
        offsets: tensor1d(offsetsOf(sortedRow, numRows), 'int32'),
        weights: call.weights == null ? tensor1d([], 'float32') : permute(call.weights),
        features: tensor1d([0, numTableRows], 'int32'),
      },
      {combiner: call.combiner, paddingIdx: -1, maxNorm: call.maxNorm ?? 0});
}

/** `safe_embedding_lookup_sparse` on the device (see the module comment). */
function safeLookup(call: Call, defaultId: number|undefined): Tensor {
  const {denseShape, rank, indices, ids, combiner} = call;
  if (rank < 1) {
    throw new Error(`${call.fn}: spIds must have rank >= 1`);
  }
  if (defaultId != null) {
    const total = call.sizes.reduce((a, b) => a + b, 0);
    if (!Number.isInteger(defaultId) || defaultId < 0 || defaultId >= total) {
      throw new Error(`${call.fn}: defaultId ${defaultId} is not in [0, ${total})`);
    }
  }
  const outer = Array.from(denseShape.slice(0, rank - 1));
  const numRows = util.sizeFromShape(outer);
  const n = ids.length;
  // The row of each entry: its leading coordinates, linearized.
  const row = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let d = 0; d < rank - 1; d++) r = r * outer[d] + indices[i * rank + d];
    row[i] = r;
  }
  const idValid = (i: number) => ids[i] >= 0;
  // Weights <= 0 are pruned too, except for 'sum' (on the device).
  const weightValid =
      call.weights != null && combiner !== 'sum' ? greater(stopGradient(call.weights), 0) : null;
  const valid = weightValid == null ? tensor1d(Uint8Array.from(ids, v => v >= 0 ? 1 : 0), 'bool') :
                                      logicalAnd(weightValid, greaterEqual(call.idsTensor, 0));
  const segments = tensor1d(row, 'int32');
  let combined: Tensor;
  if (call.params.length === 1) {
    combined = safeLookupOneTable(call, row, numRows, weightValid);
  } else {
    const rows = lookupRows(call, idValid, weightValid);
    const w = mul(cast(valid, 'float32'), call.weights ?? 1);
    const total = unsortedSegmentSum(mul(rows, reshape(w, [n, 1])), segments, numRows);
    combined = total;
    if (combiner !== 'sum') {
      // A row whose entries were all pruned divides by 0: its value is set
      // below, and it passes no gradient (TF drops such entries instead).
      const denominator = reshape(
          unsortedSegmentSum(combiner === 'mean' ? w : square(w), segments, numRows), [numRows, 1]);
      combined =
          combiner === 'mean' ? divNoNan(total, denominator) : divNoNanBySqrt(total, denominator);
    }
  }
  if (defaultId != null) {
    const entries = unsortedSegmentSum(cast(valid, 'int32'), segments, numRows);
    const empty = reshape(equal(entries, 0), [numRows, 1]);
    const anyEmpty = greater(sum(cast(empty, 'int32')), 0);
    // The default row (clipped like every looked-up row); it is looked up
    // only when some row is empty.
    const defaultCall: Call = {...call, ids: Int32Array.of(defaultId), weights: null};
    const defaultRow = lookupRows(defaultCall, () => true, reshape(anyEmpty, [1]));
    combined = where(empty, defaultRow, combined);
  }
  return reshape(combined, [...outer, call.rowSize]);
}

/**
 * TensorFlow's `tf.nn.safe_embedding_lookup_sparse` (TF 2.21): like
 * {@link embeddingLookupSparse}, for ids of any rank >= 2, with invalid
 * entries pruned (ids < 0; weights <= 0 unless the combiner is 'sum') and
 * empty rows given the embedding of `defaultId`, or zeros.
 *
 * ```js
 * const params = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
 * const ids = {indices: [[0, 0], [0, 1], [2, 0]], values: [0, -1, 1], denseShape: [4, 2]};
 * tfSparseGrad.safeEmbeddingLookupSparse(params, ids, null, {defaultId: 2}).print();
 * // [[1, 2], [5, 6], [3, 4], [5, 6]]
 * ```
 *
 * @param params The embedding table `[V, D]` (float32), or its partitions
 *     ("div" strategy).
 * @param spIds int32 ids `{indices [nnz, rank], values [nnz], denseShape
 *     [rank]}`, rank >= 2; ids < 0 are ignored.
 * @param spWeights Optional float32 weights with the same indices, or null.
 * @param options `combiner` ('mean' default), `defaultId`, `maxNorm`.
 * @returns float32 `[...denseShape.slice(0, -1), D]`.
 * @throws Error with TF's text for a bad combiner, ids past the table
 *     (`indices[1] = 10 is not in [0, 10)`), mismatched lengths; a clear
 *     error for a bad `defaultId`, params that are not 2-D or partitions of
 *     different widths.
 */
export function safeEmbeddingLookupSparse(
    params: Tensor|Tensor[], spIds: SparseTensorInput, spWeights?: SparseTensorInput|null,
    options: SafeEmbeddingLookupSparseOptions = {}): Tensor {
  return tidy(
      () => safeLookup(
          prepare(
              'safeEmbeddingLookupSparse', 'safeEmbeddingLookupSparseAsync', params, spIds,
              spWeights, options),
          options.defaultId));
}

/** The int32 parts of a sparse input, read back so the sync function can use them. */
async function readIndexParts(sp: SparseTensorInput): Promise<void> {
  for (const part of [sp.indices, sp.values, sp.denseShape]) {
    const t = part as Tensor;
    if (t != null && typeof t === 'object' && 'dataId' in t && t.dtype === 'int32') {
      await t.data();
    }
  }
}

/**
 * {@link embeddingLookupSparse} for ids that live on the GPU (webgpu): reads
 * the int32 ids and indices back asynchronously first (never the floats).
 *
 * ```js
 * const out = await tfSparseGrad.embeddingLookupSparseAsync(params, ids);
 * ```
 *
 * @param params The embedding table or its partitions.
 * @param spIds int32 ids as a sparse tensor.
 * @param spWeights Optional float32 weights, or null.
 * @param options `combiner` and `maxNorm`.
 * @returns As {@link embeddingLookupSparse}.
 * @throws As {@link embeddingLookupSparse}.
 */
export async function embeddingLookupSparseAsync(
    params: Tensor|Tensor[], spIds: SparseTensorInput, spWeights?: SparseTensorInput|null,
    options: EmbeddingLookupSparseOptions = {}): Promise<Tensor> {
  await readIndexParts(spIds);
  return embeddingLookupSparse(params, spIds, spWeights, options);
}

/**
 * {@link safeEmbeddingLookupSparse} for ids that live on the GPU (webgpu):
 * reads the int32 ids and indices back asynchronously first.
 *
 * ```js
 * const out = await tfSparseGrad.safeEmbeddingLookupSparseAsync(params, ids);
 * ```
 *
 * @param params The embedding table or its partitions.
 * @param spIds int32 ids as a sparse tensor.
 * @param spWeights Optional float32 weights, or null.
 * @param options `combiner`, `defaultId` and `maxNorm`.
 * @returns As {@link safeEmbeddingLookupSparse}.
 * @throws As {@link safeEmbeddingLookupSparse}.
 */
export async function safeEmbeddingLookupSparseAsync(
    params: Tensor|Tensor[], spIds: SparseTensorInput, spWeights?: SparseTensorInput|null,
    options: SafeEmbeddingLookupSparseOptions = {}): Promise<Tensor> {
  await readIndexParts(spIds);
  return safeEmbeddingLookupSparse(params, spIds, spWeights, options);
}
