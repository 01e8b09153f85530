/**
 * Validation of the in-place sparse updates (`SparseGradApply*`), shared by
 * every backend. The index check uses the text of TensorFlow's sparse apply
 * kernels (tensorflow/core/kernels/training_ops.cc); negative indices are
 * this package's padding and are skipped, not rejected.
 */
import type {NamedAttrMap, NamedTensorInfoMap, TensorInfo} from '@tensorflow/tfjs-core';
import {util} from '@tensorflow/tfjs-core';

import {InvalidArgumentError, shapeString} from '../errors';

import {kernelInputs, OpName, OPS} from '../op_registry';

/** A checked update call. */
export interface SparseApplyCall {
  variable: TensorInfo;
  /** The names of the slot inputs (accumulator; m and v), in the registry's order. */
  slotNames: readonly string[];
  /** The slot variables, in that order. */
  slots: TensorInfo[];
  indices: TensorInfo;
  values: TensorInfo;
  /** V: rows of the variable. */
  numRows: number;
  /** N: gradient rows. */
  numValues: number;
  /** Elements per row. */
  rowSize: number;
  /** The numeric attributes (learning rate, ...). */
  attrs: Record<string, number>;
}

/** The attributes each update kernel needs. */
const ATTRS: Record<string, readonly string[]> = {
  SparseGradApplySGD: ['learningRate'],
  SparseGradApplyAdagrad: ['learningRate', 'epsilon'],
  SparseGradApplyLazyAdam:
      ['learningRate', 'beta1', 'beta2', 'epsilon', 'oneMinusAccBeta1', 'oneMinusAccBeta2'],
  SparseGradApplyFtrl: ['learningRate', 'learningRatePower', 'l1', 'l2', 'l2Shrinkage'],
  SparseGradApplyMomentum: ['learningRate', 'momentum', 'useNesterov'],
  SparseGradApplyRowwiseAdagrad: ['learningRate', 'epsilon'],
};

/** Slots with one value per row (`[V]`) instead of the variable's shape. */
const ROW_SLOTS: Partial<Record<string, readonly string[]>> = {
  SparseGradApplyRowwiseAdagrad: ['accumulator'],
};

/**
 * Checks that `indices` (1-D int32) and `values` (float32 `[indices, ...the
 * variable's row shape]`) can update a variable of shape `variableShape`.
 */
export function checkSlicesShape(
    op: string, variableShape: readonly number[], indices: Pick<TensorInfo, 'dtype'|'shape'>,
    values: Pick<TensorInfo, 'dtype'|'shape'>): void {
  if (indices.dtype !== 'int32' || indices.shape.length !== 1) {
    throw new InvalidArgumentError(
        op,
        `indices must be a 1-D int32 tensor, got ${indices.dtype} ${shapeString(indices.shape)}`);
  }
  if (values.dtype !== 'float32') {
    throw new InvalidArgumentError(op, `values must be float32, got ${values.dtype}`);
  }
  const expected = [indices.shape[0], ...variableShape.slice(1)];
  if (shapeString(values.shape) !== shapeString(expected)) {
    throw new InvalidArgumentError(
        op,
        `grad must be the same size as indices in the first dimension and ` +
            `var in the others: expected ${shapeString(expected)}, got ${
                shapeString(values.shape)}`);
  }
}

/** Checks dtypes, shapes and attributes of an update call. */
export function checkSparseApplyCall(
    op: OpName, inputs: NamedTensorInfoMap, attrs: NamedAttrMap|undefined): SparseApplyCall {
  // The slots are the inputs after variable, indices and values.
  const slotNames = OPS[op].inputs.slice(3) as readonly string[];
  const [variable, indices, values, ...slots] = kernelInputs(op, inputs);
  for (const [name, t] of [
           ['variable', variable], ['values', values],
           ...slotNames.map((n, k) => [n, slots[k]] as const)] as const) {
    if (t.dtype !== 'float32') {
      throw new InvalidArgumentError(op, `${name} must be float32, got ${t.dtype}`);
    }
  }
  if (variable.shape.length < 1) {
    throw new InvalidArgumentError(op, 'var must be at least 1 dimensional');
  }
  slotNames.forEach((name, k) => {
    const shape = ROW_SLOTS[op]?.includes(name) ? variable.shape.slice(0, 1) : variable.shape;
    if (shapeString(slots[k].shape) !== shapeString(shape)) {
      throw new InvalidArgumentError(
          op,
          `var and ${name} do not have the same shape${shapeString(variable.shape)} ${
              shapeString(slots[k].shape)}`);
    }
  });
  checkSlicesShape(op, variable.shape, indices, values);
  const numValues = indices.shape[0];
  const numbers: Record<string, number> = {};
  for (const name of ATTRS[op]) {
    const value = attrs?.[name];
    if (typeof value !== 'number' && typeof value !== 'boolean') {
      throw new InvalidArgumentError(op, `attribute '${name}' must be a number`);
    }
    numbers[name] = Number(value);
  }
  return {
    variable,
    slotNames,
    slots,
    indices,
    values,
    numRows: variable.shape[0],
    numValues,
    rowSize: util.sizeFromShape(variable.shape.slice(1)),
    attrs: numbers,
  };
}

/** Throws TF's error for the first index at or above `numRows`. */
export function checkSparseApplyIndices(
    op: string, indices: ArrayLike<number>, numRows: number): void {
  for (let i = 0; i < indices.length; i++) {
    if (indices[i] >= numRows) {
      throw new InvalidArgumentError(
          op, `Index ${indices[i]} at offset ${i} in indices is out of range`);
    }
  }
}

/** A checked `SparseGradSumDuplicates` call. */
export interface SumDuplicatesCall {
  indices: TensorInfo;
  values: TensorInfo;
  /** Rows of the dense tensor the slices stand for. */
  numRows: number;
  /** N: gradient rows. */
  numValues: number;
  /** Elements per row. */
  rowSize: number;
}

/** Checks dtypes, shapes and the `numRows` attribute of a `SparseGradSumDuplicates` call. */
export function checkSumDuplicatesCall(
    inputs: NamedTensorInfoMap, attrs: NamedAttrMap|undefined): SumDuplicatesCall {
  const op = 'SparseGradSumDuplicates';
  const [indices, values] = kernelInputs(op, inputs);
  if (indices.dtype !== 'int32' || indices.shape.length !== 1) {
    throw new InvalidArgumentError(
        op,
        `indices must be a vector of int32, got ${indices.dtype} ${shapeString(indices.shape)}`);
  }
  if (values.dtype !== 'float32' || values.shape.length < 1) {
    throw new InvalidArgumentError(
        op,
        `values must be float32 of rank >= 1, got ${values.dtype} ${shapeString(values.shape)}`);
  }
  if (values.shape[0] !== indices.shape[0]) {
    throw new InvalidArgumentError(
        op,
        `values.shape[0] (${values.shape[0]}) must equal the number of indices (${
            indices.shape[0]})`);
  }
  const numRows = attrs?.numRows;
  if (typeof numRows !== 'number' || !Number.isInteger(numRows) || numRows < 0) {
    throw new InvalidArgumentError(
        op, `attribute 'numRows' must be an integer >= 0, got ${numRows}`);
  }
  return {
    indices,
    values,
    numRows,
    numValues: indices.shape[0],
    rowSize: util.sizeFromShape(values.shape.slice(1)),
  };
}
