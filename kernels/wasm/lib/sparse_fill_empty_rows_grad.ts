/**
 * wasm kernel of TensorFlow's `SparseFillEmptyRowsGrad`: the cpu kernel's
 * validation and arithmetic on the wasm heap.
 */
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {SparseFillEmptyRowsGrad} from '../../../src/kernel_names';
import {kernelInputs} from '../../../src/op_registry';
import {checkFillEmptyRowsGradShapes, checkReverseIndexMap} from '../../../src/validation/sparse_fill_empty_rows_grad';
import {sparseFillEmptyRowsGradImpl} from '../../shared/sparse_fill_empty_rows_grad_impl';

import {heap, heapNumbers, output, wasmBackend} from './backend_util';

export const sparseFillEmptyRowsGradKernel: KernelFunc = ({inputs, backend}): TensorInfo[] => {
  const wasm = wasmBackend(backend);
  const op = SparseFillEmptyRowsGrad;
  const [reverseIndexMap, gradValues] = kernelInputs(op, inputs);
  checkFillEmptyRowsGradShapes(op, reverseIndexMap, gradValues);
  checkReverseIndexMap(op, heap(wasm, reverseIndexMap), gradValues.shape[0]);
  const dValues = output(wasm, op, [reverseIndexMap.shape[0]], gradValues.dtype);
  const dDefaultValue = output(wasm, op, [], gradValues.dtype);
  sparseFillEmptyRowsGradImpl(
      heap(wasm, reverseIndexMap), heapNumbers(wasm, gradValues),
      {dValues: heapNumbers(wasm, dValues), dDefaultValue: heapNumbers(wasm, dDefaultValue)});
  return [dValues, dDefaultValue];
};
