/**
 * The wasm kernel functions of the sparse optimizers' in-place updates
 * (`SparseGradApply*`) and of `SparseGradOwnedCopy`: the looked-up rows of
 * the variable's and slots' own heap memory (which the optimizer has made
 * theirs alone first, with `SparseGradOwnedCopy`) are updated in place by the
 * compiled loop (native/sparse_grad.c: sgd, adagrad, lazy Adam) or the
 * TypeScript loops (kernels/shared/sparse_apply_impl.ts); bit-identical to
 * cpu. `SparseGradSumDuplicates` runs the TypeScript loop on heap views.
 */
import type {KernelFunc} from '@tensorflow/tfjs-core';

import {SparseGradApplyAdagrad, SparseGradApplyLazyAdam, SparseGradApplySGD, SparseGradOwnedCopy} from '../../../src/kernel_names';
import {kernelInputs, OpName} from '../../../src/op_registry';
import {checkSparseApplyCall, checkSparseApplyIndices, checkSumDuplicatesCall} from '../../../src/validation/sparse_apply';
import {applyRows, groupByRow, sumDuplicateRows, updateConstants} from '../../shared/sparse_apply_impl';

import {heap, heapF32, offset, output, wasmBackend, withHeapArrays} from './backend_util';
import {nativeFor} from './native';

/** The updates of the compiled loops (native/sparse_grad.c). */
const NATIVE_UPDATES =
    new Set<string>([SparseGradApplySGD, SparseGradApplyAdagrad, SparseGradApplyLazyAdam]);

/** The kernel function of one of the `SparseGradApply*` kernels. */
export function sparseApplyKernel(op: OpName): KernelFunc {
  return ({inputs, backend, attrs}) => {
    const wasm = wasmBackend(backend);
    const call = checkSparseApplyCall(op, inputs, attrs);
    const indices = heap(wasm, call.indices);
    checkSparseApplyIndices(op, indices, call.numRows);
    const groups = groupByRow(indices);
    const numGroups = groups.rows.length;
    if (numGroups === 0) return [];
    // The compiled loops cover sgd, adagrad and lazy Adam; the TypeScript
    // loops on the heap views do the rest.
    const native = NATIVE_UPDATES.has(op) ? nativeFor(wasm) : null;
    if (native == null) {
      applyRows(
          op, heapF32(wasm, call.variable), call.slots.map(t => heapF32(wasm, t)), groups,
          heapF32(wasm, call.values), call.rowSize, call.attrs);
      return [];
    }
    const d = call.rowSize;
    const k = updateConstants(call.attrs);
    const [variable, values] = [offset(wasm, call.variable), offset(wasm, call.values)];
    const slots = call.slots.map(t => offset(wasm, t));
    withHeapArrays(
        wasm, op, [groups.rows, groups.starts, groups.order, new Float32Array(d)],
        ([rows, starts, order, g]) => {
          switch (op) {
            case SparseGradApplySGD:
              native.apply_sgd(variable, g, values, rows, starts, order, numGroups, d, k.nlr);
              break;
            case SparseGradApplyAdagrad:
              native.apply_adagrad(
                  variable, slots[0], g, values, rows, starts, order, numGroups, d, k.nlr, k.eps);
              break;
            case SparseGradApplyLazyAdam:
              native.apply_lazy_adam(
                  variable, slots[0], slots[1], g, values, rows, starts, order, numGroups, d, k.b1,
                  k.b2, k.omb1, k.omb2, k.c1, k.c2, k.eps, k.nlr);
              break;
            default:
              throw new Error(`unknown sparse update ${op}`);
          }
        });
    return [];
  };
}

/** `SparseGradOwnedCopy`: heap memory of its own with `x`'s values. */
export const ownedCopyKernel: KernelFunc = ({inputs, backend}) => {
  const wasm = wasmBackend(backend);
  const [x] = kernelInputs(SparseGradOwnedCopy, inputs);
  const out = output(wasm, SparseGradOwnedCopy, x.shape, x.dtype);
  heap(wasm, out).set(heap(wasm, x));
  return out;
};

/** `SparseGradSumDuplicates`: each row once, its rows summed, at its first position. */
export const sumDuplicatesKernel: KernelFunc = ({inputs, backend, attrs}) => {
  const wasm = wasmBackend(backend);
  const op = 'SparseGradSumDuplicates';
  const call = checkSumDuplicatesCall(inputs, attrs);
  const groups = groupByRow(heap(wasm, call.indices));
  checkSparseApplyIndices(op, heap(wasm, call.indices), call.numRows);
  const outIndices = output(wasm, op, call.indices.shape, 'int32');
  const outValues = output(wasm, op, call.values.shape, 'float32');
  // Views taken after the last allocation (the heap may have grown).
  sumDuplicateRows(
      groups, heapF32(wasm, call.values), call.rowSize, heap(wasm, outIndices) as Int32Array,
      heapF32(wasm, outValues));
  return [outIndices, outValues];
};
