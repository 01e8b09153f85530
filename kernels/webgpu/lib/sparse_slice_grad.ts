/**
 * webgpu kernel of TensorFlow's `SparseSliceGrad`: each input entry gets the
 * gradient of the output entry TF's CPU kernel matches to it (a greedy
 * in-order merge), or 0. Values are copied, so results are exact.
 *
 * With validation on and the index inputs held on the CPU, the merge runs on
 * those int32 values (raising TF's Internal error when an output row finds
 * no match) and the GPU gathers the gradients by the matched rows. When
 * they are on the GPU (or validation is off), one GPU invocation runs the
 * same merge and writes the result: unmatched output rows are then left out
 * without an error (`sparseSliceGradAsync` reports it).
 */
import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import type {ShaderDtype} from '../../../shaders/webgpu/common.wgsl';
import {greedyMergeProgram} from '../../../shaders/webgpu/slice_grad.wgsl';
import {shouldValidate} from '../../../src/flags';
import {SparseSliceGrad} from '../../../src/kernel_names';
import {asyncAlternative, kernelInputs} from '../../../src/op_registry';
import {checkSliceGradShapes, matchSliceGradRows} from '../../../src/validation/sparse_slice_grad';

import {zeros} from './fill';
import {gatherBySource} from './gather';
import {runProgram} from './program';
import {hostValues, HostValueKeeper} from './backend_util';
import {poisonIfFlagged, reportIfFlagged, sliceValidityFlag} from './guard';

const ASYNC = asyncAlternative(SparseSliceGrad);

export const sparseSliceGradKernel: KernelFunc = ({inputs, backend}): TensorInfo => {
  const gpu = backend as WebGPUBackend;
  const op = SparseSliceGrad;
  const [backpropValGrad, inputIndices, inputStart, outputIndices] = kernelInputs(op, inputs);
  const [nnzIn, nnzOut, rank] =
      checkSliceGradShapes(op, backpropValGrad, inputIndices, inputStart, outputIndices);
  const dtype = backpropValGrad.dtype;
  if (nnzIn === 0 || nnzOut === 0) {
    return zeros(gpu, [nnzIn], dtype);
  }
  const shaderDtype: ShaderDtype = dtype === 'int32' ? 'int32' : 'float32';
  const inputValues = hostValues(gpu, inputIndices);
  const outputValues = hostValues(gpu, outputIndices);
  const startValues = hostValues(gpu, inputStart);
  const onHost = inputValues != null && outputValues != null && startValues != null;
  const validate = shouldValidate();

  const keeper = new HostValueKeeper(gpu);
  keeper.keep(inputIndices, inputStart, outputIndices);
  try {
    if ((validate && onHost) || rank === 0) {
      // Rank 0: every row equals every other; no index values needed.
      const sourceRow = rank === 0 ?
          Int32Array.from({length: nnzIn}, (_, i) => i < nnzOut ? i : -1) :
          matchSliceGradRows(op, inputValues!, outputValues!, startValues!, nnzIn, nnzOut, rank);
      return gatherBySource(gpu, backpropValGrad, sourceRow, null);
    }
    const valGrad = runProgram(
        gpu, greedyMergeProgram({dtype: shaderDtype}),
        [backpropValGrad, inputIndices, inputStart, outputIndices], dtype,
        {invocations: 1, uniforms: {nnzIn, nnzOut, rank}, outputSize: nnzIn});
    if (validate) {
      // Index values on the GPU are checked there (lib/guard.ts).
      const flag =
          sliceValidityFlag(gpu, [inputIndices, inputStart, outputIndices], nnzIn, nnzOut, rank);
      poisonIfFlagged(gpu, flag, [valGrad]);
      reportIfFlagged(
          gpu, op, ASYNC, flag, [inputIndices, outputIndices, inputStart],
          ([i, o, s]) => matchSliceGradRows(op, i, o, s, nnzIn, nnzOut, rank));
    }
    return valGrad;
  } finally {
    keeper.restore();
  }
};
