/** Access to tensor data on the cpu backend, for this package's kernels. */
import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import type {TensorInfo, TypedArray} from '@tensorflow/tfjs-core';

/** The values of a tensor held by the cpu backend (no copy). */
export function cpuValues(backend: MathBackendCPU, t: TensorInfo): TypedArray {
  return backend.data.get(t.dataId).values as TypedArray;
}

/** The value of a scalar int32 input, such as `outputDim0`. */
export function scalarValue(backend: MathBackendCPU, t: TensorInfo): number {
  return cpuValues(backend, t)[0];
}
