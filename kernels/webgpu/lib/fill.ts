/** Tensors filled on the GPU (no upload of CPU zeros). */
import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import type {DataType, TensorInfo} from '@tensorflow/tfjs-core';
import {util} from '@tensorflow/tfjs-core';

import type {ShaderDtype} from '../../../shaders/webgpu/common.wgsl';
import {fillProgram} from '../../../shaders/webgpu/fill.wgsl';

import {runProgram} from './program';

/** Writes zeros into `output` (any shape). */
export function fillZeros(backend: WebGPUBackend, output: TensorInfo): TensorInfo {
  return fillInteger(backend, output, 0);
}

/** Writes the integer `value` into every element of `output` (any shape). */
export function fillInteger(backend: WebGPUBackend, output: TensorInfo, value: number): TensorInfo {
  const n = util.sizeFromShape(output.shape);
  if (n === 0) {
    // Nothing to write; tfjs marks empty tensors with empty CPU values.
    backend.tensorMap.get(output.dataId).values =
        output.dtype === 'float32' ? new Float32Array(0) : new Int32Array(0);
    return output;
  }
  const dtype: ShaderDtype = output.dtype === 'float32' ? 'float32' : 'int32';
  return runProgram(
      backend, fillProgram({dtype, value}), [], output.dtype,
      {invocations: n, uniforms: {n}, output});
}

/** A new zero tensor of `shape` and `dtype`. */
export function zeros(backend: WebGPUBackend, shape: number[], dtype: DataType): TensorInfo {
  return fillZeros(backend, backend.makeTensorInfo(shape, dtype));
}
