/**
 * Host-side helpers of the webgpu kernels: which int32 inputs still have
 * their values on the CPU, and keeping them there.
 *
 * In Chromium a synchronous readback of GPU data (`dataSync`,
 * `backend.readSync`) breaks the WebGPU device for every later op, so these
 * kernels never read GPU-resident data. A tensor made from JS values keeps
 * them on the CPU until its first GPU use (then tfjs drops them); an async
 * read (`await t.data()`) puts them back. Kernels use such values for
 * validation and index metadata only, never for float results.
 */
import {checkAllocation} from '../../../src/validation/shapes';
import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import type {BackendValues, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';

/** The values of `t` when the backend holds them on the CPU, else null. */
export function hostValues(backend: WebGPUBackend, t: TensorInfo): TypedArray|null {
  const values = backend.tensorMap.get(t.dataId)?.values;
  return values == null ? null : values as TypedArray;
}

/**
 * Raised when a kernel needs values that live only on the GPU to size its
 * output (V2's unique count, a slice's entries, ...). It names the async
 * variant that reads them back first.
 */
export function gpuResidentError(op: string, inputName: string, asyncAlternative: string): Error {
  return new Error(
      `${op} on webgpu needs the values of '${inputName}' on the CPU to size ` +
      `its output, but they are on the GPU, and a synchronous GPU readback ` +
      `breaks the WebGPU device. Use ${asyncAlternative}, or await ` +
      `${inputName}.data() once before the call. [Op:${op}]`);
}

/** The value of an int32 scalar input held on the CPU, or the error above. */
export function scalarValue(
    backend: WebGPUBackend, op: string, t: TensorInfo, inputName: string,
    asyncAlternative: string): number {
  const values = hostValues(backend, t);
  if (values == null) {
    throw gpuResidentError(op, inputName, asyncAlternative);
  }
  return values[0];
}

/**
 * Keeps CPU-held int32 inputs readable after the kernel uploads them: tfjs
 * drops a tensor's CPU values on upload, and the next kernel (or the next
 * training step) would then find only GPU data it cannot read. Keeping both
 * copies is the state tfjs itself leaves after an async read; tensors are
 * immutable, so they cannot diverge.
 */
export class HostValueKeeper {
  private readonly kept: Array<[TensorInfo, BackendValues]> = [];

  constructor(private readonly backend: WebGPUBackend) {}

  /** Remembers the CPU values of each tensor that has them. */
  keep(...tensors: TensorInfo[]): void {
    for (const t of tensors) {
      const values = this.backend.tensorMap.get(t.dataId)?.values;
      if (values != null) {
        this.kept.push([t, values]);
      }
    }
  }

  /** Puts the remembered values back where uploads dropped them. */
  restore(): void {
    for (const [t, values] of this.kept) {
      const data = this.backend.tensorMap.get(t.dataId);
      if (data != null && data.values == null) {
        data.values = values;
      }
    }
  }
}

/** Disposes the backend-level intermediates of a kernel. */
export function disposeAll(
    backend: WebGPUBackend, tensors: Array<TensorInfo|null|undefined>): void {
  for (const t of tensors) {
    if (t != null) {
      backend.disposeData(t.dataId);
    }
  }
}

/**
 * Raises ResourceExhaustedError before an output of `shape` is made when it
 * would reach the device's largest storage buffer (one that large is an
 * invalid buffer: it reads back as zeros, or fails to map, or stalls the
 * page). Chrome's SwiftShader device, whose limit is 1 GiB, fails to make a
 * buffer of exactly 1 GiB, hence "reach", not "exceed". A device may still
 * run out of memory below its limit; WebGPU reports that asynchronously.
 */
export function checkBufferSize(
    backend: WebGPUBackend, op: string, shape: readonly number[], dtype: string): void {
  const limits = backend.device.limits;
  const limit = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  checkAllocation(
      op, shape, dtype, limit, `this WebGPU device's largest storage buffer`, {belowLimit: true});
}

/**
 * Runs `f` with int32 tensors keeping their CPU values when webgpu uploads
 * them (tfjs drops them on upload): a training step's ids, made from JS
 * values, then reach the sparse update still on the CPU, where it validates
 * them and raises TensorFlow's error, every step alike. Tensors are
 * immutable, so the two copies cannot diverge (tfjs itself keeps both after
 * an async read).
 */
export function keepingIntValues<T>(backend: WebGPUBackend, f: () => T): T {
  const b = backend as unknown as {uploadToGPU(dataId: object): void};
  if (Object.prototype.hasOwnProperty.call(b, 'uploadToGPU')) return f();
  const upload = b.uploadToGPU;
  b.uploadToGPU = (dataId: object) => {
    const data = backend.tensorMap.get(dataId);
    const values = data?.dtype === 'int32' ? data.values : null;
    upload.call(backend, dataId);
    if (values != null && data != null && data.values == null) data.values = values;
  };
  try {
    return f();
  } finally {
    delete (b as Partial<typeof b>).uploadToGPU;
  }
}
