/**
 * The index arithmetic of `SparseSlice` (TF's `SparseTensor::Slice`): which
 * entries fall inside `[start, start + size)`, their indices relative to
 * `start`, and the output's dense shape. Only int32 metadata: the values are
 * gathered by each backend from `selectedRows`.
 */
import type {TypedArray} from '@tensorflow/tfjs-core';

import {buildDenseShape, checkedSize} from '../../src/validation/shapes';

/** What a slice selects. */
export interface SparseSliceSelection {
  /** The input rows inside the slice, in input order. */
  selectedRows: Int32Array;
  /** `[selectedRows.length, rank]` indices, relative to `start`. */
  outputIndices: Int32Array;
  /** The dense shape of the slice: the overlap of the box with the input. */
  outputShape: number[];
}

export function sparseSliceSelect(
    op: string, indices: TypedArray|number[], nnz: number, rank: number,
    denseShapeValues: TypedArray|number[], start: TypedArray|number[],
    size: TypedArray|number[]): SparseSliceSelection {
  const inputShape = buildDenseShape(op, denseShapeValues);
  const outputShape = inputShape.map((inputSize, dim) => {
    if (start[dim] < inputSize - size[dim]) {
      return checkedSize(op, size[dim]);  // inside the input
    } else if (start[dim] < inputSize) {
      return checkedSize(op, inputSize - start[dim]);  // runs past the end
    }
    return 0;  // starts past the end
  });

  const selected: number[] = [];
  for (let i = 0; i < nnz; i++) {
    let hit = true;
    for (let dim = 0; dim < rank; dim++) {
      const index = indices[i * rank + dim];
      if (!(start[dim] <= index && index < start[dim] + size[dim])) {
        hit = false;
        break;
      }
    }
    if (hit) {
      selected.push(i);
    }
  }
  const selectedRows = Int32Array.from(selected);
  const outputIndices = new Int32Array(selectedRows.length * rank);
  for (let k = 0; k < selectedRows.length; k++) {
    for (let dim = 0; dim < rank; dim++) {
      outputIndices[k * rank + dim] = indices[selectedRows[k] * rank + dim] - start[dim];
    }
  }
  return {selectedRows, outputIndices, outputShape};
}
