/**
 * webgpu kernel of TensorFlow's `SparseSlice`. Which entries fall inside the
 * slice, and their new indices, is int32 metadata worked out on the CPU from
 * the CPU-held index inputs (the cpu kernel's `sparseSliceSelect`); the
 * values are gathered on the GPU and never leave it. The output size depends
 * on the index values, so GPU-resident index inputs raise an error naming
 * `sparseSliceAsync`.
 */
import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {SparseSlice} from '../../../src/kernel_names';
import {asyncAlternative, kernelInputs} from '../../../src/op_registry';
import {checkSparseSliceShapes} from '../../../src/validation/sparse_slice';
import {sparseSliceSelect} from '../../shared/sparse_slice_impl';

import {gatherBySource} from './gather';
import {gpuResidentError, hostValues, HostValueKeeper} from './backend_util';

export const sparseSliceKernel: KernelFunc = ({inputs, backend}): TensorInfo[] => {
  const gpu = backend as WebGPUBackend;
  const op = SparseSlice;
  const [indices, values, shape, start, size] = kernelInputs(op, inputs);
  const [nnz, rank] = checkSparseSliceShapes(op, indices, values, shape, start, size);
  const host = (t: TensorInfo, name: string) => {
    const v = hostValues(gpu, t);
    if (v == null) {
      throw gpuResidentError(op, name, asyncAlternative(op));
    }
    return v;
  };
  const {selectedRows, outputIndices, outputShape} = sparseSliceSelect(
      op, host(indices, 'indices'), nnz, rank, host(shape, 'shape'), host(start, 'start'),
      host(size, 'size'));
  const keeper = new HostValueKeeper(gpu);
  keeper.keep(indices, shape, start, size);
  try {
    const outputValues = gatherBySource(gpu, values, selectedRows, null);
    return [
      gpu.makeTensorInfo([selectedRows.length, rank], 'int32', outputIndices),
      outputValues,
      gpu.makeTensorInfo([rank], 'int32', Int32Array.from(outputShape)),
    ];
  } finally {
    keeper.restore();
  }
};
