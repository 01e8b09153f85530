/**
 * The webgpu kernel functions of the sparse optimizers' in-place updates
 * (`SparseGradApply*`) and of `SparseGradOwnedCopy`.
 *
 * The gradient rows are grouped by variable row: on the CPU when the
 * `indices` are held there (tensors made from JS values), else by the GPU
 * radix sort (a synchronous readback would break WebGPU in Chromium; rows
 * out of range are then skipped, as TF's GPU kernels skip them). Then, on
 * the GPU (sparse_apply.wgsl.ts), each group's gradient is summed in input
 * order and each looked-up row of the variable and its slots is rewritten
 * in place, in the variable's own buffer: O(N * D), nothing of the size of
 * the variable. `SparseGradOwnedCopy` has made those buffers unshared first.
 */
import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import {util} from '@tensorflow/tfjs-core';

import {APPLY_STEP_INPUTS, ApplyStep, copyProgram, PairLayout, sparseApplyProgram} from '../../../shaders/webgpu/sparse_apply.wgsl';
import {shouldValidate} from '../../../src/flags';
import {SparseGradOwnedCopy} from '../../../src/kernel_names';
import {kernelInputs, OpName} from '../../../src/op_registry';
import {checkSparseApplyCall, checkSparseApplyIndices, checkSumDuplicatesCall} from '../../../src/validation/sparse_apply';
import {groupByRow, UPDATE_STEPS, updateConstants} from '../../shared/sparse_apply_impl';

import {poisonIfFlagged, reportIfFlagged, validityFlag} from './guard';
import {sortPairs} from './radix_sort';
import {fillInteger, fillZeros} from './fill';
import {runProgram} from './program';
import {disposeAll, hostValues, HostValueKeeper} from './backend_util';

/** The (variable row, gradient row) pairs, grouped by variable row. */
interface GroupedPairs {
  pairs: TensorInfo;
  layout: PairLayout;
  /** Bits of the gradient row in a packed pair (0: not packed). */
  valueBits: number;
  numPairs: number;
}

/**
 * Groups the gradient rows of `indices` by row: on the CPU when the indices
 * are held there (checked first), else by the GPU radix sort, with the
 * indices checked on the GPU (lib/guard.ts): when one is out of range,
 * every pair gets a negative row, in no group, `poisoned` (the call's
 * outputs) get NaN or INT32_MIN everywhere, and the call reports it.
 * Null when no gradient row has a valid row. The caller disposes `temps`,
 * where the tensors made here go.
 */
function groupedPairs(
    gpu: WebGPUBackend, op: string, indices: TensorInfo, numRows: number, temps: TensorInfo[],
    poisoned: TensorInfo[] = []): GroupedPairs|null {
  const n = indices.shape[0];
  const indexValues = hostValues(gpu, indices);
  if (indexValues != null) {
    if (shouldValidate()) checkSparseApplyIndices(op, indexValues, numRows);
    const groups = groupByRow(indexValues);
    const numPairs = groups.order.length;
    if (numPairs === 0) return null;
    const data = new Int32Array(2 * numPairs);
    for (let g = 0; g < groups.rows.length; g++) {
      for (let k = groups.starts[g]; k < groups.starts[g + 1]; k++) {
        data[2 * k] = groups.rows[g];
        data[2 * k + 1] = groups.order[k];
      }
    }
    const pairs = gpu.makeTensorInfo([2 * numPairs], 'int32', data);
    temps.push(pairs);
    return {pairs, layout: 'pairs', valueBits: 0, numPairs};
  }
  const iota = gpu.makeTensorInfo([n], 'int32', Int32Array.from({length: n}, (_, i) => i));
  temps.push(iota);
  const {pairs, valueBits} = sortPairs(gpu, indices, iota, n, numRows, n);
  temps.push(pairs);
  if (shouldValidate()) {
    const flag = validityFlag(gpu, 'sparseApply', [indices], n, numRows, 0);
    poisonIfFlagged(gpu, flag, [pairs, ...poisoned]);
    reportIfFlagged(
        gpu, op, `indices created from JS values`, flag, [indices],
        ([values]) => checkSparseApplyIndices(op, values, numRows));
  }
  return {pairs, layout: valueBits > 0 ? 'packed' : 'pairs', valueBits, numPairs: n};
}

/** Runs one program of sparse_apply.wgsl.ts over the pairs' (pair, column) invocations. */
function runStep(
    gpu: WebGPUBackend, grouped: GroupedPairs, step: ApplyStep, tensors: Record<string, TensorInfo>,
    uniforms: Record<string, number>, output: TensorInfo|null, invocations: number): TensorInfo {
  return runProgram(
      gpu, sparseApplyProgram({layout: grouped.layout, step}),
      APPLY_STEP_INPUTS[step].map(name => tensors[name]), output?.dtype ?? 'float32', {
        invocations,
        uniforms: {...uniforms, n: grouped.numPairs, valueBits: grouped.valueBits},
        ...(output != null ? {output} : {outputSize: invocations}),
      });
}

export function sparseApplyKernel(op: OpName): KernelFunc {
  return ({inputs, backend, attrs}) => {
    const gpu = backend as WebGPUBackend;
    const call = checkSparseApplyCall(op, inputs, attrs);
    const n = call.numValues;
    if (n === 0 || call.rowSize === 0) return [];
    const keeper = new HostValueKeeper(gpu);
    keeper.keep(call.indices);
    const temps: TensorInfo[] = [];
    try {
      const grouped = groupedPairs(gpu, op, call.indices, call.numRows, temps);
      if (grouped == null) return [];
      const {pairs, numPairs} = grouped;
      const uniforms = {
        numRows: call.numRows,
        rowSize: call.rowSize,
        ...updateConstants(call.attrs)
      };
      const run = (step: ApplyStep, tensors: Record<string, TensorInfo>, output: TensorInfo|null):
          TensorInfo =>
              runStep(gpu, grouped, step, tensors, uniforms, output, numPairs * call.rowSize);
      const flatValues:
          TensorInfo = {dataId: call.values.dataId, shape: [n * call.rowSize], dtype: 'float32'};
      const grads = run('gradientSum', {pairs, values: flatValues}, null);
      temps.push(grads);
      const tensors: Record<string, TensorInfo> = {pairs, grads, variable: call.variable};
      call.slotNames.forEach((name, k) => tensors[name] = call.slots[k]);
      for (const [step, target] of UPDATE_STEPS[op]) {
        run(step, tensors, tensors[target]);
        // A CPU copy tfjs kept from an earlier read is stale now.
        (gpu.tensorMap.get(tensors[target].dataId) as {values: unknown}).values = null;
      }
      return [];
    } finally {
      disposeAll(gpu, temps);
      keeper.restore();
    }
  };
}

/**
 * `SparseGradSumDuplicates`: the outputs filled with -1 and zeros, then each
 * group's sum and row written at its first gradient row by its head.
 * (With rows of no elements, only the indices are written.)
 */
export const sumDuplicatesKernel: KernelFunc = ({inputs, backend, attrs}) => {
  const gpu = backend as WebGPUBackend;
  const op = 'SparseGradSumDuplicates';
  const call = checkSumDuplicatesCall(inputs, attrs);
  const keeper = new HostValueKeeper(gpu);
  keeper.keep(call.indices);
  const temps: TensorInfo[] = [];
  try {
    const outIndices = fillInteger(gpu, gpu.makeTensorInfo(call.indices.shape, 'int32'), -1);
    const outValues = fillZeros(gpu, gpu.makeTensorInfo(call.values.shape, 'float32'));
    // The outputs are filled first: with an invalid index on the GPU, no
    // pair heads a group, and the poison stays.
    const grouped = call.numValues === 0 ?
        null :
        groupedPairs(gpu, op, call.indices, call.numRows, temps, [outIndices, outValues]);
    if (grouped != null && call.rowSize > 0) {
      const tensors = {pairs: grouped.pairs, values: call.values};
      const uniforms = {numRows: call.numRows, rowSize: call.rowSize};
      runStep(
          gpu, grouped, 'sumValues', tensors, uniforms, outValues, grouped.numPairs * call.rowSize);
      runStep(gpu, grouped, 'sumIndices', tensors, uniforms, outIndices, grouped.numPairs);
    }
    return [outIndices, outValues];
  } finally {
    disposeAll(gpu, temps);
    keeper.restore();
  }
};

/** `SparseGradOwnedCopy`: a GPU buffer of its own with `x`'s values. */
export const ownedCopyKernel: KernelFunc = ({inputs, backend}) => {
  const gpu = backend as WebGPUBackend;
  const [x] = kernelInputs(SparseGradOwnedCopy, inputs);
  const size = util.sizeFromShape(x.shape);
  const out = gpu.makeTensorInfo(x.shape, x.dtype);
  if (size === 0) {
    gpu.tensorMap.get(out.dataId).values = new Float32Array(0);
    return out;
  }
  runProgram(
      gpu, copyProgram(), [x], x.dtype, {invocations: size, uniforms: {n: size}, output: out});
  return out;
};
