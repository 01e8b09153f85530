/**
 * The guard of the webgpu kernels that run on index values living only on
 * the GPU, which they cannot validate on the host (in Chromium a
 * synchronous readback breaks the WebGPU device). TensorFlow would raise
 * on an invalid entry; here:
 *
 * 1. a GPU pass sets a flag when any entry is invalid (TF's checks,
 *    shaders/webgpu/guard.wgsl.ts);
 * 2. when it is set, every output of the call is overwritten with NaN
 *    (INT32_MIN for int32) on the GPU, or, for the in-place updates, the
 *    update is skipped: an invalid call never leaves a plausible answer;
 * 3. the flag is read back asynchronously (never blocking); when it was
 *    set, the index inputs (kept alive until then) are read back too, the host validation runs on
 * them, and its error (TensorFlow's text, with the op name) is reported (`onGpuIndexError`, default
 * `console.error`), for every such call.
 *
 * The `...Async` ops read the indices back first and raise that error
 * instead. With `SPARSE_GRAD_VALIDATE` off there is no guard: invalid
 * entries are skipped.
 */
import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import type {TensorInfo, TypedArray} from '@tensorflow/tfjs-core';
import {util} from '@tensorflow/tfjs-core';

import {POISON_BITS, poisonProgram, sliceValidityProgram, ValidityCheck, validityProgram} from '../../../shaders/webgpu/guard.wgsl';
import {reportGpuIndexError} from '../../../src/gpu_index_errors';

import {fillZeros} from './fill';
import {runProgram} from './program';

/** The flag of a check: an int32 `[1]`, 0 when every entry passed. */
export function validityFlag(
    gpu: WebGPUBackend, check: ValidityCheck, inputs: TensorInfo[], n: number, bound0: number,
    bound1: number): TensorInfo {
  const flag = fillZeros(gpu, gpu.makeTensorInfo([1], 'int32'));
  if (n > 0) {
    runProgram(
        gpu, validityProgram({check}), inputs, 'int32',
        {invocations: n, uniforms: {n, bound0, bound1}, output: flag});
  }
  return flag;
}

/** The flag of SparseSliceGrad's merge (set when an output row matched no input row). */
export function sliceValidityFlag(
    gpu: WebGPUBackend, inputs: TensorInfo[], nnzIn: number, nnzOut: number,
    rank: number): TensorInfo {
  const flag = fillZeros(gpu, gpu.makeTensorInfo([1], 'int32'));
  runProgram(
      gpu, sliceValidityProgram(), inputs, 'int32',
      {invocations: 1, uniforms: {nnzIn, nnzOut, rank}, output: flag});
  return flag;
}

/** Overwrites every element of `outputs` with NaN (or INT32_MIN) when `flag` is set. */
export function poisonIfFlagged(gpu: WebGPUBackend, flag: TensorInfo, outputs: TensorInfo[]): void {
  for (const out of outputs) {
    const n = util.sizeFromShape(out.shape);
    if (n === 0) continue;
    const dtype = out.dtype === 'int32' ? 'int32' : 'float32';
    runProgram(
        gpu, poisonProgram({dtype}), [flag], out.dtype,
        {invocations: n, uniforms: {n, poisonBits: POISON_BITS[dtype]}, output: out});
  }
}

/**
 * Reads `flag` back asynchronously; when it is set, reads `indexInputs`
 * back too, runs `validate` on their values and reports the error it raises
 * (`message` when it raises none). Takes ownership of `flag`.
 */
export function reportIfFlagged(
    gpu: WebGPUBackend, op: string, asyncAlternative: string, flag: TensorInfo,
    indexInputs: TensorInfo[], validate: (values: TypedArray[]) => void): void {
  // The caller may dispose its inputs before the flag is read: a reference
  // of our own keeps their buffers until then (no copy is made).
  for (const t of indexInputs) gpu.incRef(t.dataId);
  const release = () => {
    for (const t of indexInputs) gpu.disposeData(t.dataId);
  };
  // The flag's copy to a staging buffer is queued now (getBufferData
  // submits it before it waits), so its tensor goes at once: a kernel
  // leaves no data id of its own behind (tfjs's leak check in test mode).
  // The inputs are read only when the flag is set: a valid call reads back
  // one int32.
  const flagBits = gpu.getBufferData(gpu.tensorMap.get(flag.dataId).resource as GPUBuffer);
  gpu.disposeData(flag.dataId);
  void flagBits
      .then(async bits => {
        if (new Int32Array(bits as ArrayBuffer)[0] === 0) return;
        const values = await Promise.all(indexInputs.map(t => gpu.read(t.dataId)));
        let error: Error|null = null;
        try {
          validate(values as TypedArray[]);
        } catch (e) {
          error = e as Error;
        }
        const found = error?.message ?? `an index out of range [Op:${op}]`;
        // An async op's name, or how to call the op so that it raises.
        const instead = /^\w+$/.test(asyncAlternative) ?
            `${asyncAlternative} raises it instead` :
            `with ${asyncAlternative}, the call raises it instead`;
        reportGpuIndexError(new Error(
            `${found} (found on the GPU in index inputs that live there; the outputs of ` +
            `that ${op} call were set to NaN, or the update was skipped; ${instead})`));
      })
      .catch(e => reportGpuIndexError(e as Error))
      .finally(release);
}
