/**
 * Validation of the `EmbeddingBag` and `EmbeddingBagGrad` kernels, shared by
 * every backend, with messages in TensorFlow's style (the op name after the
 * text). The semantics are PyTorch's `torch.nn.functional.embedding_bag`
 * (aten/src/ATen/native/EmbeddingBag.cpp), with TensorFlow's weighted mean
 * and sqrtn (`embedding_lookup_sparse`) and `clip_by_norm` for `maxNorm`.
 */
import type {NamedAttrMap, NamedTensorInfoMap, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';

import {InvalidArgumentError, shapeString} from '../errors';
import {kernelInputs, OpName, OPS} from '../op_registry';

/** How the embeddings of a bag's ids are combined. */
export type BagCombiner = 'sum'|'mean'|'sqrtn'|'max';

/** The combiners, as `combiner` names them. */
export const BAG_COMBINERS: readonly BagCombiner[] = ['sum', 'mean', 'sqrtn', 'max'];

/** The attributes of both kernels. */
export interface BagAttrs {
  combiner: BagCombiner;
  /** A (feature-local) id that is padding, besides every negative id; -1 for none. */
  paddingIdx: number;
  /** Each looked-up row is clipped to this L2 norm; 0 for none. */
  maxNorm: number;
}

/** A checked call of either kernel. */
export interface BagCall extends BagAttrs {
  table: TensorInfo;
  ids: TensorInfo;
  offsets: TensorInfo;
  /** float32 `[N]`, or null (`weights` of shape `[0]`: every weight 1). */
  weights: TensorInfo|null;
  features: TensorInfo;
  /** V: rows of the table. */
  numRows: number;
  /** D: the row width. */
  rowSize: number;
  /** N: ids. */
  numIds: number;
  /** B: bags. */
  numBags: number;
  /** F: features (tables in the table); bag k belongs to feature k % F. */
  numFeatures: number;
}

/** Throws unless `combiner` is one of the four. */
export function checkCombiner(op: string, combiner: unknown): BagCombiner {
  if (!(BAG_COMBINERS as readonly unknown[]).includes(combiner)) {
    throw new InvalidArgumentError(
        op, `combiner must be one of 'sum', 'mean', 'sqrtn' or 'max', got '${String(combiner)}'`);
  }
  return combiner as BagCombiner;
}

/** The attributes of a kernel call, checked. */
export function checkBagAttrs(op: string, attrs: NamedAttrMap|undefined): BagAttrs {
  const combiner = checkCombiner(op, attrs?.combiner);
  const paddingIdx = Number(attrs?.paddingIdx ?? -1);
  const maxNorm = Number(attrs?.maxNorm ?? 0);
  if (!Number.isInteger(paddingIdx)) {
    throw new InvalidArgumentError(op, `paddingIdx must be an integer, got ${attrs?.paddingIdx}`);
  }
  if (!(maxNorm >= 0) || !Number.isFinite(maxNorm)) {
    throw new InvalidArgumentError(op, `maxNorm must be positive, got ${attrs?.maxNorm}`);
  }
  return {combiner, paddingIdx, maxNorm};
}

/** Checks dtypes and shapes of a call of `op` (`EmbeddingBag` or `EmbeddingBagGrad`). */
export function checkBagCall(
    op: OpName, inputs: NamedTensorInfoMap, attrs: NamedAttrMap|undefined): BagCall {
  const names: readonly string[] = OPS[op].inputs;
  const values = kernelInputs(op, inputs);
  const [table, ids, offsets, weights, features] =
      ['table', 'ids', 'offsets', 'weights', 'features'].map(name => values[names.indexOf(name)]);
  const attributes = checkBagAttrs(op, attrs);
  if (table.dtype !== 'float32' || table.shape.length !== 2) {
    throw new InvalidArgumentError(
        op,
        `table must be a 2-D float32 tensor [rows, dimension], got ${table.dtype} ${
            shapeString(table.shape)}`);
  }
  if (ids.dtype !== 'int32' || ids.shape.length !== 1) {
    throw new InvalidArgumentError(
        op, `ids must be a 1-D int32 tensor, got ${ids.dtype} ${shapeString(ids.shape)}`);
  }
  if (offsets.dtype !== 'int32' || offsets.shape.length !== 1 || offsets.shape[0] < 1) {
    throw new InvalidArgumentError(
        op,
        `offsets must be a 1-D int32 tensor [bags + 1], got ${offsets.dtype} ${
            shapeString(offsets.shape)}`);
  }
  const numIds = ids.shape[0];
  if (weights.dtype !== 'float32' ||
      (weights.shape.join() !== `${numIds}` && weights.shape.join() !== '0')) {
    throw new InvalidArgumentError(op, `weights must be float32 of the shape of ids ${shapeString([
                                     numIds
                                   ])}, got ${weights.dtype} ${shapeString(weights.shape)}`);
  }
  const weighted = weights.shape[0] === numIds && numIds > 0;
  if (weighted && attributes.combiner === 'max') {
    throw new InvalidArgumentError(
        op,
        'weights are supported with the combiners \'sum\', \'mean\' and \'sqrtn\', not \'max\'');
  }
  if (features.dtype !== 'int32' || features.shape.length !== 1 || features.shape[0] < 2 ||
      features.shape[0] % 2 !== 0) {
    throw new InvalidArgumentError(
        op, `features must be int32 [2 * features], got ${shapeString(features.shape)}`);
  }
  return {
    ...attributes,
    table,
    ids,
    offsets,
    weights: weighted ? weights : null,
    features,
    numRows: table.shape[0],
    rowSize: table.shape[1],
    numIds,
    numBags: offsets.shape[0] - 1,
    numFeatures: features.shape[0] / 2,
  };
}

/**
 * Checks the index values and returns the table row of each id (-1 for
 * padding: a negative id, or `paddingIdx`): offsets start at 0, never
 * decrease and end within the ids; each other id of bag k lies in its
 * feature's rows (`features[2f + 1]` rows from `features[2f]`, f = k % F).
 */
export function checkBagIndices(
    op: string, call: Pick<BagCall, 'numRows'|'numIds'|'numBags'|'numFeatures'|'paddingIdx'>,
    ids: TypedArray, offsets: TypedArray, features: TypedArray): Int32Array {
  const {numIds, numBags, numFeatures, paddingIdx} = call;
  if (offsets[0] !== 0) {
    throw new InvalidArgumentError(
        op, `offsets[0] = ${offsets[0]}, but the first bag must start at 0`);
  }
  for (let b = 1; b <= numBags; b++) {
    if (offsets[b] > numIds) {
      throw new InvalidArgumentError(
          op, `offsets[${b}] = ${offsets[b]} is past the end of ids (${numIds})`);
    }
    if (offsets[b] < offsets[b - 1]) {
      throw new InvalidArgumentError(
          op,
          `offsets must not decrease, but offsets[${b}] = ${offsets[b]} < offsets[${b - 1}] = ${
              offsets[b - 1]}`);
    }
  }
  for (let f = 0; f < numFeatures; f++) {
    const start = features[2 * f];
    const size = features[2 * f + 1];
    if (start < 0 || size < 0 || start + size > call.numRows) {
      throw new InvalidArgumentError(
          op,
          `feature ${f} has rows [${start}, ${start + size}), not in the table's ${call.numRows}`);
    }
  }
  const rows = new Int32Array(numIds).fill(-1);
  for (let b = 0; b < numBags; b++) {
    const f = b % numFeatures;
    const start = features[2 * f];
    const size = features[2 * f + 1];
    for (let k = offsets[b]; k < offsets[b + 1]; k++) {
      const id = ids[k];
      if (id < 0 || id === paddingIdx) continue;
      if (id >= size) {
        throw new InvalidArgumentError(op, `ids[${k}] = ${id} is not in [0, ${size})`);
      }
      rows[k] = start + id;
    }
  }
  return rows;
}
