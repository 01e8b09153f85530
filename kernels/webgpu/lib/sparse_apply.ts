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
import {checkSparseApplyCall, checkSparseApplyIndices} from '../../../src/validation/sparse_apply';
import {groupByRow, UPDATE_STEPS, updateConstants} from '../../shared/sparse_apply_impl';

import {poisonIfFlagged, reportIfFlagged, validityFlag} from './guard';
import {sortPairs} from './radix_sort';
import {runProgram} from './program';
import {disposeAll, hostValues, HostValueKeeper} from './backend_util';

export function sparseApplyKernel(op: OpName): KernelFunc {
  return ({inputs, backend, attrs}) => {
    const gpu = backend as WebGPUBackend;
    const call = checkSparseApplyCall(op, inputs, attrs);
    const n = call.numValues;
    if (n === 0 || call.rowSize === 0) return [];
    const indexValues = hostValues(gpu, call.indices);
    if (indexValues != null && shouldValidate()) {
      checkSparseApplyIndices(op, indexValues, call.numRows);
    }
    const keeper = new HostValueKeeper(gpu);
    keeper.keep(call.indices);
    const temps: TensorInfo[] = [];
    try {
      // The pairs (variable row, gradient row), grouped by variable row.
      let pairs: TensorInfo;
      let layout: PairLayout = 'pairs';
      let valueBits = 0;
      let numPairs = n;
      if (indexValues != null) {
        const groups = groupByRow(indexValues);
        numPairs = groups.order.length;
        if (numPairs === 0) return [];
        const data = new Int32Array(2 * numPairs);
        for (let g = 0; g < groups.rows.length; g++) {
          for (let k = groups.starts[g]; k < groups.starts[g + 1]; k++) {
            data[2 * k] = groups.rows[g];
            data[2 * k + 1] = groups.order[k];
          }
        }
        pairs = gpu.makeTensorInfo([2 * numPairs], 'int32', data);
      } else {
        const iota = gpu.makeTensorInfo([n], 'int32', Int32Array.from({length: n}, (_, i) => i));
        temps.push(iota);
        const sorted = sortPairs(gpu, call.indices, iota, n, call.numRows, n);
        pairs = sorted.pairs;
        valueBits = sorted.valueBits;
        layout = valueBits > 0 ? 'packed' : 'pairs';
        if (shouldValidate()) {
          // The indices live on the GPU: checked there (lib/guard.ts). When
          // one is out of range, every pair gets a negative row, in no
          // group: the update is skipped.
          const flag = validityFlag(gpu, 'sparseApply', [call.indices], n, call.numRows, 0);
          poisonIfFlagged(gpu, flag, [pairs]);
          reportIfFlagged(
              gpu, op, `indices created from JS values`, flag, [call.indices],
              ([values]) => checkSparseApplyIndices(op, values, call.numRows));
        }
      }
      temps.push(pairs);
      const uniforms = {
        n: numPairs,
        numRows: call.numRows,
        rowSize: call.rowSize,
        valueBits,
        ...updateConstants(call.attrs)
      };
      const run = (step: ApplyStep, tensors: Record<string, TensorInfo>, output: TensorInfo|null):
          TensorInfo => runProgram(
              gpu, sparseApplyProgram({layout, step}),
              APPLY_STEP_INPUTS[step].map(name => tensors[name]), 'float32', {
                invocations: numPairs * call.rowSize,
                uniforms,
                ...(output != null ? {output} : {outputSize: numPairs * call.rowSize}),
              });
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
