/**
 * The webgl kernel function shared by the forward ops this package adds:
 * `SparseSegmentSqrtN` and `SparseSegment{Sum,Mean,SqrtN}WithNumSegments`.
 *
 * A binary search over the (sorted) segment ids finds each segment's run of
 * pairs; one fragment per output element then reduces that run in
 * TensorFlow's CPU order, bit-identical to the cpu kernel where float32
 * division is correctly rounded (it is on SwiftShader; GLSL ES allows
 * 2.5 ulp elsewhere).
 *
 * Without `numSegments` the output has `segmentIds[N-1] + 1` rows, so that
 * one id is read back even with validation off. With validation, the int32
 * `indices` and `segmentIds` are read back and checked like the cpu kernel.
 */
import {SEGMENT_REDUCTION_OPS, SegmentReductionOp} from '../../shared/op_families';
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {shouldValidate} from '../../../src/flags';
import {kernelInputs} from '../../../src/op_registry';
import {checkSegmentReductionDtypes, checkSegmentReductionIndices, checkSegmentReductionShapes} from '../../../src/validation/sparse_segment_reduction';
import {segmentReductionProgram} from '../../../shaders/webgl/segment_reduction.glsl';

import {lowerBounds, readElement, zeros} from './gpu_primitives';
import {checkFloatIndexRange, checkTextureSize, disposeAll, exactIndexInput, readIndices, scalarValue, WebGLBackend, webglBackend} from './backend_util';
import {runProgram} from './program';

export function segmentReductionKernel(op: SegmentReductionOp): KernelFunc {
  const reduction = SEGMENT_REDUCTION_OPS[op];
  return ({inputs, backend}): TensorInfo => {
    const webgl = webglBackend(backend);
    const [data, indices, segmentIds, numSegments = null] = kernelInputs(op, inputs);
    checkSegmentReductionDtypes(op, reduction, data, indices, segmentIds, numSegments);
    const validate = shouldValidate();
    const n = indices.shape[0];
    const numDataRows = data.shape[0] ?? 0;
    // The shape checks read only the last segment id (after checking that
    // there are n of them): read just that one unless validating anyway.
    // Their bound is the number of output rows, known only after them.
    const segmentIdValues = validate ?
        readIndices(webgl, segmentIds, op, 'segment_ids', numSegmentsBound(webgl, numSegments)) :
        lastElementOnly(n, () => readElement(webgl, segmentIds, n - 1));
    const geometry = checkSegmentReductionShapes(
        op, data, indices, segmentIds, numSegments, () => scalarValue(webgl, numSegments!),
        segmentIdValues);
    const temps: Array<TensorInfo|null> = [];
    try {
      // The program reads the indices and segment ids exactly: as tfjs's
      // float textures below 2^24, else as exact uploads of their values.
      let indicesInput = indices;
      let segmentIdsInput = segmentIds;
      if (validate) {
        const indexValues = readIndices(webgl, indices, op, 'indices', numDataRows);
        checkSegmentReductionIndices(op, indexValues, segmentIdValues, geometry);
        const exactIndices = exactIndexInput(webgl, indices, indexValues);
        const exactSegmentIds = exactIndexInput(webgl, segmentIds, segmentIdValues as Int32Array);
        temps.push(exactIndices.temp, exactSegmentIds.temp);
        indicesInput = exactIndices.input;
        segmentIdsInput = exactSegmentIds.input;
      } else {
        checkFloatIndexRange(op, 'indices', numDataRows);
        checkFloatIndexRange(op, 'segment_ids', geometry.outputRows);
      }
      checkTextureSize(op, geometry.outputShape, data.dtype);
      if (n === 0) {
        return zeros(webgl, geometry.outputShape, data.dtype);
      }
      const runStarts = lowerBounds(webgl, segmentIdsInput, n, 0, geometry.outputRows + 1);
      temps.push(runStarts);
      return runProgram(
          webgl, segmentReductionProgram(reduction, data.dtype === 'int32'),
          [data, indicesInput, runStarts], data.dtype, {
            outputShape: geometry.outputShape,
            uniforms: {
              numRows: geometry.outputRows,
              rowSize: geometry.innerSize,
              numDataRows: geometry.numDataRows
            }
          });
    } finally {
      disposeAll(webgl, temps);
    }
  };
}

/**
 * The bound of the segment ids for `readIndices`: `numSegments` when given,
 * else (output rows = last id + 1) any id may be valid.
 */
function numSegmentsBound(webgl: WebGLBackend, numSegments: TensorInfo|null): number {
  return numSegments != null && numSegments.dtype === 'int32' && numSegments.shape.length === 0 ?
      scalarValue(webgl, numSegments) :
      2 ** 31 - 1;
}

/** An array-like whose only element, at n - 1, is read when first used. */
function lastElementOnly(n: number, read: () => number): number[] {
  const view: number[] = [];
  let value: number|undefined;
  Object.defineProperty(view, n - 1, {get: () => value ??= read()});
  return view;
}
