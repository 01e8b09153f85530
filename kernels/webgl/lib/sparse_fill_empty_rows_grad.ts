/**
 * webgl kernel of TensorFlow's `SparseFillEmptyRowsGrad`: the gradient of
 * `SparseFillEmptyRows` with respect to `values` and `defaultValue`.
 *
 * dValues is a GPU gather. The slots some entry maps to are marked by a
 * scatter draw (writing 1.0, no blending needed), and dDefaultValue sums
 * the unmarked slots on the GPU in ascending order, as the cpu kernel does.
 * Validation reads back `reverseIndexMap` (int32); without it, entries out
 * of range give 0 and mark nothing (TensorFlow's GPU kernel does the same).
 * int32 gradients of 2^24 or more that the CPU holds are computed on the
 * host instead (a float32 texture would round them).
 */
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {shouldValidate} from '../../../src/flags';
import {SparseFillEmptyRowsGrad} from '../../../src/kernel_names';
import {kernelInputs} from '../../../src/op_registry';
import {checkFillEmptyRowsGradShapes, checkReverseIndexMap} from '../../../src/validation/sparse_fill_empty_rows_grad';
import {defaultSumProgram, gatherGradProgram} from '../../../shaders/webgl/sparse_fill_empty_rows_grad.glsl';

import {sparseFillEmptyRowsGradImpl} from '../../shared/sparse_fill_empty_rows_grad_impl';

import {zeros} from './gpu_primitives';
import {scatterDraw, scatterTarget} from './scatter_draw';
import {checkFloatIndexRange, disposeAll, exactIndexInput, int32ValuesBeyondFloat, readIndices, WebGLBackend, webglBackend} from './backend_util';
import {runProgram} from './program';

/** Slots summed per pass: keeps each single-fragment pass short. */
const SLOTS_PER_PASS = 1 << 16;

export const sparseFillEmptyRowsGradKernel: KernelFunc = ({inputs, backend}): TensorInfo[] => {
  const webgl = webglBackend(backend);
  const op = SparseFillEmptyRowsGrad;
  const [reverseIndexMap, gradValues] = kernelInputs(op, inputs);
  checkFillEmptyRowsGradShapes(op, reverseIndexMap, gradValues);
  const n = reverseIndexMap.shape[0];
  const numGrads = gradValues.shape[0];
  let map = reverseIndexMap;
  const temps: Array<TensorInfo|null> = [];
  try {
    if (shouldValidate()) {
      const mapValues = readIndices(webgl, reverseIndexMap, op, 'reverse_index_map', numGrads);
      checkReverseIndexMap(op, mapValues, numGrads);
      // int32 values a float32 texture would round: computed on the host, exactly.
      const exactInts = int32ValuesBeyondFloat(webgl, gradValues);
      if (exactInts != null) {
        const {dValues, dDefaultValue} = sparseFillEmptyRowsGradImpl(mapValues, exactInts);
        return [
          webgl.makeTensorInfo([n], 'int32', dValues),
          webgl.makeTensorInfo([], 'int32', dDefaultValue)
        ];
      }
      // Map entries of 2^24 or more reach the programs as an exact upload.
      const exactMap = exactIndexInput(webgl, reverseIndexMap, mapValues);
      temps.push(exactMap.temp);
      map = exactMap.input;
    } else {
      checkFloatIndexRange(op, 'reverse_index_map', numGrads);
    }
    return gradients(webgl, map, gradValues, n, numGrads);
  } finally {
    disposeAll(webgl, temps);
  }
};

function gradients(
    webgl: WebGLBackend, reverseIndexMap: TensorInfo, gradValues: TensorInfo, n: number,
    numGrads: number): TensorInfo[] {
  const dtype = gradValues.dtype;
  const isInt = dtype === 'int32';
  const dValues = n === 0 || numGrads === 0 ?
      zeros(webgl, [n], dtype) :
      runProgram(
          webgl, gatherGradProgram(isInt), [reverseIndexMap, gradValues], dtype,
          {outputShape: [n], uniforms: {n, numGrads}});
  let dDefault = zeros(webgl, [], dtype);
  if (numGrads > 0) {
    const visited = scatterTarget(webgl, [numGrads], 1);
    try {
      scatterDraw(webgl, {
        out: visited,
        clear: true,
        dstRows: numGrads,
        rowSize: 1,
        dstIdx: reverseIndexMap,
        count: n,
        src: null,
        srcIdx: null,
        srcRows: 1,
        scale: null,
        blend: false,
      });
      for (let begin = 0; begin < numGrads; begin += SLOTS_PER_PASS) {
        const next = runProgram(
            webgl, defaultSumProgram(isInt), [dDefault, visited, gradValues], dtype,
            {outputShape: [], uniforms: {begin, end: Math.min(numGrads, begin + SLOTS_PER_PASS)}});
        disposeAll(webgl, [dDefault]);
        dDefault = next;
      }
    } finally {
      disposeAll(webgl, [visited]);
    }
  }
  return [dValues, dDefault];
}
