/**
 * Validation of `SparseSliceGrad`, in TensorFlow's order and with its
 * messages (tensorflow/core/kernels/sparse_slice_grad_op.cc), and the CPU
 * kernel's row matching, which is
 * also its last check.
 */
import type {TensorInfo, TypedArray} from '@tensorflow/tfjs-core';

import {InternalError, InvalidArgumentError, shapeString} from '../errors';

import {checkInputDtype, checkTypeAttr, NUMBER_TYPES} from './dtypes';

/** Checks dtypes and shapes (TF steps 1 to 7); returns `[nnzIn, nnzOut, rank]`. */
export function checkSliceGradShapes(
    op: string, backpropValGrad: TensorInfo, inputIndices: TensorInfo, inputStart: TensorInfo,
    outputIndices: TensorInfo): [number, number, number] {
  checkTypeAttr(op, 'T', backpropValGrad, ['float32', 'int32'], NUMBER_TYPES);
  checkInputDtype(op, 1, inputIndices, 'int32');
  checkInputDtype(op, 2, inputStart, 'int32');
  checkInputDtype(op, 3, outputIndices, 'int32');
  if (inputIndices.shape.length !== 2 || outputIndices.shape.length !== 2) {
    throw new InvalidArgumentError(
        op,
        `Input and output indices should be matrices but received shapes: ${
            shapeString(inputIndices.shape)} and ${shapeString(outputIndices.shape)}`);
  }
  if (backpropValGrad.shape.length !== 1) {
    throw new InvalidArgumentError(
        op,
        `Input backprop_val_grad should be a vector but received shape: ${
            shapeString(backpropValGrad.shape)}`);
  }
  const [nnzIn, rank] = inputIndices.shape;
  const [nnzOut, outputRank] = outputIndices.shape;
  if (rank !== outputRank) {
    throw new InvalidArgumentError(
        op, `The input and output should have the same ndims: got: ${rank} and ${outputRank}`);
  }
  if (nnzOut > nnzIn) {
    throw new InvalidArgumentError(
        op,
        `# rows of output_indices should be not greater than of input_indices, got ${nnzOut} and ${
            nnzIn}`);
  }
  if (backpropValGrad.shape[0] !== nnzOut) {
    throw new InvalidArgumentError(
        op,
        `# elements of backprop_val_grad and # rows of output_indices should match (#nnz of sum): got ${
            backpropValGrad.shape[0]} and ${nnzOut}`);
  }
  if (inputStart.shape.length !== 1) {
    throw new InvalidArgumentError(
        op,
        `The input_start should be a vector but received shape ${shapeString(inputStart.shape)}`);
  }
  if (inputStart.shape[0] !== rank) {
    throw new InvalidArgumentError(
        op,
        `Expected input_start to be a vector of length ${rank} but got length ${
            inputStart.shape[0]}`);
  }
  return [nnzIn, nnzOut, rank];
}

/**
 * For each input row, the output row whose gradient it receives, or -1.
 *
 * TF's CPU kernel does a greedy in-order merge: output row j (shifted by
 * `start`) goes to the first input row at or after the previous match that
 * equals it. If some output row finds no match, it raises an Internal error.
 */
export function matchSliceGradRows(
    op: string, inputIndices: TypedArray|number[], outputIndices: TypedArray|number[],
    start: TypedArray|number[], nnzIn: number, nnzOut: number, rank: number): Int32Array {
  const sourceRow = new Int32Array(nnzIn).fill(-1);
  let j = 0;
  for (let i = 0; i < nnzIn && j < nnzOut; i++) {
    let equal = true;
    for (let d = 0; d < rank; d++) {
      if (inputIndices[i * rank + d] !== outputIndices[j * rank + d] + start[d]) {
        equal = false;
        break;
      }
    }
    if (equal) {
      sourceRow[i] = j++;
    }
  }
  if (j !== nnzOut) {
    throw new InternalError(
        op,
        `Elements of backprop_val_grad aren't all propagated. Num elements:${nnzOut}, used: ${j}`);
  }
  return sourceRow;
}
