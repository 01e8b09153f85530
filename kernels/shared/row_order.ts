/**
 * The stable counting sort of (pair -> output row) that the GPU kernels
 * build on the CPU from validated int32 index values, so that the GPU adds
 * each output row's contributions in input order.
 */
/** Pairs ordered by output row, stably. */
export interface RowOrder {
  /**
   * The pairs of row 0, then of row 1, ..., each row's in input order.
   * Pairs whose row is outside [0, numRows) are left out.
   */
  perm: Int32Array;
  /** int32 `[numRows + 1]`: row r's pairs are perm[ranges[r]] .. perm[ranges[r + 1] - 1]. */
  ranges: Int32Array;
}

/** Orders the pairs by `rowOfPair` in O(n + numRows). */
export function orderByRow(rowOfPair: ArrayLike<number>, numRows: number): RowOrder {
  const n = rowOfPair.length;
  const inRange = (r: number) => r >= 0 && r < numRows;
  const ranges = new Int32Array(numRows + 1);
  for (let i = 0; i < n; i++) {
    if (inRange(rowOfPair[i])) ranges[rowOfPair[i] + 1]++;
  }
  for (let r = 0; r < numRows; r++) {
    ranges[r + 1] += ranges[r];
  }
  const next = ranges.slice(0, numRows);
  const perm = new Int32Array(ranges[numRows]);
  for (let i = 0; i < n; i++) {
    const r = rowOfPair[i];
    if (inRange(r)) perm[next[r]++] = i;
  }
  return {perm, ranges};
}
