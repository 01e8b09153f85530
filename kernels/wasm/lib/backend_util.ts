/**
 * The wasm backend (`@tensorflow/tfjs-backend-wasm`) as this package's
 * kernels use it: every tensor lives in the module's linear memory (the
 * heap), so a kernel reads its inputs and writes its outputs there through
 * typed-array views, with no copy.
 *
 * A view is valid until the heap grows, which any allocation can make it do
 * (the old buffer is then detached): a kernel allocates its outputs first
 * (`output`), then takes every view (`heap`).
 *
 * tfjs-backend-wasm is an optional peer dependency: only the members used
 * here are declared (no import, not even of its types).
 */
import type {DataType, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';

import {checkAllocation} from '../../../src/validation/shapes';

/** The part of tfjs-backend-wasm's `BackendWasm` used here. */
export interface WasmBackend {
  wasm: {
    HEAPU8: Uint8Array,
    /** The module's exports; `memory` is its linear memory. */
    asm: {memory: WebAssembly.Memory},
  };
  dataIdMap: {get(dataId: object): {memoryOffset: number}};
  /** A tensor of `shape` in fresh (not zeroed) heap memory. */
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  disposeData(dataId: object): boolean;
  /** One more tensor refers to `dataId`'s memory. */
  incRef(dataId: object): void;
}

/** The backend a kernel received, with the members used here checked. */
export function wasmBackend(backend: unknown): WasmBackend {
  const b = backend as WasmBackend;
  if (b?.wasm?.asm?.memory?.buffer == null || b.wasm.HEAPU8 == null || b.dataIdMap == null ||
      typeof b.makeOutput !== 'function') {
    throw new Error(
        'tfjs-sparse-grad: this @tensorflow/tfjs-backend-wasm does not have the API the ' +
        'package uses (wasm.asm.memory, dataIdMap, makeOutput); 4.x has it');
  }
  return b;
}

/** The element type of `dtype` in the heap. */
function arrayType(dtype: DataType): Float32ArrayConstructor|Int32ArrayConstructor|
    Uint8ArrayConstructor {
  switch (dtype) {
    case 'float32':
      return Float32Array;
    case 'int32':
      return Int32Array;
    case 'bool':
      return Uint8Array;
    default:
      throw new Error(`tfjs-sparse-grad: the wasm kernels do not take ${dtype} tensors`);
  }
}

/** The number of elements of `t`. */
function sizeOf(t: TensorInfo): number {
  return t.shape.reduce((a, b) => a * b, 1);
}

/**
 * A view of `t`'s elements in the heap (valid until the next allocation).
 * Writing it writes the tensor.
 */
export function heap(backend: WasmBackend, t: TensorInfo): TypedArray {
  const Type = arrayType(t.dtype);
  const offset = backend.dataIdMap.get(t.dataId).memoryOffset;
  // An ArrayBuffer, or a SharedArrayBuffer for the threaded build: views work alike.
  return new Type(backend.wasm.HEAPU8.buffer as ArrayBuffer, offset, sizeOf(t));
}

/** `heap` for a float32 tensor. */
export function heapF32(backend: WasmBackend, t: TensorInfo): Float32Array {
  return heap(backend, t) as Float32Array;
}

/** A float32 or int32 tensor's view, typed as such. */
export function heapNumbers(backend: WasmBackend, t: TensorInfo): Float32Array|Int32Array {
  return heap(backend, t) as Float32Array | Int32Array;
}

/** The value of an int32 scalar input such as `outputDim0`. */
export function scalarValue(backend: WasmBackend, t: TensorInfo): number {
  return heap(backend, t)[0];
}

/**
 * A new tensor in the heap for op `op`; its memory is not zeroed (the kernel
 * writes all of it). Raises ResourceExhaustedError first when the heap
 * cannot grow to hold it (see `checkHeapSize`).
 */
export function output(
    backend: WasmBackend, op: string, shape: number[], dtype: DataType): TensorInfo {
  checkHeapSize(backend, op, shape, dtype);
  const t = backend.makeOutput(shape, dtype);
  // The heap may stop short of 4 GiB (a browser's limit): the module's
  // malloc then returns 0, where writing would corrupt the heap.
  if (sizeOf(t) > 0 && offset(backend, t) === 0) {
    backend.disposeData(t.dataId);
    checkAllocation(op, shape, dtype, 0, 'what the wasm heap could allocate');
  }
  return t;
}

/** A new tensor in the heap holding `values` (small index metadata). */
export function outputFrom(
    backend: WasmBackend, op: string, shape: number[], dtype: DataType,
    values: ArrayLike<number>): TensorInfo {
  const t = output(backend, op, shape, dtype);
  (heap(backend, t) as Int32Array | Float32Array).set(values);
  return t;
}

/** The byte offset of `t`'s elements in the heap (stable when the heap grows). */
export function offset(backend: WasmBackend, t: TensorInfo): number {
  return backend.dataIdMap.get(t.dataId).memoryOffset;
}

/**
 * Runs `f` with temporary heap tensors holding `arrays` (index metadata or
 * scratch space, made by the kernel in JS), and frees them after.
 */
export function withHeapArrays<T>(
    backend: WasmBackend, op: string, arrays: Array<Int32Array|Float32Array>,
    f: (offsets: number[]) => T): T {
  const temps: TensorInfo[] = [];
  try {
    for (const a of arrays) {
      temps.push(
          outputFrom(backend, op, [a.length], a instanceof Int32Array ? 'int32' : 'float32', a));
    }
    return f(temps.map(t => offset(backend, t)));
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}

/** The most bytes a wasm32 heap can hold. */
const MAX_HEAP_BYTES = 2 ** 32;

/**
 * Raises ResourceExhaustedError before an output of `shape` is made when the
 * heap could not grow enough to hold it (the module's allocator would abort
 * with "memory access out of bounds", leaving the backend unusable).
 */
export function checkHeapSize(
    backend: WasmBackend, op: string, shape: readonly number[], dtype: string): void {
  const room = MAX_HEAP_BYTES - backend.wasm.HEAPU8.buffer.byteLength;
  checkAllocation(op, shape, dtype, room, 'the room left in the wasm heap');
}
