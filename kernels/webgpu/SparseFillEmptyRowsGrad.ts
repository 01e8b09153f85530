/**
 * webgpu kernel of TensorFlow's `SparseFillEmptyRowsGrad`: a gather for
 * `dValues`, and for `dDefaultValue` the gradients no entry maps to, added in
 * ascending order by one invocation, bit-identical to the cpu kernel
 * (fill_empty_rows_grad.wgsl.ts).
 *
 * With validation on and `reverseIndexMap` held on the CPU, out-of-range
 * entries raise TF's error. On the GPU they cannot be checked without a
 * synchronous readback: such an entry gets `dValues[i] = 0` and marks no
 * slot (what TF's GPU kernel does); `sparseFillEmptyRowsGradAsync` checks.
 */
import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import type {KernelConfig, TensorInfo} from '@tensorflow/tfjs-core';

import type {ShaderDtype} from '../../shaders/webgpu/common.wgsl';
import {FillGradConstants, gatherValuesSource, markVisitedSource, sumUnvisitedSource} from '../../shaders/webgpu/fill_empty_rows_grad.wgsl';
import {shouldValidate} from '../../src/flags';
import {SparseFillEmptyRowsGrad} from '../../src/kernel_names';
import {getInputs} from '../../src/validation/inputs';
import {checkFillEmptyRowsGradShapes, checkReverseIndexMap} from '../../src/validation/sparse_fill_empty_rows_grad';

import {fillZeros, zeros} from './fill';
import {runProgram} from './webgpu_program';
import {disposeAll, hostValues, HostValueKeeper, warnUnvalidated} from './webgpu_util';

const WORKGROUP = 64;
const ASYNC = 'sparseFillEmptyRowsGradAsync';

export const sparseFillEmptyRowsGradConfig: KernelConfig = {
  kernelName: SparseFillEmptyRowsGrad,
  backendName: 'webgpu',
  kernelFunc: ({inputs, backend}): TensorInfo[] => {
    const gpu = backend as WebGPUBackend;
    const op = SparseFillEmptyRowsGrad;
    const [reverseIndexMap, gradValues] =
        getInputs(op, inputs, ['reverseIndexMap', 'gradValues']);
    checkFillEmptyRowsGradShapes(op, reverseIndexMap, gradValues);
    const n = reverseIndexMap.shape[0];
    const nFull = gradValues.shape[0];
    const mapValues = hostValues(gpu, reverseIndexMap);
    if (shouldValidate()) {
      if (mapValues != null) {
        checkReverseIndexMap(op, mapValues, nFull);
      } else if (n > 0) {
        warnUnvalidated(op, ASYNC);
      }
    }
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
      const visited = fillZeros(gpu, gpu.makeTensorInfo([nFull], 'int32'));
      temporaries.push(visited);
      if (n === 0) {
        dValues = zeros(gpu, [0], dtype);
      } else {
        dValues = runProgram(gpu, {
          name: 'fillEmptyRowsGradValues',
          constants,
          source: gatherValuesSource,
          variableNames: ['reverseIndexMap', 'gradValues'],
          workgroupSize: WORKGROUP,
          uniforms: 'n : i32, nFull : i32,',
        }, [reverseIndexMap, gradValues], dtype, {
          invocations: n,
          uniforms: [n, nFull],
          outputSize: n,
        });
        runProgram(gpu, {
          name: 'fillEmptyRowsGradMark',
          constants: {},
          source: markVisitedSource,
          variableNames: ['reverseIndexMap'],
          workgroupSize: WORKGROUP,
          atomic: true,
          uniforms: 'n : i32, nFull : i32,',
        }, [reverseIndexMap], 'int32', {
          invocations: n,
          uniforms: [n, nFull],
          output: visited,
        });
      }
      const dDefault = gpu.makeTensorInfo([], dtype);
      runProgram(gpu, {
        name: 'fillEmptyRowsGradDefault',
        constants,
        source: sumUnvisitedSource,
        variableNames: ['visited', 'gradValues'],
        workgroupSize: 1,
        uniforms: 'nFull : i32,',
      }, [visited, gradValues], dtype, {
        invocations: 1,
        uniforms: [nFull],
        output: dDefault,
      });
      return [dValues, dDefault];
    } finally {
      disposeAll(gpu, temporaries);
      keeper.restore();
    }
  }
};
