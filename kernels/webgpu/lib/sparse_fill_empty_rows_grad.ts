/**
 * webgpu kernel of TensorFlow's `SparseFillEmptyRowsGrad`: a gather for
 * `dValues`, and for `dDefaultValue` the gradients no entry maps to,
 * compacted in ascending order and added in that order by one invocation,
 * bit-identical to the cpu kernel (fill_empty_rows_grad.wgsl.ts).
 *
 * With validation on and `reverseIndexMap` held on the CPU, out-of-range
 * entries raise TF's error. On the GPU they cannot be checked without a
 * synchronous readback: such an entry gets `dValues[i] = 0` and marks no
 * slot (what TF's GPU kernel does); `sparseFillEmptyRowsGradAsync` checks.
 */
import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import type {ShaderDtype} from '../../../shaders/webgpu/common.wgsl';
import {compactUnvisitedProgram, FillGradConstants, gatherValuesProgram, markVisitedProgram, sumUnvisitedProgram} from '../../../shaders/webgpu/fill_empty_rows_grad.wgsl';
import {shouldValidate} from '../../../src/flags';
import {SparseFillEmptyRowsGrad} from '../../../src/kernel_names';
import {asyncAlternative, kernelInputs} from '../../../src/op_registry';
import {checkFillEmptyRowsGradShapes, checkReverseIndexMap} from '../../../src/validation/sparse_fill_empty_rows_grad';

import {fillInteger, zeros} from './fill';
import {exclusiveScan} from './scan';
import {runProgram} from './program';
import {disposeAll, hostValues, HostValueKeeper} from './backend_util';
import {poisonIfFlagged, reportIfFlagged, validityFlag} from './guard';

const ASYNC = asyncAlternative(SparseFillEmptyRowsGrad);

export const sparseFillEmptyRowsGradKernel: KernelFunc = ({inputs, backend}): TensorInfo[] => {
  const gpu = backend as WebGPUBackend;
  const op = SparseFillEmptyRowsGrad;
  const [reverseIndexMap, gradValues] = kernelInputs(op, inputs);
  checkFillEmptyRowsGradShapes(op, reverseIndexMap, gradValues);
  const n = reverseIndexMap.shape[0];
  const nFull = gradValues.shape[0];
  const mapValues = hostValues(gpu, reverseIndexMap);
  // A map on the GPU is checked there (lib/guard.ts).
  const guarded = shouldValidate() && mapValues == null && n > 0;
  if (shouldValidate() && mapValues != null) {
    checkReverseIndexMap(op, mapValues, nFull);
  }
  const outputs = gradients(gpu, reverseIndexMap, gradValues);
  if (guarded) {
    const flag = validityFlag(gpu, 'fillEmptyRowsGrad', [reverseIndexMap], n, nFull, 0);
    poisonIfFlagged(gpu, flag, outputs);
    reportIfFlagged(
        gpu, op, ASYNC, flag, [reverseIndexMap], ([map]) => checkReverseIndexMap(op, map, nFull));
  }
  return outputs;
};

/** `[dValues, dDefaultValue]` (entries out of range give 0 and mark nothing). */
function gradients(
    gpu: WebGPUBackend, reverseIndexMap: TensorInfo, gradValues: TensorInfo): TensorInfo[] {
  const n = reverseIndexMap.shape[0];
  const nFull = gradValues.shape[0];
  const dtype = gradValues.dtype;
  const shaderDtype: ShaderDtype = dtype === 'int32' ? 'int32' : 'float32';
  if (nFull === 0) {
    // Nothing to gather or sum (only unvalidated entries can exist).
    return [zeros(gpu, [n], dtype), zeros(gpu, [], dtype)];
  }

  const keeper = new HostValueKeeper(gpu);
  keeper.keep(reverseIndexMap);
  const temporaries: TensorInfo[] = [];
  try {
    const constants: FillGradConstants = {dtype: shaderDtype};
    let dValues: TensorInfo;
    // 1 for each gradient no entry maps to (cleared by `markVisited`).
    const unvisited = fillInteger(gpu, gpu.makeTensorInfo([nFull], 'int32'), 1);
    temporaries.push(unvisited);
    if (n === 0) {
      dValues = zeros(gpu, [0], dtype);
    } else {
      dValues = runProgram(
          gpu, gatherValuesProgram(constants), [reverseIndexMap, gradValues], dtype,
          {invocations: n, uniforms: {n, nFull}, outputSize: n});
      runProgram(
          gpu, markVisitedProgram(), [reverseIndexMap], 'int32',
          {invocations: n, uniforms: {n, nFull}, output: unvisited});
    }
    const positions = exclusiveScan(gpu, unvisited, nFull);
    temporaries.push(positions);
    const compacted = runProgram(
        gpu, compactUnvisitedProgram(), [unvisited, positions, gradValues], dtype,
        {invocations: nFull, uniforms: {nFull}, outputSize: nFull});
    temporaries.push(compacted);
    const dDefault = gpu.makeTensorInfo([], dtype);
    runProgram(
        gpu, sumUnvisitedProgram(constants), [unvisited, positions, compacted], dtype,
        {invocations: 1, uniforms: {nFull}, output: dDefault});
    return [dValues, dDefault];
  } finally {
    disposeAll(gpu, temporaries);
    keeper.restore();
  }
}
