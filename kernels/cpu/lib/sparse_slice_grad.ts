/**
 * cpu kernel of TensorFlow's `SparseSliceGrad`: the gradient of `SparseSlice`
 * with respect to the input `values`.
 */
import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {SparseSliceGrad} from '../../../src/kernel_names';
import {kernelInputs} from '../../../src/op_registry';
import {checkSliceGradShapes, matchSliceGradRows} from '../../../src/validation/sparse_slice_grad';

import {cpuValues} from './backend_util';
import {sparseSliceGradImpl} from '../../shared/sparse_slice_grad_impl';

export const sparseSliceGradKernel: KernelFunc = ({inputs, backend}): TensorInfo => {
  const cpu = backend as MathBackendCPU;
  const op = SparseSliceGrad;
  const [backpropValGrad, inputIndices, inputStart, outputIndices] = kernelInputs(op, inputs);
  const [nnzIn, nnzOut, rank] =
      checkSliceGradShapes(op, backpropValGrad, inputIndices, inputStart, outputIndices);
  const dtype = backpropValGrad.dtype;
  if (nnzIn === 0) {
    return cpu.makeTensorInfo([0], dtype, new Float32Array(0));
  }
  const sourceRow = matchSliceGradRows(
      op, cpuValues(cpu, inputIndices), cpuValues(cpu, outputIndices), cpuValues(cpu, inputStart),
      nnzIn, nnzOut, rank);
  const valGrad =
      sparseSliceGradImpl(cpuValues(cpu, backpropValGrad) as Float32Array | Int32Array, sourceRow);
  return cpu.makeTensorInfo([nnzIn], dtype, valGrad);
};
