/**
 * The cpu kernel functions of the sparse optimizers' in-place updates
 * (`SparseGradApply*`) and of `SparseGradOwnedCopy`. The variable's (and the
 * slots') typed arrays are written in place; the optimizer has made them
 * the variable's own first (`SparseGradOwnedCopy`), so no other tensor or
 * user array sees the write.
 */
import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import type {KernelFunc} from '@tensorflow/tfjs-core';

import {kernelInputs, OpName} from '../../../src/op_registry';
import {checkSparseApplyCall, checkSparseApplyIndices} from '../../../src/validation/sparse_apply';

import {cpuValues} from './backend_util';
import {applyRows, groupByRow} from '../impl/sparse_apply_impl';

/** The kernel function of one of the `SparseGradApply*` kernels. */
export function sparseApplyKernelFunc(op: OpName): KernelFunc {
  return ({inputs, backend, attrs}) => {
    const cpu = backend as MathBackendCPU;
    const call = checkSparseApplyCall(op, inputs, attrs);
    const indices = cpuValues(cpu, call.indices);
    checkSparseApplyIndices(op, indices, call.numRows);
    const groups = groupByRow(indices);
    const f32 = (t: typeof call.variable) => cpuValues(cpu, t) as Float32Array;
    const variable = f32(call.variable);
    const values = f32(call.values);
    const slots = call.slots.map(f32);
    applyRows(op, variable, slots, groups, values, call.rowSize, call.attrs);
    return [];
  };
}

/** `SparseGradOwnedCopy`: a fresh typed array with `x`'s values. */
export const ownedCopyKernelFunc: KernelFunc = ({inputs, backend}) => {
  const cpu = backend as MathBackendCPU;
  const [x] = kernelInputs('SparseGradOwnedCopy', inputs);
  const values = cpuValues(cpu, x);
  return cpu.makeTensorInfo(x.shape, x.dtype, values.slice());
};
