/**
 * `embeddingBag`: PyTorch's `torch.nn.functional.embedding_bag` on the
 * package's `EmbeddingBag` kernel, which reduces each bag in one pass on
 * every backend (no `[B, L, D]` gather). Its gradient is the kernel
 * `EmbeddingBagGrad`: under the sparse optimizers the table gets
 * `IndexedSlices` (one row per id), never a `[V, D]` tensor.
 */
import {cast, concat, engine, equal, floor, greaterEqual, less, logicalAnd, reshape, scalar, tensor, tensor1d, tidy, util, where} from '@tensorflow/tfjs-core';
import type {Tensor, Tensor1D, TensorLike} from '@tensorflow/tfjs-core';

import {InvalidArgumentError} from '../errors';
import {EmbeddingBag, EmbeddingBagGrad} from '../kernel_names';
import {isTensor, toTensor} from '../ops/op_util';
import {setLookupSlices} from '../training/sparse_grads';
import {BagCombiner, checkCombiner} from '../validation/embedding_bag';

import {heldValues} from './host_ints';

export type{BagCombiner} from '../validation/embedding_bag';

/** Options of `embeddingBag` (PyTorch's `embedding_bag` arguments, in camelCase). */
export interface EmbeddingBagOptions {
  /**
   * With 1-D `ids`: where each bag starts, int32 `[B]` (or `[B + 1]` with
   * `includeLastOffset`): bag b is `ids[offsets[b]]` .. `ids[offsets[b + 1] - 1]`,
   * the last one running to the end of `ids`. Not with 2-D `ids`.
   */
  offsets?: Tensor|TensorLike;
  /** `offsets` has B + 1 entries, the last the end of the last bag. */
  includeLastOffset?: boolean;
  /**
   * float32 weights of the shape of `ids`: with 'sum' PyTorch's
   * `per_sample_weights`; with 'mean' and 'sqrtn' TensorFlow's
   * `embedding_lookup_sparse` weights (divided by the bag's weight sum, or
   * the square root of its squared-weight sum). Not with 'max'.
   */
  weights?: Tensor|TensorLike|null;
  /** 'mean' (default), 'sum', 'sqrtn' or 'max'. */
  combiner?: BagCombiner;
  /**
   * An id that is padding (besides every negative id): no part in any bag,
   * no gradient. In [-V, V - 1]; a negative value counts from the end (-1 is
   * row V - 1), as PyTorch's `padding_idx`.
   */
  paddingIdx?: number;
  /**
   * Each looked-up row is clipped to this L2 norm before it is combined
   * (TensorFlow's `clip_by_norm`; the table is not changed). > 0.
   */
  maxNorm?: number;
}

/**
 * The kernels' attributes from the options, checked, for a table of
 * `numRows` rows. A negative `paddingIdx` counts from the end, as PyTorch's
 * `padding_idx` (-1 is the last row); the kernel gets the row, or -1 for none.
 */
export function bagAttrs(op: string, options: EmbeddingBagOptions, numRows: number):
    {combiner: BagCombiner, paddingIdx: number, maxNorm: number} {
  const combiner = checkCombiner(op, options.combiner ?? 'mean');
  let paddingIdx = -1;
  if (options.paddingIdx != null) {
    const given = options.paddingIdx;
    // PyTorch's check (torch/nn/functional.py, embedding_bag).
    if (!Number.isInteger(given) || given < -numRows || given >= numRows) {
      throw new InvalidArgumentError(
          op,
          `paddingIdx must be an integer within the number of embeddings, ${- numRows} through ${
              numRows - 1}, got ${given}`);
    }
    paddingIdx = given < 0 ? numRows + given : given;
  }
  if (options.maxNorm != null && !(options.maxNorm > 0 && Number.isFinite(options.maxNorm))) {
    throw new InvalidArgumentError(op, `maxNorm must be a positive number, got ${options.maxNorm}`);
  }
  return {combiner, paddingIdx, maxNorm: options.maxNorm ?? 0};
}

/**
 * Ids as int32. Float ids (a tfjs layer's input is float32) must hold
 * integers: NaN, 0.5 or 2^32 + 2 are rejected, not cast into some row. When
 * their values are on the host they are checked there; on the GPU a
 * non-integer becomes an id past every table (int32 max), which the kernel
 * rejects (on webgpu it poisons and reports it).
 */
export function int32Ids(op: string, ids: Tensor): Tensor {
  if (ids.dtype === 'int32') return ids;
  if (ids.dtype !== 'float32') {
    throw new InvalidArgumentError(op, `ids must be int32 (or float32 integers), got ${ids.dtype}`);
  }
  const values = heldValues(ids);
  if (values != null) {
    checkInt32Values(op, 'ids', values);
    return tensor(Int32Array.from(values), ids.shape, 'int32');
  }
  return tidy(() => {
    const isInteger = logicalAnd(
        equal(floor(ids), ids), logicalAnd(greaterEqual(ids, -(2 ** 31)), less(ids, 2 ** 31)));
    return where(isInteger, cast(ids, 'int32'), scalar(2 ** 31 - 1, 'int32'));
  });
}

/** Throws unless every value is an integer in the int32 range. */
function checkInt32Values(op: string, name: string, values: ArrayLike<unknown>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) {
      throw new InvalidArgumentError(op, `${name}[${i}] = ${String(v)} is not an int32 integer`);
    }
  }
}

/**
 * An int32 tensor from `x`: an int32 tensor as it is, float32 tensors
 * holding integers (`ids` only; see `int32Ids`), or JS integers.
 */
function int32Tensor(op: string, name: 'ids'|'offsets', x: Tensor|TensorLike): Tensor {
  if (isTensor(x)) {
    if (name === 'ids') return int32Ids(op, x);
    if (x.dtype !== 'int32') {
      throw new InvalidArgumentError(
          op, `${name} must be an int32 tensor, got ${x.dtype} [${x.shape}]`);
    }
    return x;
  }
  checkInt32Values(op, name, util.flatten(x as number[]) as unknown[]);
  return tensor(x as number[], undefined, 'int32');
}

/** `ids` as an int32 tensor: a tensor (see `int32Ids`), or JS integers. */
export function idsTensor(op: string, ids: Tensor|TensorLike): Tensor {
  return int32Tensor(op, 'ids', ids);
}

/**
 * The kernel's inputs for `ids` (and options): flat ids `[N]`, offsets
 * `[B + 1]` and flat weights `[N]` (`[0]` without weights).
 */
export function bagInputs(op: string, ids: Tensor, options: EmbeddingBagOptions):
    {ids: Tensor1D, offsets: Tensor1D, weights: Tensor1D, numBags: number} {
  let flatIds: Tensor1D;
  let offsets: Tensor1D;
  let numBags: number;
  if (ids.rank === 2) {
    if (options.offsets != null) {
      throw new InvalidArgumentError(op, 'offsets must not be given with 2-D ids [bags, length]');
    }
    const [b, l] = ids.shape;
    numBags = b;
    flatIds = reshape(ids, [b * l]);
    offsets = tensor1d(Int32Array.from({length: b + 1}, (_, k) => k * l), 'int32');
  } else if (ids.rank === 1) {
    if (options.offsets == null) {
      throw new InvalidArgumentError(
          op, 'offsets are needed with 1-D ids (or give ids as a 2-D [bags, length] tensor)');
    }
    const given = int32Tensor(op, 'offsets', options.offsets);
    if (given.rank !== 1) {
      throw new InvalidArgumentError(
          op, `offsets must be a 1-D int32 tensor, got ${given.dtype} [${given.shape}]`);
    }
    flatIds = ids as Tensor1D;
    if (options.includeLastOffset) {
      if (given.size === 0) {
        throw new InvalidArgumentError(
            op, 'with includeLastOffset, offsets needs at least 1 entry');
      }
      offsets = given as Tensor1D;
    } else if (given.size === 0) {
      offsets = tensor1d([0], 'int32');  // no bags, as PyTorch: the ids are in none
    } else {
      offsets = concat([given as Tensor1D, tensor1d([ids.shape[0]], 'int32')]);
    }
    numBags = offsets.shape[0] - 1;
  } else {
    throw new InvalidArgumentError(
        op, `ids must be 1-D (with offsets) or 2-D [bags, length], got shape [${ids.shape}]`);
  }
  let weights: Tensor1D;
  if (options.weights != null) {
    const w =
        isTensor(options.weights) ? options.weights : tensor(options.weights, undefined, 'float32');
    if (w.dtype !== 'float32' || !util.arraysEqual(w.shape, ids.shape)) {
      throw new InvalidArgumentError(
          op,
          `weights must be float32 of the shape of ids [${ids.shape}], got ${w.dtype} [${
              w.shape}]`);
    }
    weights = reshape(w, [flatIds.shape[0]]);
  } else {
    weights = tensor1d([], 'float32');
  }
  return {ids: flatIds, offsets, weights, numBags};
}

/**
 * Runs the `EmbeddingBag` kernel and, inside a sparse optimizer's step,
 * tells it how the table's slices come (`EmbeddingBagGrad`).
 */
export function runEmbeddingBag(
    table: Tensor, inputs: {ids: Tensor, offsets: Tensor, weights: Tensor, features: Tensor},
    attrs: {combiner: BagCombiner, paddingIdx: number, maxNorm: number}): Tensor {
  const [out, argmax] =
      engine().runKernel(EmbeddingBag, {table, ...inputs} as never, attrs as never) as Tensor[];
  const {ids, offsets, weights, features} = inputs;
  setLookupSlices(
      out, 'table', [table, ids, offsets, weights, features, out, argmax],
      (dy, [t, i, o, w, f, y, a]) => {
        const [values, indices, dWeights] =
            engine().runKernel(
                EmbeddingBagGrad,
                {dy, table: t, ids: i, offsets: o, weights: w, features: f, output: y, argmax: a},
                {...attrs, weightGrad: false}) as Tensor[];
        dWeights.dispose();
        return {indices: indices as Tensor1D, values};
      });
  argmax.dispose();
  return out;
}

/**
 * Combines the embeddings of each bag of ids: PyTorch's
 * `torch.nn.functional.embedding_bag` (`F.embedding_bag(ids, table,
 * offsets, ...)`), in one kernel on every backend.
 *
 * ```js
 * const table = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
 * // Two bags of 2 ids; -1 pads.
 * tfSparseGrad.embeddingBag(table, tf.tensor2d([[0, 2], [1, -1]], [2, 2], 'int32')).print();
 * // [[3, 4], [3, 4]]
 * // Variable-length bags: ids [N] and where each bag starts.
 * tfSparseGrad.embeddingBag(table, [0, 2, 1], {offsets: [0, 2], combiner: 'sum'}).print();
 * // [[6, 8], [3, 4]]
 * ```
 *
 * @param table float32 `[V, D]`.
 * @param ids int32 `[B, L]` (B bags of L ids), or `[N]` with `offsets`.
 *     Negative ids and `paddingIdx` are padding: no part in any bag, no
 *     gradient ('mean' divides by the number of other ids). Float32 ids
 *     must hold integers.
 * @param options `offsets`, `includeLastOffset`, `weights`, `combiner`
 *     ('mean' default, 'sum', 'sqrtn', 'max'), `paddingIdx`, `maxNorm`.
 * @returns float32 `[B, D]`; an empty bag (or one of padding) gives zeros.
 * @throws InvalidArgumentError for ids past the table or not integers,
 *     offsets that do not start at 0, decrease or pass the end of ids,
 *     weights of another shape or dtype (or with 'max'), a table that is
 *     not 2-D float32, a `paddingIdx` past the table, an unknown combiner.
 */
export function embeddingBag(
    table: Tensor, ids: Tensor|TensorLike, options: EmbeddingBagOptions|null = {}): Tensor {
  const op = EmbeddingBag;
  const opts = options ?? {};
  return tidy(() => {
    const $table = toTensor(table, 'table', op);
    if ($table.rank !== 2 || $table.dtype !== 'float32') {
      throw new InvalidArgumentError(
          op,
          `table must be a 2-D float32 tensor [rows, dimension], got ${$table.dtype} [${
              $table.shape}]`);
    }
    const attrs = bagAttrs(op, opts, $table.shape[0]);
    const $ids = idsTensor(op, ids);
    const inputs = bagInputs(op, $ids, opts);
    const features = tensor1d([0, $table.shape[0]], 'int32');
    return runEmbeddingBag($table, {...inputs, features}, attrs);
  });
}
