/**
 * The `tensorflow` kernel functions of the sparse optimizers' updates
 * (`SparseGradApply*`) and of `SparseGradOwnedCopy`.
 *
 * tfjs-node keeps each tensor in an immutable TensorFlow handle, so a row
 * cannot be written inside it: the update reads the variable (and slots)
 * out, applies the cpu kernel's arithmetic to the looked-up rows (so the
 * result is bit-identical to the cpu backend's), and gives the tensor the
 * new values, which tfjs-node hands to TensorFlow at their next use. That
 * copies the variable out and in once per step: O(V * D) memory traffic,
 * but no `[V, D]` arithmetic.
 */
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {kernelInputs, OpName} from '../../../src/op_registry';
import {checkSparseApplyCall, checkSparseApplyIndices} from '../../../src/validation/sparse_apply';
import {applyRows, groupByRow} from '../../cpu/impl/sparse_apply_impl';

import {runNative, TensorFlowBackend, tensorflowBackend, typeAttr} from './backend_util';

/**
 * The values of `t` in an array that only `t` uses: tfjs-node's pending JS
 * values when it has them (they became `t`'s own when it was made), else a
 * copy read out of TensorFlow.
 */
function ownValues<T>(backend: TensorFlowBackend, t: TensorInfo): T {
  return backend.readSync(t.dataId) as T;
}

/** Gives tensor `t` the values `values` (the old TensorFlow handle is released). */
function replaceValues(backend: TensorFlowBackend, t: TensorInfo, values: Float32Array): void {
  const info = backend.tensorMap.get(t.dataId);
  if (info.values === values) return;
  if (info.id >= 0) backend.binding.deleteTensor(info.id);
  info.id = -1;
  info.values = values;
}

/** The kernel function of one of the `SparseGradApply*` kernels. */
export function sparseApplyKernelFunc(op: OpName): KernelFunc {
  return ({inputs, backend, attrs}) => {
    const tf = tensorflowBackend(backend);
    const call = checkSparseApplyCall(op, inputs, attrs);
    const indices = ownValues<Int32Array>(tf, call.indices);
    checkSparseApplyIndices(op, indices, call.numRows);
    const groups = groupByRow(indices);
    if (groups.rows.length === 0) return [];
    const variable = ownValues<Float32Array>(tf, call.variable);
    const slots = call.slots.map(t => ownValues<Float32Array>(tf, t));
    applyRows(
        op, variable, slots, groups, ownValues<Float32Array>(tf, call.values), call.rowSize,
        call.attrs);
    replaceValues(tf, call.variable, variable);
    call.slots.forEach((t, k) => replaceValues(tf, t, slots[k]));
    return [];
  };
}

/**
 * `SparseGradOwnedCopy`: a tensor of its own with `x`'s values (TensorFlow's
 * `Identity`; the update above never writes into a TensorFlow buffer, so
 * sharing one is safe).
 */
export const ownedCopyKernelFunc: KernelFunc = ({inputs, backend}) => {
  const tf = tensorflowBackend(backend);
  const [x] = kernelInputs('SparseGradOwnedCopy', inputs);
  return runNative(tf, 'Identity', [x], {attrs: [typeAttr(tf, 'T', x.dtype)], numOutputs: 1})[0];
};
