/**
 * wasm kernel of TensorFlow's `SparseSliceGrad`: the cpu kernel's
 * validation and arithmetic on the wasm heap.
 */
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {SparseSliceGrad} from '../../../src/kernel_names';
import {kernelInputs} from '../../../src/op_registry';
import {checkSliceGradShapes, matchSliceGradRows} from '../../../src/validation/sparse_slice_grad';
import {sparseSliceGradImpl} from '../../shared/sparse_slice_grad_impl';

import {heap, heapNumbers, output, wasmBackend} from './backend_util';

export const sparseSliceGradKernel: KernelFunc = ({inputs, backend}): TensorInfo => {
  const wasm = wasmBackend(backend);
  const op = SparseSliceGrad;
  const [backpropValGrad, inputIndices, inputStart, outputIndices] = kernelInputs(op, inputs);
  const [nnzIn, nnzOut, rank] =
      checkSliceGradShapes(op, backpropValGrad, inputIndices, inputStart, outputIndices);
  const dtype = backpropValGrad.dtype;
  if (nnzIn === 0) {
    return output(wasm, op, [0], dtype);
  }
  const sourceRow = matchSliceGradRows(
      op, heap(wasm, inputIndices), heap(wasm, outputIndices), heap(wasm, inputStart), nnzIn,
      nnzOut, rank);
  const valGrad = output(wasm, op, [nnzIn], dtype);
  sparseSliceGradImpl(heapNumbers(wasm, backpropValGrad), sourceRow, heapNumbers(wasm, valGrad));
  return valGrad;
};
