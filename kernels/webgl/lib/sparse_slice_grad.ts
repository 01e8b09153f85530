/**
 * webgl kernel of TensorFlow's `SparseSliceGrad`: the gradient of
 * `SparseSlice` with respect to the input `values`.
 *
 * TensorFlow's CPU kernel matches output rows to input rows with an
 * in-order greedy merge, which is sequential by nature; it reads only int32
 * index metadata. This kernel reads back the three int32 index tensors and
 * runs that merge on the CPU (it is also the op's validation, so it runs
 * with SPARSE_GRAD_VALIDATE off too), then gathers the gradient values on
 * the GPU: the values never leave it. int32 values of 2^24 or more that the
 * CPU holds are copied there instead (a float32 texture would round them).
 */
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {SparseSliceGrad} from '../../../src/kernel_names';
import {kernelInputs} from '../../../src/op_registry';
import {checkSliceGradShapes, matchSliceGradRows} from '../../../src/validation/sparse_slice_grad';
import {SLICE_GRAD_GATHER} from '../../../shaders/webgl/sparse_slice.glsl';

import {sparseSliceGradImpl} from '../../shared/sparse_slice_grad_impl';

import {zeros} from './gpu_primitives';
import {disposeAll, int32ValuesBeyondFloat, readIndices, uploadInt32, webglBackend} from './backend_util';
import {runProgram} from './program';

export const sparseSliceGradKernel: KernelFunc = ({inputs, backend}): TensorInfo => {
  const webgl = webglBackend(backend);
  const op = SparseSliceGrad;
  const [backpropValGrad, inputIndices, inputStart, outputIndices] = kernelInputs(op, inputs);
  const [nnzIn, nnzOut, rank] =
      checkSliceGradShapes(op, backpropValGrad, inputIndices, inputStart, outputIndices);
  const dtype = backpropValGrad.dtype;
  if (nnzIn === 0) {
    return webgl.makeTensorInfo([0], dtype, new Float32Array(0));
  }
  // Coordinates have no bound here: any of 2^24 or more must be exact.
  const read = (t: TensorInfo, name: string) => readIndices(webgl, t, op, name, 2 ** 31 - 1);
  const sourceRow = matchSliceGradRows(
      op, read(inputIndices, 'input_indices'), read(outputIndices, 'output_indices'),
      read(inputStart, 'input_start'), nnzIn, nnzOut, rank);
  if (nnzOut === 0) {
    return zeros(webgl, [nnzIn], dtype);
  }
  // int32 values a float32 texture would round: copied on the host, exactly.
  const exactInts = int32ValuesBeyondFloat(webgl, backpropValGrad);
  if (exactInts != null) {
    return webgl.makeTensorInfo([nnzIn], 'int32', sparseSliceGradImpl(exactInts, sourceRow));
  }
  const source = uploadInt32(webgl, sourceRow);
  try {
    return runProgram(
        webgl, SLICE_GRAD_GATHER, [source, backpropValGrad], dtype,
        {outputShape: [nnzIn], uniforms: {n: nnzIn, numGrads: nnzOut}});
  } finally {
    disposeAll(webgl, [source]);
  }
};
