/**
 * The embedding-bag computation of the `EmbeddingBag` layer: for each row of
 * a padded `[batch, L]` tensor of ids (ids < 0 are padding), the sum, mean
 * or sqrtn combination of the rows of the table it names, optionally
 * weighted. It is a gather, a weighted sum over the row and a division, so
 * it runs on every backend without reading ids back, and a row of padding
 * gives zeros. For the sparse optimizers, padding is not looked up.
 */
import {cast, expandDims, gather, greaterEqual, mul, scalar, square, sum, tidy, where} from '@tensorflow/tfjs-core';
import type {Tensor} from '@tensorflow/tfjs-core';

import {InvalidArgumentError} from '../errors';
import {shouldValidate} from '../flags';
import {setLookupIndices} from '../training/sparse_grads';

import type {Combiner} from './embedding_lookup_sparse';
import {divNoNan, divNoNanBySqrt} from './differentiable';
import {hostIntsIfCheap} from './host_ints';

/**
 * Combines the embeddings of each row of `ids`: `table` `[V, D]`, `ids`
 * `[batch, L]` (int32, or float32 holding integers; < 0 is padding),
 * optional `weights` `[batch, L]`. Returns `[batch, D]`: the weighted sum
 * ('sum'), the weighted mean ('mean', divided by the sum of the row's
 * weights) or the weighted sum divided by the square root of the sum of
 * squared weights ('sqrtn'); zeros for a row of padding.
 */
export function embeddingBag(
    table: Tensor, ids: Tensor, weights: Tensor|null, combiner: Combiner): Tensor {
  if (ids.rank !== 2) {
    throw new Error(`EmbeddingBag expects ids of shape [batch, length], got [${ids.shape}]`);
  }
  if (weights != null && weights.shape.join() !== ids.shape.join()) {
    throw new Error(
        `EmbeddingBag expects weights of the ids' shape [${ids.shape}], got [${weights.shape}]`);
  }
  return tidy(() => {
    const intIds = ids.dtype === 'int32' ? ids : cast(ids, 'int32');
    checkIds(intIds, table.shape[0]);
    const valid = greaterEqual(intIds, 0);
    const rows = gather(table, where(valid, intIds, scalar(0, 'int32')));
    setLookupIndices(rows, where(valid, intIds, scalar(-1, 'int32')));
    let w = cast(valid, 'float32');
    if (weights != null) w = mul(w, weights);
    const total = sum(mul(rows, expandDims(w, -1)), 1);
    if (combiner === 'sum') return total;
    const denominator = sum(combiner === 'mean' ? w : square(w), 1, true);
    return combiner === 'mean' ? divNoNan(total, denominator) : divNoNanBySqrt(total, denominator);
  });
}

/** Rejects ids past the table where they can be read without a GPU readback of floats. */
function checkIds(ids: Tensor, numRows: number): void {
  if (!shouldValidate()) return;
  const values = hostIntsIfCheap(ids);
  if (values == null) return;
  for (let i = 0; i < values.length; i++) {
    if (values[i] >= numRows) {
      throw new InvalidArgumentError(
          'EmbeddingBag', `ids[${i}] = ${values[i]} is not in [0, ${numRows})`);
    }
  }
}
