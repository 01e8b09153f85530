/**
 * The index metadata of `SparseFillEmptyRows` (int32 only; the values are
 * gathered on the GPU): which input entry, or the default (-1), each output
 * entry takes, the output indices, the empty-row flags and the reverse index
 * map, as tfjs's cpu kernel computes them, with its errors.
 */
import {backend_util} from '@tensorflow/tfjs-core';
import type {TypedArray} from '@tensorflow/tfjs-core';

export interface FillEmptyRowsSelection {
  /** Per output entry: the input entry it copies, or -1 for the default. */
  source: Int32Array;
  /** `[source.length, rank]`. */
  outputIndices: Int32Array;
  /** `[denseRows]`, 1 where the row had no entry. */
  emptyRowIndicator: Uint8Array;
  /** `[N]`: the output position of each input entry. */
  reverseIndexMap: Int32Array;
}

export function sparseFillEmptyRowsSelect(
    indices: TypedArray, numIndices: number, rank: number,
    denseShape: TypedArray): FillEmptyRowsSelection {
  const denseRows = denseShape[0];
  if (denseRows === 0) {
    if (numIndices !== 0) {
      throw new Error(backend_util.getSparseFillEmptyRowsIndicesDenseShapeMismatch(numIndices));
    }
    return {
      source: new Int32Array(0),
      outputIndices: new Int32Array(0),
      emptyRowIndicator: new Uint8Array(0),
      reverseIndexMap: new Int32Array(0),
    };
  }
  const rowCounts = new Int32Array(denseRows);
  for (let i = 0; i < numIndices; i++) {
    const row = indices[i * rank];
    if (row < 0) {
      throw new Error(backend_util.getSparseFillEmptyRowsNegativeIndexErrorMessage(i, row));
    }
    if (row >= denseRows) {
      throw new Error(
          backend_util.getSparseFillEmptyRowsOutOfRangeIndexErrorMessage(i, row, denseRows));
    }
    rowCounts[row]++;
  }
  // Row r's entries start at rowStart[r]; an empty row gets one default.
  const emptyRowIndicator = new Uint8Array(denseRows);
  const rowStart = new Int32Array(denseRows + 1);
  for (let row = 0; row < denseRows; row++) {
    emptyRowIndicator[row] = rowCounts[row] === 0 ? 1 : 0;
    rowStart[row + 1] = rowStart[row] + Math.max(rowCounts[row], 1);
  }
  const total = rowStart[denseRows];
  const source = new Int32Array(total).fill(-1);
  const outputIndices = new Int32Array(total * rank);
  const reverseIndexMap = new Int32Array(numIndices);
  const filled = new Int32Array(denseRows);
  // Entries keep their input order within a row (the cpu kernel's order).
  for (let i = 0; i < numIndices; i++) {
    const row = indices[i * rank];
    const out = rowStart[row] + filled[row]++;
    source[out] = i;
    reverseIndexMap[i] = out;
    for (let d = 0; d < rank; d++) {
      outputIndices[out * rank + d] = indices[i * rank + d];
    }
  }
  for (let row = 0; row < denseRows; row++) {
    if (rowCounts[row] === 0) {
      outputIndices[rowStart[row] * rank] = row;
    }
  }
  return {source, outputIndices, emptyRowIndicator, reverseIndexMap};
}
