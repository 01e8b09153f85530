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
export function readScalar(backend: WebGLBackend, t: TensorInfo): number {
  return readInt32(backend, t)[0];
}

/** Uploads int32 metadata computed on the CPU as a GPU tensor. */
export function uploadInt32(backend: WebGLBackend, values: Int32Array): TensorInfo {
  const t = backend.makeTensorInfo([values.length], 'int32', values);
  backend.uploadToGPU(t.dataId);
  return t;
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
