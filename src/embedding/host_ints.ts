/**
 * Reading small int32 inputs (ids, sparse indices, dense shapes) on the
 * host, for the functions whose output shape or index checks depend on them.
 * On cpu and webgl a read is allowed (webgl reads int32 metadata back, never
 * float data); on webgpu a synchronous read of GPU data breaks the device in
 * Chromium, so only values the backend still holds on the CPU (a tensor
 * made from JS values, or one read with `await t.data()`) are used, and the
 * `...Async` variant of the function reads the others first.
 */
import {engine, getBackend} from '@tensorflow/tfjs-core';
import type {Tensor} from '@tensorflow/tfjs-core';

/**
 * The values a GPU backend (webgl's `texData`, webgpu's `tensorMap`) holds
 * on the CPU for `t`, or null (on the GPU only).
 */
function gpuHostValues(t: Tensor): ArrayLike<number>|null {
  const backend = engine().backend as unknown as {
    texData?: {get(dataId: object): {values?: unknown} | undefined},
    tensorMap?: {get(dataId: object): {values?: unknown} | undefined},
  };
  const values = (backend.texData ?? backend.tensorMap)?.get(t.dataId)?.values;
  return values == null ? null : values as ArrayLike<number>;
}

/**
 * The values of `t` when reading them costs no GPU readback: every value on
 * cpu, wasm and tensorflow (their data is on the host); on webgl and webgpu
 * only values still held on the CPU, else null.
 */
export function heldValues(t: Tensor): ArrayLike<number>|null {
  const backend = getBackend();
  return backend === 'webgl' || backend === 'webgpu' ? gpuHostValues(t) : t.dataSync();
}

function asInt32(values: ArrayLike<number>): Int32Array {
  return values instanceof Int32Array ? values : Int32Array.from(values);
}

/** The values of int32 tensor `t`, read on the host (see above). */
export function hostInts(t: Tensor, name: string, fn: string, asyncFn: string): Int32Array {
  if (getBackend() === 'webgpu') {
    const values = gpuHostValues(t);
    if (values == null) {
      throw new Error(
          `${fn} on webgpu needs the values of '${name}' on the CPU, but ` +
          `they are on the GPU, and a synchronous GPU readback breaks the ` +
          `WebGPU device. Use ${asyncFn}, or await ${name}.data() once before the call.`);
    }
    return asInt32(values);
  }
  return asInt32(t.dataSync());
}
