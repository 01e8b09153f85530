/**
 * Access to the webgl backend for this package's kernels: GPU-resident
 * inputs and readback of int32 index metadata (for validation, and for the
 * few output shapes that depend on the data).
 *
 * tfjs-backend-webgl is an optional peer dependency: only its types are
 * imported; everything runs on the `backend` object a kernel receives.
 */
import type {MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';
import {env} from '@tensorflow/tfjs-core';

import {checkAllocation} from '../../../src/validation/shapes';
import type {TensorInfo} from '@tensorflow/tfjs-core';

export type WebGLBackend = MathBackendWebGL;

/** The part of tfjs's per-tensor texture record that the kernels read. */
export interface TexInfo {
  texture: WebGLTexture;
  /** Texels per texture row: flat element i is at (i % width, i / width). */
  width: number;
  /** Flat offset of a tensor that is a view (slice) of another's texture. */
  offset: number;
  /** The texture holds split int32s (see `uploadInt32`). */
  split: boolean;
}

/** The WebGL2 context of the backend; the kernels need GLSL ES 3.00. */
export function getGL(backend: WebGLBackend): WebGL2RenderingContext {
  const gl = backend.gpgpu.gl;
  if (typeof WebGL2RenderingContext === 'undefined' || !(gl instanceof WebGL2RenderingContext)) {
    throw new Error('tfjs-sparse-grad: the webgl kernels need WebGL2 (WEBGL_VERSION 2)');
  }
  return gl;
}

/**
 * The backend a kernel received, once it is known to run these kernels:
 * WebGL2 (GLSL ES 3.00) with 32-bit float textures. With 16-bit textures
 * (WEBGL_RENDER_FLOAT32_ENABLED false) int32 metadata above 2048 and the
 * float32 results would silently lose precision, so that is an error.
 */
export function webglBackend(backend: unknown): WebGLBackend {
  const webgl = backend as WebGLBackend;
  getGL(webgl);
  if (!env().getBool('WEBGL_RENDER_FLOAT32_ENABLED')) {
    throw new Error(
        'tfjs-sparse-grad: the webgl kernels need 32-bit float textures, and ' +
        'this device renders to 16-bit ones (WEBGL_RENDER_FLOAT32_ENABLED is ' +
        'false): results would lose precision');
  }
  return webgl;
}

/**
 * Makes `t` an unpacked float texture on the GPU and describes it.
 * Returns a tensor to dispose when tfjs had to unpack a packed texture.
 */
export function gpuInput(
    backend: WebGLBackend, t: TensorInfo): {tex: TexInfo, temp: TensorInfo|null} {
  backend.uploadToGPU(t.dataId);
  let info = t;
  let temp: TensorInfo|null = null;
  if (backend.texData.get(t.dataId).isPacked) {
    temp = backend.unpackTensor(t);
    info = temp;
  }
  const data = backend.texData.get(info.dataId);
  return {
    tex: {
      texture: data.texture!.texture,
      width: data.texShape![1],
      offset: data.slice?.flatOffset ?? 0,
      split: isSplitInt32(t),
    },
    temp
  };
}

/**
 * The int32 values of an index tensor, for validation or small metadata.
 * Values still on the CPU are returned without a GPU round trip.
 */
export function readInt32(backend: WebGLBackend, t: TensorInfo): Int32Array {
  const values = backend.readSync(t.dataId);
  return values instanceof Int32Array ? values : Int32Array.from(values as ArrayLike<number>);
}

/** The value of an int32 scalar input such as `outputDim0`. */
export function scalarValue(backend: WebGLBackend, t: TensorInfo): number {
  return readInt32(backend, t)[0];
}

/** tfjs-webgl keeps int32 tensors in float32 texels: exact below this magnitude. */
export const FLOAT_EXACT_INT = 2 ** 24;

/** Whether some of `values` reach 2^24 in magnitude, where float32 texels round. */
function beyondFloat(values: Int32Array): boolean {
  return values.some(v => v >= FLOAT_EXACT_INT || v <= -FLOAT_EXACT_INT);
}

/**
 * Whether the int32 values of `t` are the ones it was made with: held on
 * the CPU and never read back from a texture (tfjs drops the CPU copy when
 * it uploads a tensor, and caches what it reads back).
 */
function exactOnHost(backend: WebGLBackend, t: TensorInfo): boolean {
  const data = backend.texData.get(t.dataId);
  return data.values != null && data.texture == null && data.slice == null;
}

/**
 * The int32 values of index input `name` of `op`, for validation and the
 * kernel's index metadata. Values that come from a float texture are exact
 * only below 2^24: when the valid range `[0, bound)` goes past it and a
 * value reaches it, the call raises rather than address a wrong row.
 */
export function readIndices(
    backend: WebGLBackend, t: TensorInfo, op: string, name: string, bound: number): Int32Array {
  const exact = exactOnHost(backend, t);
  const values = readInt32(backend, t);
  if (!exact && bound > FLOAT_EXACT_INT && values.some(v => v >= FLOAT_EXACT_INT)) {
    throw new Error(
        `${op}: '${name}' holds values of 2^24 or more, and exists only in a float32 texture ` +
        `of tfjs's webgl backend, which rounds them: create it from JS values (tf.tensor) ` +
        `so that the exact values reach the kernel`);
  }
  return values;
}

/**
 * The values of int32 tensor `t` when the CPU holds them exactly and some
 * reach 2^24, which a float32 texture (and so a GPU program's int32
 * output) would round; else null. The kernels then compute on the host,
 * exactly, and return a tensor that holds its values on the CPU.
 */
export function int32ValuesBeyondFloat(backend: WebGLBackend, t: TensorInfo): Int32Array|null {
  if (t.dtype !== 'int32' || !exactOnHost(backend, t)) return null;
  const values = readInt32(backend, t);
  return beyondFloat(values) ? values : null;
}

/**
 * With the validation off, the kernels read index tensors only as float32
 * textures: raises when the valid range `[0, bound)` of input `name` goes
 * past 2^24, where those are not exact.
 */
export function checkFloatIndexRange(op: string, name: string, bound: number): void {
  if (bound > FLOAT_EXACT_INT) {
    throw new Error(
        `${op}: '${name}' ranges over [0, ${bound}), past 2^24, and with ` +
        `SPARSE_GRAD_VALIDATE off the webgl kernels read it from float32 textures, exact ` +
        `only below 2^24: turn the validation on`);
  }
}

/**
 * Split int32 uploads (see `uploadInt32`), by backend data id; the fetch
 * helpers of the programs (shaders/webgl/common.glsl.ts) read them exactly.
 */
const splitInt32Data = new WeakSet<object>();

/** Whether `t` holds split int32s: two float32 texels per element. */
export function isSplitInt32(t: TensorInfo): boolean {
  return splitInt32Data.has(t.dataId);
}

/**
 * Uploads int32 metadata computed on the CPU as a GPU tensor. Values below
 * 2^24 in magnitude go into tfjs's usual float32 texture; larger ones are
 * split into two exact float32 texels per element, `v >> 16` then
 * `v & 0xffff`, which this package's programs read back exactly (only
 * they may read such a tensor).
 */
export function uploadInt32(backend: WebGLBackend, values: Int32Array): TensorInfo {
  if (!beyondFloat(values)) {
    const t = backend.makeTensorInfo([values.length], 'int32', values);
    backend.uploadToGPU(t.dataId);
    return t;
  }
  const halves = new Float32Array(2 * values.length);
  values.forEach((v, i) => {
    const high = Math.floor(v / 65536);
    halves[2 * i] = high;
    halves[2 * i + 1] = v - high * 65536;
  });
  const t = backend.makeTensorInfo([2 * values.length], 'float32', halves);
  backend.uploadToGPU(t.dataId);
  splitInt32Data.add(t.dataId);
  return t;
}

/**
 * Index input `t` as the programs should read it: `t` itself while its
 * `values` (read with `readIndices`) stay below 2^24, else an exact split
 * upload of them, returned as `temp` to dispose. Then `t` itself is never
 * uploaded by the kernel, so its exact values stay on the CPU for the next
 * call.
 */
export function exactIndexInput(backend: WebGLBackend, t: TensorInfo, values: Int32Array):
    {input: TensorInfo, temp: TensorInfo|null} {
  if (!beyondFloat(values)) {
    return {input: t, temp: null};
  }
  const temp = uploadInt32(backend, values);
  return {input: temp, temp};
}

/** Disposes intermediate tensors (nulls are skipped). */
export function disposeAll(backend: WebGLBackend, tensors: Array<TensorInfo|null|undefined>): void {
  for (const t of tensors) {
    if (t != null) {
      backend.disposeIntermediateTensorInfo(t);
    }
  }
}

/**
 * Raises ResourceExhaustedError before an output of `shape` is made when it
 * would not fit in the largest texture tfjs can make (one element per
 * texel): tfjs would otherwise fail after registering the tensor, leaving
 * it behind.
 */
export function checkTextureSize(op: string, shape: readonly number[], dtype: string): void {
  const side = env().getNumber('WEBGL_MAX_TEXTURE_SIZE');
  checkAllocation(
      op, shape, dtype, side * side * 4, `the largest WebGL texture (${side} x ${side} texels)`);
}
