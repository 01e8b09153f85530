/** The gather by CPU-computed source positions (gather.wgsl.ts). */
import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import type {DataType, TensorInfo} from '@tensorflow/tfjs-core';
import {util} from '@tensorflow/tfjs-core';

import {gatherProgram} from '../../../shaders/webgpu/gather.wgsl';

import {runProgram} from './program';
import {disposeAll} from './backend_util';

/**
 * A new `[source.length]` tensor of `values`' dtype: `values[source[i]]`, or
 * `defaultValue` (a scalar tensor; 0 when null) where `source[i]` is -1.
 */
export function gatherBySource(
    backend: WebGPUBackend, values: TensorInfo, source: Int32Array, defaultValue: TensorInfo|null,
    dtype: DataType = values.dtype): TensorInfo {
  const n = source.length;
  const out = backend.makeTensorInfo([n], dtype);
  if (n === 0) {
    backend.tensorMap.get(out.dataId).values =
        dtype === 'float32' ? new Float32Array(0) : new Int32Array(0);
    return out;
  }
  const numValues = util.sizeFromShape(values.shape);
  const hasValues = numValues > 0;
  const sourceTensor = backend.makeTensorInfo([n], 'int32', source);
  const inputs = [
    ...(hasValues ? [sourceTensor, values] : []),
    ...(defaultValue != null ? [defaultValue] : []),
  ];
  try {
    return runProgram(
        backend, gatherProgram({
          dtype: dtype === 'float32' ? 'float32' : 'int32',
          hasValues,
          hasDefaultInput: defaultValue != null,
        }),
        inputs, dtype, {invocations: n, uniforms: {n, numValues}, output: out});
  } finally {
    disposeAll(backend, [sourceTensor]);
  }
}
