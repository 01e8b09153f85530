/**
 * cpu kernel of TensorFlow's `SparseSlice`: the entries of a sparse tensor
 * that fall inside the box `[start, start + size)`, re-based to `start`.
 */
import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import type {KernelFunc, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';

import {SparseSlice} from '../../../src/kernel_names';
import {kernelInputs} from '../../../src/op_registry';
import {checkSparseSliceShapes} from '../../../src/validation/sparse_slice';

import {cpuValues} from './backend_util';
import {sparseSliceSelect} from '../../shared/sparse_slice_impl';

export const sparseSliceKernel: KernelFunc = ({inputs, backend}): TensorInfo[] => {
  const cpu = backend as MathBackendCPU;
  const [indices, values, shape, start, size] = kernelInputs(SparseSlice, inputs);
  const [nnz, rank] = checkSparseSliceShapes(SparseSlice, indices, values, shape, start, size);
  const {selectedRows, outputIndices, outputShape} = sparseSliceSelect(
      SparseSlice, cpuValues(cpu, indices), nnz, rank, cpuValues(cpu, shape), cpuValues(cpu, start),
      cpuValues(cpu, size));
  const inputValues = cpuValues(cpu, values);
  const outputValues =
      new (inputValues.constructor as {new (n: number): TypedArray})(selectedRows.length);
  for (let k = 0; k < selectedRows.length; k++) {
    outputValues[k] = inputValues[selectedRows[k]];
  }
  return [
    cpu.makeTensorInfo([selectedRows.length, rank], 'int32', outputIndices),
    cpu.makeTensorInfo([selectedRows.length], values.dtype, outputValues),
    cpu.makeTensorInfo([rank], 'int32', Int32Array.from(outputShape))
  ];
};
