/** Shorthands for writing tensors in the case table. */
import type {TensorSpec} from './types';

export function f32(shape: number[], values: ArrayLike<number>): TensorSpec {
  return {shape, dtype: 'float32', values};
}

export function i32(shape: number[], values: ArrayLike<number>): TensorSpec {
  return {shape, dtype: 'int32', values};
}

export function bool(shape: number[], values: ArrayLike<number>): TensorSpec {
  return {shape, dtype: 'bool', values};
}

/** An int32 scalar. */
export function scalarI32(value: number): TensorSpec {
  return i32([], [value]);
}

/** `[1, 2, ..., n]` reshaped: TF's test helper `_input(shape)`. */
export function arange1(shape: number[]): TensorSpec {
  const n = shape.reduce((a, b) => a * b, 1);
  return f32(shape, Array.from({length: n}, (_, i) => i + 1));
}

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
