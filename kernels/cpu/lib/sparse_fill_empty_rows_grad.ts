/**
 * cpu kernel of TensorFlow's `SparseFillEmptyRowsGrad`: the gradient of
 * `SparseFillEmptyRows` with respect to `values` and `defaultValue`.
 */
import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {SparseFillEmptyRowsGrad} from '../../../src/kernel_names';
import {kernelInputs} from '../../../src/op_registry';
import {checkFillEmptyRowsGradShapes, checkReverseIndexMap} from '../../../src/validation/sparse_fill_empty_rows_grad';

import {cpuValues} from './backend_util';
import {sparseFillEmptyRowsGradImpl} from '../../shared/sparse_fill_empty_rows_grad_impl';

export const sparseFillEmptyRowsGradKernel: KernelFunc = ({inputs, backend}): TensorInfo[] => {
  const cpu = backend as MathBackendCPU;
  const op = SparseFillEmptyRowsGrad;
  const [reverseIndexMap, gradValues] = kernelInputs(op, inputs);
  checkFillEmptyRowsGradShapes(op, reverseIndexMap, gradValues);
  const mapValues = cpuValues(cpu, reverseIndexMap);
  checkReverseIndexMap(op, mapValues, gradValues.shape[0]);
  const {dValues, dDefaultValue} = sparseFillEmptyRowsGradImpl(
      mapValues, cpuValues(cpu, gradValues) as Float32Array | Int32Array);
  return [
    cpu.makeTensorInfo([mapValues.length], gradValues.dtype, dValues),
    cpu.makeTensorInfo([], gradValues.dtype, dDefaultValue)
  ];
};
