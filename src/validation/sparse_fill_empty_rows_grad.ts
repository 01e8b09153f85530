/**
 * Validation of `SparseFillEmptyRowsGrad`, in TensorFlow's order and with its
 * messages (tensorflow/core/kernels/sparse_fill_empty_rows_op.cc,
 * `SparseFillEmptyRowsGradOp`).
 */
import type {TensorInfo, TypedArray} from '@tensorflow/tfjs-core';

import {InvalidArgumentError, shapeString} from '../errors';

import {checkHasKernelFor, checkInputDtype} from './dtypes';

/** Checks dtypes and ranks (TF steps 1 and 2). */
export function checkFillEmptyRowsGradShapes(
    op: string, reverseIndexMap: TensorInfo, gradValues: TensorInfo): void {
  checkInputDtype(op, 0, reverseIndexMap, 'int32');
  // TF registers CPU kernels for every number type; tfjs has float32 and int32.
  checkHasKernelFor(op, gradValues, ['float32', 'int32']);
  if (reverseIndexMap.shape.length !== 1) {
    throw new InvalidArgumentError(
        op, `reverse_index_map must be a vector, saw: ${shapeString(reverseIndexMap.shape)}`);
  }
  if (gradValues.shape.length !== 1) {
    throw new InvalidArgumentError(
        op, `grad_values must be a vector, saw: ${shapeString(gradValues.shape)}`);
  }
}

/** Throws TF's error for the first entry of the map outside `[0, numGradValues)`. */
export function checkReverseIndexMap(
    op: string, reverseIndexMap: TypedArray|number[], numGradValues: number): void {
  for (let i = 0; i < reverseIndexMap.length; i++) {
    const r = reverseIndexMap[i];
    if (r < 0 || r >= numGradValues) {
      throw new InvalidArgumentError(
          op, `Elements in reverse index must be in [0, ${numGradValues}) but got ${r}`);
    }
  }
}
