/**
 * wasm kernel of TensorFlow's `SparseSlice`: the cpu kernel's validation
 * and selection (kernels/shared/sparse_slice_impl.ts) on the wasm heap.
 */
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {SparseSlice} from '../../../src/kernel_names';
import {kernelInputs} from '../../../src/op_registry';
import {checkSparseSliceShapes} from '../../../src/validation/sparse_slice';
import {sparseSliceSelect} from '../../shared/sparse_slice_impl';

import {heap, output, outputFrom, wasmBackend} from './backend_util';

export const sparseSliceKernel: KernelFunc = ({inputs, backend}): TensorInfo[] => {
  const wasm = wasmBackend(backend);
  const [indices, values, shape, start, size] = kernelInputs(SparseSlice, inputs);
  const [nnz, rank] = checkSparseSliceShapes(SparseSlice, indices, values, shape, start, size);
  const {selectedRows, outputIndices, outputShape} = sparseSliceSelect(
      SparseSlice, heap(wasm, indices), nnz, rank, heap(wasm, shape), heap(wasm, start),
      heap(wasm, size));
  const count = selectedRows.length;
  const outIndices = outputFrom(wasm, SparseSlice, [count, rank], 'int32', outputIndices);
  const outValues = output(wasm, SparseSlice, [count], values.dtype);
  const outShape = outputFrom(wasm, SparseSlice, [rank], 'int32', outputShape);
  const source = heap(wasm, values);
  const target = heap(wasm, outValues);
  for (let k = 0; k < count; k++) {
    target[k] = source[selectedRows[k]];
  }
  return [outIndices, outValues, outShape];
};
