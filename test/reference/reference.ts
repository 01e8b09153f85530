/**
 * Small reference implementations of every op, written from TensorFlow's
 * kernels' definitions as plainly as possible, for valid inputs only. They
 * spell out every float32 rounding with Math.fround, so the kernels can be
 * compared with them bit for bit. They share no code with the kernels.
 */
import {f32, i32, sizeOf} from '../harness/specs';
import type {TensorSpec} from '../harness/types';

const fround = Math.fround;

export type Reduction = 'sum'|'mean'|'sqrtn';

/** The V1 segment gradient (TF's `SparseSegmentGradFunctor`). */
export function refSegmentGrad(
    reduction: Reduction, grad: TensorSpec, indices: ArrayLike<number>,
    segmentIds: ArrayLike<number>, outputDim0: number): TensorSpec {
  const rowShape = grad.shape.slice(1);
  const width = sizeOf(rowShape);
  const out: number[] = new Array(outputDim0 * width).fill(0);
  const counts = new Map<number, number>();
  for (let j = 0; j < segmentIds.length; j++) {
    counts.set(segmentIds[j], (counts.get(segmentIds[j]) ?? 0) + 1);
  }
  for (let i = 0; i < indices.length; i++) {
    const count = counts.get(segmentIds[i])!;
    let scale = 1;
    if (reduction === 'mean') scale = fround(1 / count);
    if (reduction === 'sqrtn') scale = fround(1 / Math.sqrt(count));
    for (let c = 0; c < width; c++) {
      const g = grad.values[segmentIds[i] * width + c];
      const k = indices[i] * width + c;
      out[k] = fround(out[k] + fround(g * scale));
    }
  }
  return {shape: [outputDim0, ...rowShape], dtype: 'float32', values: out};
}

/** The V2 segment gradient: row k is V1's row sortedUniqueIndices[k]. */
export function refSegmentGradV2(
    reduction: Reduction, grad: TensorSpec, indices: ArrayLike<number>,
    segmentIds: ArrayLike<number>, denseOutputDim0: number): TensorSpec[] {
  const unique = Array.from(new Set(Array.from(indices))).sort((a, b) => a - b);
  const v1 = refSegmentGrad(reduction, grad, indices, segmentIds, denseOutputDim0);
  const rowShape = grad.shape.slice(1);
  const width = sizeOf(rowShape);
  const values: number[] = [];
  for (const u of unique) {
    for (let c = 0; c < width; c++) values.push(v1.values[u * width + c]);
  }
  return [
    {shape: [unique.length, ...rowShape], dtype: 'float32', values},
    {shape: [unique.length], dtype: 'int32', values: unique},
  ];
}

/**
 * TF's forward CPU sparse segment reduction (segment_reduction_ops_impl.h):
 * a first group of (num & 7, or 8, or 9) rows summed and scaled, then groups
 * of 8 rows each summed and added, then (num >= 10) a division.
 */
export function refSegmentReduction(
    reduction: Reduction, data: TensorSpec, indices: ArrayLike<number>,
    segmentIds: ArrayLike<number>, numSegments: number|null): TensorSpec {
  const rowShape = data.shape.slice(1);
  const width = sizeOf(rowShape);
  const n = indices.length;
  const rows = numSegments ?? (n > 0 ? segmentIds[n - 1] + 1 : 0);
  const isInt = data.dtype === 'int32';
  const add = (a: number, b: number) => isInt ? (a + b) | 0 : fround(a + b);
  const out: number[] = new Array(rows * width).fill(0);
  let start = 0;
  while (start < n) {
    let end = start;
    while (end < n && segmentIds[end] === segmentIds[start]) end++;
    const num = end - start;
    const row = (k: number, c: number) => data.values[indices[k] * width + c];
    for (let c = 0; c < width; c++) {
      let acc: number;
      if (num === 1) {
        acc = row(start, c);
      } else {
        const r = num % 8;
        const first = r === 0 ? 8 : r === 1 ? 9 : r;
        acc = row(start, c);
        for (let k = 1; k < first; k++) acc = add(acc, row(start + k, c));
        if (num < 10 && reduction === 'mean') acc = fround(acc * fround(1 / num));
        if (num < 10 && reduction === 'sqrtn') {
          acc = fround(acc * fround(1 / fround(Math.sqrt(num))));
        }
        for (let k = start + first; k < end; k += 8) {
          let group = row(k, c);
          for (let j = 1; j < 8; j++) group = add(group, row(k + j, c));
          acc = add(acc, group);
        }
        if (num >= 10 && reduction === 'mean') acc = fround(acc / num);
        if (num >= 10 && reduction === 'sqrtn') {
          acc = fround(acc / fround(Math.sqrt(num)));
        }
      }
      out[segmentIds[start] * width + c] = acc;
    }
    start = end;
  }
  return {shape: [rows, ...rowShape], dtype: data.dtype, values: out};
}

/** `SparseFillEmptyRowsGrad` (TF's `SparseFillEmptyRowsGradOp`). */
export function refFillEmptyRowsGrad(
    reverseIndexMap: ArrayLike<number>, gradValues: TensorSpec): TensorSpec[] {
  const isInt = gradValues.dtype === 'int32';
  const dValues = Array.from(reverseIndexMap, r => gradValues.values[r]);
  const mapped = new Set(Array.from(reverseIndexMap));
  let dDefault = 0;
  for (let j = 0; j < gradValues.values.length; j++) {
    if (!mapped.has(j)) {
      dDefault =
          isInt ? (dDefault + gradValues.values[j]) | 0 : fround(dDefault + gradValues.values[j]);
    }
  }
  return [
    {shape: [dValues.length], dtype: gradValues.dtype, values: dValues},
    {shape: [], dtype: gradValues.dtype, values: [dDefault]},
  ];
}

/** `SparseSliceGrad`: the greedy in-order merge of TF's `SparseSliceGradOp`. */
export function refSliceGrad(
    backpropValGrad: TensorSpec, inputIndices: TensorSpec, inputStart: ArrayLike<number>,
    outputIndices: TensorSpec): TensorSpec {
  const [nnzIn, rank] = inputIndices.shape;
  const nnzOut = outputIndices.shape[0];
  const out: number[] = new Array(nnzIn).fill(0);
  let j = 0;
  for (let i = 0; i < nnzIn && j < nnzOut; i++) {
    let same = true;
    for (let d = 0; d < rank; d++) {
      if (inputIndices.values[i * rank + d] !==
          outputIndices.values[j * rank + d] + inputStart[d]) {
        same = false;
      }
    }
    if (same) out[i] = backpropValGrad.values[j++];
  }
  return {shape: [nnzIn], dtype: backpropValGrad.dtype, values: out};
}

/** TF's SparseTensor::Slice. */
export function refSparseSlice(
    indices: TensorSpec, values: TensorSpec, denseShape: ArrayLike<number>,
    start: ArrayLike<number>, size: ArrayLike<number>): TensorSpec[] {
  const [nnz, rank] = indices.shape;
  const outIndices: number[] = [];
  const outValues: number[] = [];
  for (let i = 0; i < nnz; i++) {
    let inside = true;
    for (let d = 0; d < rank; d++) {
      const x = indices.values[i * rank + d];
      if (x < start[d] || x >= start[d] + size[d]) inside = false;
    }
    if (inside) {
      for (let d = 0; d < rank; d++) {
        outIndices.push(indices.values[i * rank + d] - start[d]);
      }
      outValues.push(values.values[i]);
    }
  }
  const outShape = Array.from(
      denseShape,
      (dim, d) => start[d] < dim - size[d] ? size[d] :
          start[d] < dim                   ? dim - start[d] :
                                             0);
  return [
    {shape: [outValues.length, rank], dtype: 'int32', values: outIndices},
    {shape: [outValues.length], dtype: values.dtype, values: outValues},
    {shape: [rank], dtype: 'int32', values: outShape},
  ];
}

/**
 * TF's `UnsortedSegmentSum` (CPU functor in segment_reduction_ops_impl.h):
 * row i of `data` is added to output row ids[i] in input order; negative
 * ids are dropped. `data` is viewed as `[ids.length, width]`.
 */
export function refUnsortedSegmentSum(
    data: TensorSpec, ids: ArrayLike<number>, idsRank: number, numSegments: number): TensorSpec {
  const rowShape = data.shape.slice(idsRank);
  const width = sizeOf(rowShape);
  const isInt = data.dtype === 'int32';
  const out: number[] = new Array(numSegments * width).fill(0);
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] < 0) continue;
    for (let c = 0; c < width; c++) {
      const k = ids[i] * width + c;
      const sum = out[k] + data.values[i * width + c];
      out[k] = isInt ? sum | 0 : fround(sum);
    }
  }
  return {shape: [numSegments, ...rowShape], dtype: data.dtype, values: out};
}

/** An embedding-bag call, as plain data (see `EmbeddingBag` in src/kernel_names.ts). */
export interface BagRefCall {
  table: TensorSpec;
  ids: ArrayLike<number>;
  /** `[B + 1]`. */
  offsets: ArrayLike<number>;
  /** `[N]`, or null. */
  weights: ArrayLike<number>|null;
  /** `[2F]`: (first row, rows) of each feature; bag b is feature b % F. */
  features: ArrayLike<number>;
  combiner: 'sum'|'mean'|'sqrtn'|'max';
  paddingIdx: number;
  maxNorm: number;
}

/** The table row of id k, or -1 (padding, or in no bag). */
function bagRowOf(call: BagRefCall, k: number): number {
  const {ids, offsets, features, paddingIdx} = call;
  const numBags = offsets.length - 1;
  const numFeatures = features.length / 2;
  for (let b = 0; b < numBags; b++) {
    if (k >= offsets[b] && k < offsets[b + 1]) {
      const id = ids[k];
      if (id < 0 || id === paddingIdx) return -1;
      return features[2 * (b % numFeatures)] + id;
    }
  }
  return -1;
}

/** Id k's row norm: sqrt of the squares added in column order. */
function bagNorm(call: BagRefCall, row: number): number {
  const d = call.table.shape[1];
  let l2 = 0;
  for (let c = 0; c < d; c++) {
    const t = call.table.values[row * d + c];
    l2 = fround(l2 + fround(t * t));
  }
  return fround(Math.sqrt(l2));
}

/** Column c of the (clipped) row of table row `row`. */
function bagValue(call: BagRefCall, row: number, c: number): number {
  const d = call.table.shape[1];
  const t = call.table.values[row * d + c];
  if (call.maxNorm <= 0) return t;
  const maxNorm = fround(call.maxNorm);
  return fround(fround(t * maxNorm) / Math.max(bagNorm(call, row), maxNorm));
}

/** Bag b's sum of weights ('mean') or of squared weights ('sqrtn'). */
function bagDenominator(call: BagRefCall, b: number): number {
  let den = 0;
  for (let k = call.offsets[b]; k < call.offsets[b + 1]; k++) {
    if (bagRowOf(call, k) < 0) continue;
    const w = call.weights == null ? 1 : call.weights[k];
    den = fround(den + (call.combiner === 'sqrtn' ? fround(w * w) : w));
  }
  return call.combiner === 'sqrtn' ? fround(Math.sqrt(den)) : den;
}

/**
 * `EmbeddingBag`: `[output, argmax]` (argmax `[0]` but for 'max'), from
 * PyTorch's definition (F.embedding_bag) with TensorFlow's weighted mean,
 * sqrtn and clip_by_norm, one float32 rounding per operation.
 */
export function refEmbeddingBag(call: BagRefCall): TensorSpec[] {
  const d = call.table.shape[1];
  const numBags = call.offsets.length - 1;
  const out: number[] = [];
  const argmax: number[] = [];
  for (let b = 0; b < numBags; b++) {
    for (let c = 0; c < d; c++) {
      let acc = 0;
      let best = -1;
      for (let k = call.offsets[b]; k < call.offsets[b + 1]; k++) {
        const row = bagRowOf(call, k);
        if (row < 0) continue;
        const v = bagValue(call, row, c);
        if (call.combiner === 'max') {
          if (best < 0 || v > acc) {
            acc = v;
            best = k;
          }
        } else {
          const w = call.weights == null ? 1 : call.weights[k];
          acc = fround(acc + fround(w * v));
        }
      }
      if (call.combiner === 'mean' || call.combiner === 'sqrtn') {
        const den = bagDenominator(call, b);
        acc = den === 0 ? 0 : fround(acc / den);
      }
      out.push(acc);
      argmax.push(best);
    }
  }
  return [
    {shape: [numBags, d], dtype: 'float32', values: out},
    call.combiner === 'max' ? {shape: [numBags, d], dtype: 'int32', values: argmax} :
                              {shape: [0], dtype: 'int32', values: []},
  ];
}

/**
 * `EmbeddingBagGrad` from `dy`: `[values, rows, dWeights]`, the gradient
 * rows of the ids (through the clip: `s * g - t * ((s * (t . g)) / n^2)`,
 * s = maxNorm / n, when the row was clipped), their table rows, and the
 * weight gradients (`[0]` unless `weightGrad`), given the forward pass's
 * `[output, argmax]`.
 */
export function refEmbeddingBagGrad(
    call: BagRefCall, dy: TensorSpec, weightGrad: boolean,
    forward: TensorSpec[] = refEmbeddingBag(call)): TensorSpec[] {
  const d = call.table.shape[1];
  const n = call.ids.length;
  const [output, argmax] = forward;
  const numBags = call.offsets.length - 1;
  const bagOf = (k: number) => {
    for (let b = 0; b < numBags; b++) {
      if (k >= call.offsets[b] && k < call.offsets[b + 1]) return b;
    }
    return -1;
  };
  const values: number[] = new Array(n * d).fill(0);
  const rows: number[] = [];
  const dWeights: number[] = new Array(weightGrad ? n : 0).fill(0);
  const maxNorm = fround(call.maxNorm);
  for (let k = 0; k < n; k++) {
    const row = bagRowOf(call, k);
    rows.push(row);
    if (row < 0) continue;
    const b = bagOf(k);
    const w = call.weights == null ? 1 : call.weights[k];
    const g: number[] = [];
    for (let c = 0; c < d; c++) {
      const dyv = dy.values[b * d + c];
      if (call.combiner === 'max') {
        g.push(argmax.values[b * d + c] === k ? dyv : 0);
      } else if (call.combiner === 'sum') {
        g.push(fround(w * dyv));
      } else {
        const den = bagDenominator(call, b);
        g.push(den === 0 ? 0 : fround(fround(w * dyv) / den));
      }
    }
    const t = (c: number) => call.table.values[row * d + c];
    const norm = call.maxNorm > 0 ? bagNorm(call, row) : 0;
    if (call.maxNorm > 0 && norm > 0 && norm >= maxNorm) {
      const s = fround(maxNorm / norm);
      let tg = 0;
      for (let c = 0; c < d; c++) tg = fround(tg + fround(t(c) * g[c]));
      const u = fround(fround(s * tg) / fround(norm * norm));
      for (let c = 0; c < d; c++) values[k * d + c] = fround(fround(s * g[c]) - fround(t(c) * u));
    } else {
      for (let c = 0; c < d; c++) values[k * d + c] = g[c];
    }
    if (weightGrad && d > 0) {
      let dot = 0;
      let yDot = 0;
      for (let c = 0; c < d; c++) {
        dot = fround(dot + fround(bagValue(call, row, c) * dy.values[b * d + c]));
        yDot = fround(yDot + fround(output.values[b * d + c] * dy.values[b * d + c]));
      }
      if (call.combiner === 'sum') {
        dWeights[k] = dot;
      } else {
        // The raw denominator (the sum of weights or of their squares).
        let den = 0;
        for (let j = call.offsets[b]; j < call.offsets[b + 1]; j++) {
          if (bagRowOf(call, j) < 0) continue;
          const wj = call.weights == null ? 1 : call.weights[j];
          den = fround(den + (call.combiner === 'sqrtn' ? fround(wj * wj) : wj));
        }
        dWeights[k] = den === 0 ?
            0 :
            call.combiner === 'mean' ?
            fround(fround(dot - yDot) / den) :
            fround(fround(dot / fround(Math.sqrt(den))) - fround(fround(yDot * w) / den));
      }
    }
  }
  return [
    {shape: [n, d], dtype: 'float32', values},
    {shape: [n], dtype: 'int32', values: rows},
    {shape: [dWeights.length], dtype: 'float32', values: dWeights},
  ];
}

/**
 * What `SparseGradSumDuplicates` gives (kernels/shared/sparse_apply_impl.ts, from its definition).
 */
export function refSumDuplicates(
    indices: number[], values: ArrayLike<number>, shape: number[]): TensorSpec[] {
  const n = indices.length;
  const d = shape.slice(1).reduce((a, b) => a * b, 1);
  const outIndices = new Int32Array(n).fill(-1);
  const outValues = new Float32Array(n * d);
  const first = new Map<number, number>();
  indices.forEach((row, i) => {
    if (row < 0) return;
    if (!first.has(row)) {
      first.set(row, i);
      outIndices[i] = row;
    }
    const at = first.get(row)!;
    for (let c = 0; c < d; c++) {
      outValues[at * d + c] = Math.fround(outValues[at * d + c] + values[i * d + c]);
    }
  });
  return [i32([n], outIndices), f32(shape, outValues)];
}
