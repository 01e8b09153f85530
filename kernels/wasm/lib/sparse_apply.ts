/**
 * The wasm kernel functions of the sparse optimizers' in-place updates
 * (`SparseGradApply*`) and of `SparseGradOwnedCopy`: the cpu kernel's
 * arithmetic (kernels/cpu/impl/sparse_apply_impl.ts) on views of the
 * variable's and slots' own heap memory, which the optimizer has made
 * theirs alone first (`SparseGradOwnedCopy`).
 */
import type {KernelFunc} from '@tensorflow/tfjs-core';

import {kernelInputs, OpName} from '../../../src/op_registry';
import {checkSparseApplyCall, checkSparseApplyIndices} from '../../../src/validation/sparse_apply';
import {applyRows, groupByRow} from '../../cpu/impl/sparse_apply_impl';

import {heap, heapF32, output, wasmBackend} from './backend_util';

/** The kernel function of one of the `SparseGradApply*` kernels. */
export function sparseApplyKernelFunc(op: OpName): KernelFunc {
  return ({inputs, backend, attrs}) => {
    const wasm = wasmBackend(backend);
    const call = checkSparseApplyCall(op, inputs, attrs);
    const indices = heap(wasm, call.indices);
    checkSparseApplyIndices(op, indices, call.numRows);
    const groups = groupByRow(indices);
    applyRows(
        op, heapF32(wasm, call.variable), call.slots.map(t => heapF32(wasm, t)), groups,
        heapF32(wasm, call.values), call.rowSize, call.attrs);
    return [];
  };
}

/** `SparseGradOwnedCopy`: heap memory of its own with `x`'s values. */
export const ownedCopyKernelFunc: KernelFunc = ({inputs, backend}) => {
  const wasm = wasmBackend(backend);
  const [x] = kernelInputs('SparseGradOwnedCopy', inputs);
  const out = output(wasm, x.shape, x.dtype);
  heap(wasm, out).set(heap(wasm, x));
  return out;
};
