/**
 * Validation of the forward op `SparseSlice`, in TensorFlow's order and with
 * its messages (`sparse_slice_op.cc`, `sparse_utils.cc`).
 */
import type {TensorInfo} from '@tensorflow/tfjs-core';

import {InvalidArgumentError, shapeString} from '../errors';

import {checkHasKernelFor, checkInputDtype} from './dtypes';

/** Checks dtypes, ranks and lengths; returns `[nnz, rank]`. */
export function checkSparseSliceShapes(
    op: string, indices: TensorInfo, values: TensorInfo, shape: TensorInfo, start: TensorInfo,
    size: TensorInfo): [number, number] {
  checkInputDtype(op, 0, indices, 'int32');
  // TF has kernels for every type; this package for every tfjs dtype but
  // string (tfjs's GPU backends keep strings on the CPU).
  checkHasKernelFor(op, values, ['float32', 'int32', 'bool']);
  checkInputDtype(op, 2, shape, 'int32');
  checkInputDtype(op, 3, start, 'int32');
  checkInputDtype(op, 4, size, 'int32');

  if (indices.shape.length !== 2) {
    throw new InvalidArgumentError(
        op, `Sparse indices must be rank 2 but is rank ${indices.shape.length}`);
  }
  if (values.shape.length !== 1) {
    throw new InvalidArgumentError(
        op, `Sparse values must be rank 1 but is rank ${values.shape.length}`);
  }
  if (shape.shape.length !== 1) {
    throw new InvalidArgumentError(
        op, `Sparse shape must be rank 1 but is rank ${shape.shape.length}`);
  }
  const [nnz, rank] = indices.shape;
  if (values.shape[0] !== nnz) {
    throw new InvalidArgumentError(
        op, `Number of elements in indices (${nnz}) and values (${values.shape[0]}) do not match`);
  }
  if (shape.shape[0] !== rank) {
    throw new InvalidArgumentError(
        op, `Index rank (${rank}) and shape rank (${shape.shape[0]}) do not match`);
  }
  if (start.shape.length !== 1) {
    throw new InvalidArgumentError(
        op, `Input start should be a vector but received shape ${shapeString(start.shape)}`);
  }
  if (size.shape.length !== 1) {
    throw new InvalidArgumentError(
        op, `Input size should be a vector but received shape ${shapeString(size.shape)}`);
  }
  if (start.shape[0] !== rank) {
    throw new InvalidArgumentError(
        op, `Expected start to be a vector of length ${rank} but got length ${start.shape[0]}`);
  }
  if (size.shape[0] !== rank) {
    throw new InvalidArgumentError(
        op, `Expected size to be a vector of length ${rank} but got length ${size.shape[0]}`);
  }
  return [nnz, rank];
}
