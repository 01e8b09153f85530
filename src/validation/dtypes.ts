/**
 * Dtype checks with TensorFlow's wording.
 *
 * TensorFlow rejects a tensor whose dtype an op does not allow before its
 * kernel runs, with one of two messages: an attr check ("Value for attr 'T'
 * of int32 is not in the list of allowed values: ...") for type attributes,
 * or an input check ("... was expected to be a int32 tensor but is a float
 * tensor") for inputs of a fixed type. tfjs has no int64, half or float64, so
 * the allowed lists below name what TF allows and what tfjs can pass.
 */
import type {TensorInfo} from '@tensorflow/tfjs-core';

import {InvalidArgumentError, NotFoundError, tfDtypeName} from '../errors';

/** TF's allowed values of a float-only `T` attr (half, bfloat16, double are not in tfjs). */
export const FLOAT_TYPES = ['bfloat16', 'half', 'float', 'double'];
/** TF's allowed values of an index-type attr (`Tidx`, `Tsegmentids`). */
export const INDEX_TYPES = ['int32', 'int64'];
/** TF's `realnumbertypes`. */
export const REAL_NUMBER_TYPES = [
  'float', 'double', 'int32', 'uint8', 'int16', 'int8', 'int64', 'bfloat16', 'uint16', 'half',
  'uint32', 'uint64'
];
/** TF's `numbertypes`. */
export const NUMBER_TYPES = [
  'float', 'double', 'int32', 'uint8', 'int16', 'int8', 'complex64', 'int64', 'qint8', 'quint8',
  'qint32', 'bfloat16', 'qint16', 'quint16', 'uint16', 'complex128', 'half', 'uint32', 'uint64'
];

/** Checks a type attr such as `T` or `Tidx`: the tfjs dtypes in `allowed` pass. */
export function checkTypeAttr(
    op: string, attr: string, tensor: TensorInfo, allowed: ReadonlyArray<'float32'|'int32'|'bool'>,
    tfAllowedList: readonly string[]): void {
  if (!(allowed as readonly string[]).includes(tensor.dtype)) {
    throw new InvalidArgumentError(
        op,
        `Value for attr '${attr}' of ${
            tfDtypeName(
                tensor.dtype)} is not in the list of allowed values: ${tfAllowedList.join(', ')}`);
  }
}

/** Checks an input whose dtype the op fixes (int32 in tfjs for TF's int64 inputs). */
export function checkInputDtype(
    op: string, inputIndex: number, tensor: TensorInfo, expected: 'float32'|'int32'): void {
  if (tensor.dtype !== expected) {
    throw new InvalidArgumentError(
        op,
        `cannot compute ${op} as input #${inputIndex}(zero-based) was ` +
            `expected to be a ${tfDtypeName(expected)} tensor but is a ${
                tfDtypeName(tensor.dtype)} tensor`);
  }
}

/** Checks that `tensor` is int32 for an index input typed by an attr (`Tidx`, `Tsegmentids`). */
export function checkIndexAttr(op: string, attr: string, tensor: TensorInfo): void {
  checkTypeAttr(op, attr, tensor, ['int32'], INDEX_TYPES);
}

/**
 * Checks the dtype of a `T: type` attr that TF allows for any type but has
 * kernels only for numbers: TF reports that no device has a kernel (the
 * first line of TF 2.21's eager message; it goes on to list the kernels).
 */
export function checkHasKernelFor(
    op: string, tensor: TensorInfo, allowed: ReadonlyArray<'float32'|'int32'|'bool'>): void {
  if (!(allowed as readonly string[]).includes(tensor.dtype)) {
    throw new NotFoundError(
        op,
        `Could not find device for node: {{node ${op}}} = ${op}[T=DT_${
            tfDtypeName(tensor.dtype).toUpperCase()}]`);
  }
}
