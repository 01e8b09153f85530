/**
 * Small reference implementations of every op, written from TensorFlow's
 * kernels' definitions as plainly as possible, for valid inputs only. They
 * spell out every float32 rounding with Math.fround, so the kernels can be
 * compared with them bit for bit. They share no code with the kernels.
 */
import {sizeOf} from '../harness/specs';
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
