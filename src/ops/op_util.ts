/** Argument conversion shared by the public ops. */
import {Tensor, tensor} from '@tensorflow/tfjs-core';
import type {DataType, TensorLike} from '@tensorflow/tfjs-core';

/** True for a tfjs Tensor, also one made by another copy of tfjs-core. */
export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor ||
      (x != null && typeof x === 'object' && 'dataId' in x && 'shape' in x && 'dtype' in x);
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * Converts an op argument to a tensor. A Tensor must already have `dtype`
 * (when given); a TensorLike is converted, and for int32 every value must be
 * an integer in the int32 range (tfjs would silently truncate 2.5 to 2).
 */
export function toTensor(
    x: Tensor|TensorLike, argName: string, functionName: string, dtype?: DataType): Tensor {
  if (isTensor(x)) {
    if (dtype != null && x.dtype !== dtype) {
      throw new Error(`Argument '${argName}' passed to '${functionName}' must be ${
          dtype} tensor, but got ${x.dtype} tensor`);
    }
    return x;
  }
  if (dtype === 'int32') {
    checkIntegers(x, argName, functionName);
  }
  return tensor(x as TensorLike, undefined, dtype);
}

/**
 * Converts a size argument (`outputDim0`, `numSegments`): an integer number
 * or an int32 scalar tensor.
 */
export function toScalarInt(x: number|Tensor, argName: string, functionName: string): Tensor {
  if (typeof x === 'number') {
    checkIntegers(x, argName, functionName);
    return tensor(x, [], 'int32');
  }
  return toTensor(x, argName, functionName, 'int32');
}

function checkIntegers(x: unknown, argName: string, functionName: string): void {
  const check = (v: unknown): void => {
    if (typeof v === 'number') {
      if (!Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX) {
        throw new Error(`Argument '${argName}' passed to '${
            functionName}' must hold int32 integers, but holds ${v}`);
      }
    } else if (
        v instanceof Int32Array || v instanceof Int16Array || v instanceof Int8Array ||
        v instanceof Uint16Array || v instanceof Uint8Array) {
      return;  // integers in the int32 range by construction
    } else if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      const items = v as ArrayLike<unknown>;
      for (let i = 0; i < items.length; i++) {
        check(items[i]);
      }
    } else {
      throw new Error(`Argument '${argName}' passed to '${
          functionName}' must be a number, an array of numbers or an int32 tensor, but holds ${
          typeof v}`);
    }
  };
  check(x);
}
