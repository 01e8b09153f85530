/**
 * The arithmetic of `EmbeddingBag` and `EmbeddingBagGrad` on typed arrays:
 * one pass per bag, forward and backward, as PyTorch's embedding_bag
 * kernels do (aten/src/ATen/native/EmbeddingBag.cpp), never a `[N, D]`
 * gather of the table in the forward pass.
 *
 * Every backend computes the same float32 operations in the same order
 * (the GPU programs in shaders/ spell them out alike), so results agree bit
 * for bit where the device rounds each operation (no fused multiply-add):
 *
 * - a looked-up row, clipped to `maxNorm` as TensorFlow's `clip_by_norm`
 *   does: `v = (t * maxNorm) / m`, m = max(||t||, maxNorm), ||t|| the
 *   square root of the sum of squares added in column order;
 * - 'sum': `acc += w * v` in bag order; 'mean': that sum divided by the
 *   bag's weight sum (its count without weights); 'sqrtn': divided by the
 *   square root of its sum of squared weights; 0 where that is 0 (an empty
 *   bag, TensorFlow's div_no_nan); 'max': per column the largest v, the
 *   first in bag order on ties (its position is kept for the gradient);
 *   an empty bag gives zeros;
 * - the gradient row of id k in bag b: 'sum' `w * dy[b]`, 'mean'
 *   `(w * dy[b]) / den`, 'sqrtn' `(w * dy[b]) / sqrt(den)`, 'max' `dy[b]`
 *   in the columns k gave; then back through the clip when it clipped:
 *   `s * g - t * ((s * (t . g)) / (n * n))`, s = maxNorm / n;
 * - the weight gradient of id k: 'sum' `v . dy[b]`, 'mean'
 *   `(v . dy[b] - y[b] . dy[b]) / den`, 'sqrtn'
 *   `(v . dy[b]) / sqrt(den) - ((y[b] . dy[b]) * w) / den`; 0 for rows of
 *   width 0.
 *
 * Padding ids (negative, or `paddingIdx`) take no part, whatever their
 * weight: not in the sums, counts or maxima, a zero gradient row and
 * weight gradient.
 */
import type {BagCombiner} from '../../src/validation/embedding_bag';

const fround = Math.fround;

/** One call's data on the host. */
export interface BagProblem {
  combiner: BagCombiner;
  /** The table's values, `rowSize` per row. */
  table: Float32Array;
  /** The table row of each id (-1: padding), from `checkBagIndices`. */
  rows: Int32Array;
  /** `[B + 1]`: bag b is ids `offsets[b]` .. `offsets[b + 1] - 1`. */
  offsets: ArrayLike<number>;
  /** `[N]`, or null: every weight 1. */
  weights: Float32Array|null;
  rowSize: number;
  /** 0: no clipping. */
  maxNorm: number;
}

/** The L2 norm of each id's row (0 for padding), the squares added in column order. */
export function rowNorms(p: BagProblem): Float32Array {
  const {table, rows, rowSize: d} = p;
  const norms = new Float32Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    if (rows[k] < 0) continue;
    const base = rows[k] * d;
    let l2 = 0;
    for (let c = 0; c < d; c++) {
      const t = table[base + c];
      l2 = fround(l2 + fround(t * t));
    }
    norms[k] = fround(Math.sqrt(l2));
  }
  return norms;
}

/** The divisor m = max(norm, maxNorm) of each id's clip (TF's `clip_by_norm`). */
function clipDivisors(p: BagProblem, norms: Float32Array): Float32Array {
  const maxNorm = fround(p.maxNorm);
  return norms.map(n => Math.max(n, maxNorm));
}

/** A bag's denominator: the weight sum ('mean'), the squared-weight sum ('sqrtn'), else 1. */
function denominator(p: BagProblem, b: number): number {
  const {combiner, rows, offsets, weights} = p;
  let den = 0;
  for (let k = offsets[b]; k < offsets[b + 1]; k++) {
    if (rows[k] < 0) continue;
    const w = weights == null ? 1 : weights[k];
    den = combiner === 'sqrtn' ? fround(den + fround(w * w)) : fround(den + w);
  }
  return den;
}

/** `acc / den`, or `acc / sqrt(den)` for 'sqrtn': what 'mean' and 'sqrtn' divide by. */
function divisorOf(combiner: BagCombiner, den: number): number {
  return combiner === 'sqrtn' ? fround(Math.sqrt(den)) : den;
}

/**
 * The forward pass: writes `out` (`[B, D]`) and, for 'max', `argmax`
 * (`[B, D]`, the position in ids of each maximum, -1 for an empty bag).
 */
export function embeddingBagForward(
    p: BagProblem, out: Float32Array, argmax: Int32Array|null): void {
  const {combiner, table, rows, offsets, weights, rowSize: d} = p;
  const numBags = offsets.length - 1;
  if (p.maxNorm === 0 && combiner !== 'max') {
    forwardUnclipped(p, out);
    return;
  }
  const clip = p.maxNorm > 0 ? clipDivisors(p, rowNorms(p)) : null;
  const maxNorm = fround(p.maxNorm);
  const value = (k: number, c: number) => {
    const t = table[rows[k] * d + c];
    return clip == null ? t : fround(fround(t * maxNorm) / clip[k]);
  };
  for (let b = 0; b < numBags; b++) {
    const acc = out.subarray(b * d, (b + 1) * d);
    acc.fill(0);
    if (combiner === 'max') {
      const at = argmax!.subarray(b * d, (b + 1) * d);
      at.fill(-1);
      for (let k = offsets[b]; k < offsets[b + 1]; k++) {
        if (rows[k] < 0) continue;
        for (let c = 0; c < d; c++) {
          const v = value(k, c);
          if (at[c] < 0 || v > acc[c]) {
            acc[c] = v;
            at[c] = k;
          }
        }
      }
      continue;
    }
    for (let k = offsets[b]; k < offsets[b + 1]; k++) {
      if (rows[k] < 0) continue;
      const w = weights == null ? 1 : weights[k];
      for (let c = 0; c < d; c++) {
        acc[c] = fround(acc[c] + fround(w * value(k, c)));
      }
    }
    if (combiner === 'sum') continue;
    const den = divisorOf(combiner, denominator(p, b));
    for (let c = 0; c < d; c++) {
      acc[c] = den === 0 ? 0 : fround(acc[c] / den);
    }
  }
}

/**
 * The forward pass of 'sum', 'mean' and 'sqrtn' without clipping, the same
 * operations as `embeddingBagForward` in plain loops (a store into a
 * Float32Array rounds to float32, as `Math.fround` does; float32 +, *, /
 * and sqrt computed in float64 and rounded once are float32's own).
 */
function forwardUnclipped(p: BagProblem, out: Float32Array): void {
  const {combiner, table, rows, offsets, weights, rowSize: d} = p;
  const numBags = offsets.length - 1;
  out.fill(0);
  for (let b = 0; b < numBags; b++) {
    const o = b * d;
    for (let k = offsets[b]; k < offsets[b + 1]; k++) {
      const row = rows[k];
      if (row < 0) continue;
      const t = row * d;
      if (weights == null) {
        for (let c = 0; c < d; c++) out[o + c] += table[t + c];
      } else {
        const w = weights[k];
        for (let c = 0; c < d; c++) out[o + c] += fround(w * table[t + c]);
      }
    }
    if (combiner === 'sum') continue;
    const divisor = divisorOf(combiner, denominator(p, b));
    for (let c = 0; c < d; c++) out[o + c] = divisor === 0 ? 0 : out[o + c] / divisor;
  }
}

/** What the backward pass writes. */
export interface BagGradOutputs {
  /** `[N, D]`: the gradient row of each id (zeros for padding). */
  values: Float32Array;
  /** `[N]`: the weight gradient of each id, or null when not asked for. */
  dWeights: Float32Array|null;
}

/**
 * The backward pass from `dy` (`[B, D]`), the forward output `y` and, for
 * 'max', its `argmax`.
 */
export function embeddingBagBackward(
    p: BagProblem, dy: Float32Array, y: Float32Array, argmax: Int32Array|null,
    outputs: BagGradOutputs): void {
  const {combiner, table, rows, offsets, weights, rowSize: d} = p;
  const {values, dWeights} = outputs;
  if (p.maxNorm === 0 && combiner !== 'max' && dWeights == null) {
    backwardUnclipped(p, dy, values);
    return;
  }
  const numBags = offsets.length - 1;
  const norms = p.maxNorm > 0 ? rowNorms(p) : null;
  const maxNorm = fround(p.maxNorm);
  values.fill(0);
  dWeights?.fill(0);
  const g = new Float32Array(d);
  for (let b = 0; b < numBags; b++) {
    const den = combiner === 'mean' || combiner === 'sqrtn' ? denominator(p, b) : 1;
    const divisor = divisorOf(combiner, den);
    const dyRow = dy.subarray(b * d, (b + 1) * d);
    let yDot = 0;
    if (dWeights != null && combiner !== 'sum') {
      for (let c = 0; c < d; c++) yDot = fround(yDot + fround(y[b * d + c] * dyRow[c]));
    }
    for (let k = offsets[b]; k < offsets[b + 1]; k++) {
      if (rows[k] < 0) continue;
      const w = weights == null ? 1 : weights[k];
      // The gradient with respect to the (clipped) row.
      for (let c = 0; c < d; c++) {
        if (combiner === 'max') {
          g[c] = argmax![b * d + c] === k ? dyRow[c] : 0;
        } else if (combiner === 'sum') {
          g[c] = fround(w * dyRow[c]);
        } else {
          g[c] = divisor === 0 ? 0 : fround(fround(w * dyRow[c]) / divisor);
        }
      }
      const base = rows[k] * d;
      const row = values.subarray(k * d, (k + 1) * d);
      const n = norms?.[k] ?? 0;
      const clipped = p.maxNorm > 0 && n > 0 && n >= maxNorm;
      if (clipped) {
        const s = fround(maxNorm / n);
        let tg = 0;
        for (let c = 0; c < d; c++) tg = fround(tg + fround(table[base + c] * g[c]));
        const u = fround(fround(s * tg) / fround(n * n));
        for (let c = 0; c < d; c++) {
          row[c] = fround(fround(s * g[c]) - fround(table[base + c] * u));
        }
      } else {
        row.set(g);
      }
      if (dWeights != null && d > 0) {
        // v . dy[b], with v the clipped row (rows of width 0: no gradient).
        const m = p.maxNorm > 0 ? Math.max(n, maxNorm) : 0;
        let dot = 0;
        for (let c = 0; c < d; c++) {
          const t = table[base + c];
          const v = m === 0 ? t : fround(fround(t * maxNorm) / m);
          dot = fround(dot + fround(v * dyRow[c]));
        }
        dWeights[k] = combiner === 'sum' ? dot :
            den === 0                    ? 0 :
            combiner === 'mean'          ? fround(fround(dot - yDot) / den) :
                                  fround(fround(dot / divisor) - fround(fround(yDot * w) / den));
      }
    }
  }
}

/**
 * The gradient rows of 'sum', 'mean' and 'sqrtn' without clipping (as
 * `embeddingBagBackward`, in plain loops; see `forwardUnclipped`).
 */
function backwardUnclipped(p: BagProblem, dy: Float32Array, values: Float32Array): void {
  const {combiner, rows, offsets, weights, rowSize: d} = p;
  const numBags = offsets.length - 1;
  values.fill(0);
  for (let b = 0; b < numBags; b++) {
    const divisor = combiner === 'sum' ? 1 : divisorOf(combiner, denominator(p, b));
    if (divisor === 0) continue;
    const g = b * d;
    for (let k = offsets[b]; k < offsets[b + 1]; k++) {
      if (rows[k] < 0) continue;
      const v = k * d;
      const w = weights == null ? 1 : weights[k];
      if (combiner === 'sum') {
        for (let c = 0; c < d; c++) values[v + c] = w * dy[g + c];
      } else {
        for (let c = 0; c < d; c++) values[v + c] = fround(w * dy[g + c]) / divisor;
      }
    }
  }
}
