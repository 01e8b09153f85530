/**
 * What the webgpu kernels give when their int32 index inputs already live
 * on the GPU (made by a previous GPU op; size scalars such as `outputDim0`
 * stay on the CPU, as callers pass JS numbers). The kernels cannot read GPU
 * values without a synchronous readback, which breaks WebGPU in Chromium, so
 * (as the README documents):
 *
 * - Shape and dtype errors are raised as on cpu (they need no values).
 * - Ops whose output size depends on index values (the V2 grads,
 *   SparseSegmentSqrtN without numSegments, SparseSlice) raise an error that
 *   names the async variant.
 * - The other ops skip entries they cannot validate: segment-grad pairs with
 *   an out-of-range index or segment id neither count nor contribute;
 *   SparseFillEmptyRowsGrad gives 0 for out-of-range map entries and marks
 *   no slot; SparseSliceGrad returns the greedy match without TF's Internal
 *   error. The forward WithNumSegments ops read out-of-range rows as 0; with
 *   unsorted or out-of-range segment ids their rows are unspecified (but
 *   every element is written, in bounds and deterministic).
 *
 * Valid inputs give exactly the cpu results. This module turns a case of
 * the shared table into that expectation; it runs in the browser page.
 */
import type {TensorInfo} from '@tensorflow/tfjs-core';

import {checkFillEmptyRowsGradShapes} from '../../src/validation/sparse_fill_empty_rows_grad';
import {checkSegmentGradDtypes, checkSegmentGradShapes} from '../../src/validation/sparse_segment_grad';
import {checkSegmentReductionDtypes, checkSegmentReductionShapes} from '../../src/validation/sparse_segment_reduction';
import {checkSparseSliceShapes} from '../../src/validation/sparse_slice';
import {checkSliceGradShapes} from '../../src/validation/sparse_slice_grad';
import {checkUnsortedSegmentSumCall} from '../../src/validation/unsorted_segment_sum';
import {f32, i32, sizeOf} from '../harness/specs';
import type {Expected, TensorSpec} from '../harness/types';
import {Reduction, refSegmentGrad, refSliceGrad, refUnsortedSegmentSum} from '../reference/reference';

/** Text of the error raised when an output size needs GPU-resident values. */
export const GPU_RESIDENT_ERROR = 'on webgpu needs the values of';

/** `exact`: compare as usual; `shapeOnly`: only shapes, dtypes, all written. */
export type DeviceExpectation = {
  kind: 'exact',
  expected: Expected
}|{kind: 'shapeOnly', outputs: TensorSpec[]};

const SEGMENT_GRADS: Record<string, [Reduction, boolean]> = {
  SparseSegmentSumGrad: ['sum', false],
  SparseSegmentMeanGrad: ['mean', false],
  SparseSegmentSqrtNGrad: ['sqrtn', false],
  SparseSegmentSumGradV2: ['sum', true],
  SparseSegmentMeanGradV2: ['mean', true],
  SparseSegmentSqrtNGradV2: ['sqrtn', true],
};

const FORWARD: Record<string, [Reduction, boolean]> = {
  SparseSegmentSum: ['sum', false],
  SparseSegmentMean: ['mean', false],
  SparseSegmentSqrtN: ['sqrtn', false],
  SparseSegmentSumWithNumSegments: ['sum', true],
  SparseSegmentMeanWithNumSegments: ['mean', true],
  SparseSegmentSqrtNWithNumSegments: ['sqrtn', true],
};

/** A stand-in for a kernel input: the shape checks read only shape and dtype. */
function info(spec: TensorSpec|undefined): TensorInfo {
  if (spec == null) {
    throw new Error('missing input');
  }
  return {dataId: {}, shape: spec.shape, dtype: spec.dtype};
}

/** Whether `check` throws (a shape-level error, raised wherever values are). */
function throws(check: () => void): boolean {
  try {
    check();
    return false;
  } catch {
    return true;
  }
}

const gpuResident: Expected = {
  error: GPU_RESIDENT_ERROR
};

export function deviceExpectation(
    kernel: string, inputs: Record<string, TensorSpec>, expected: Expected,
    attrs?: Record<string, unknown>): DeviceExpectation {
  const exact = (e: Expected): DeviceExpectation => ({kind: 'exact', expected: e});
  const isError = 'error' in expected;

  if (kernel in SEGMENT_GRADS) {
    const [reduction, isV2] = SEGMENT_GRADS[kernel];
    const dim = inputs[isV2 ? 'denseOutputDim0' : 'outputDim0'];
    const {grad, indices, segmentIds} = inputs;
    let empty = false;
    if (throws(() => {
                checkSegmentGradDtypes(
                    kernel, info(grad), info(indices), info(segmentIds), info(dim));
                empty = checkSegmentGradShapes(
                            kernel, isV2, info(grad), info(indices), info(segmentIds), info(dim),
                            () => dim.values[0])
                            .isEmpty;
              }) ||
            empty) {
      return exact(expected);
    }
    if (isV2) {
      return exact(gpuResident);
    }
    if (!isError) {
      return exact(expected);
    }
    // Skipped pairs neither count nor contribute.
    const m = dim.values[0];
    const numSegments = grad.shape[0];
    const keep = Array.from(indices.values, (_, i) => i)
                     .filter(
                         i => indices.values[i] >= 0 && indices.values[i] < m &&
                             segmentIds.values[i] >= 0 && segmentIds.values[i] < numSegments);
    return exact({
      outputs: [refSegmentGrad(
          reduction, grad, keep.map(i => indices.values[i]), keep.map(i => segmentIds.values[i]),
          m)]
    });
  }

  if (kernel === 'SparseFillEmptyRowsGrad') {
    const {reverseIndexMap, gradValues} = inputs;
    if (!isError ||
        throws(
            () => checkFillEmptyRowsGradShapes(kernel, info(reverseIndexMap), info(gradValues)))) {
      return exact(expected);
    }
    const nFull = gradValues.shape[0];
    const isInt = gradValues.dtype === 'int32';
    const inRange = (r: number) => r >= 0 && r < nFull;
    const map = Array.from(reverseIndexMap.values);
    const dValues = map.map(r => inRange(r) ? gradValues.values[r] : 0);
    const visited = new Set(map.filter(inRange));
    let dDefault = 0;
    for (let j = 0; j < nFull; j++) {
      if (!visited.has(j)) {
        dDefault = isInt ? (dDefault + gradValues.values[j]) | 0 :
                           Math.fround(dDefault + gradValues.values[j]);
      }
    }
    const make = isInt ? i32 : f32;
    return exact({outputs: [make([map.length], dValues), make([], [dDefault])]});
  }

  if (kernel === 'SparseSliceGrad') {
    const {backpropValGrad, inputIndices, inputStart, outputIndices} = inputs;
    if (!isError ||
        throws(
            () => checkSliceGradShapes(
                kernel, info(backpropValGrad), info(inputIndices), info(inputStart),
                info(outputIndices)))) {
      return exact(expected);
    }
    // The greedy match, without the Internal error for unmatched rows.
    return exact(
        {outputs: [refSliceGrad(backpropValGrad, inputIndices, inputStart.values, outputIndices)]});
  }

  if (kernel in FORWARD) {
    const [reduction, hasNumSegments] = FORWARD[kernel];
    const {data, indices, segmentIds, numSegments} = inputs;
    const needsIds = new Error('needs ids');
    let outputShape: number[] = [];
    try {
      checkSegmentReductionDtypes(
          kernel, reduction, info(data), info(indices), info(segmentIds),
          hasNumSegments ? info(numSegments) : null);
      const n = indices.shape[0] ?? 0;
      // As the kernel: the last id is read only to size or bound the output.
      const ids = Object.defineProperty({length: n}, n - 1, {
        get: () => {
          if (!hasNumSegments) throw needsIds;
          return Math.max(0, numSegments.values[0] - 1);
        }
      }) as unknown as number[];
      outputShape = checkSegmentReductionShapes(
                        kernel, info(data), info(indices), info(segmentIds),
                        hasNumSegments ? info(numSegments) : null, () => numSegments.values[0], ids)
                        .outputShape;
    } catch (e) {
      return exact(e === needsIds ? gpuResident : expected);
    }
    if (!isError) {
      return exact(expected);
    }
    return {
      kind: 'shapeOnly',
      outputs:
          [{shape: outputShape, dtype: data.dtype, values: new Array(sizeOf(outputShape)).fill(0)}]
    };
  }

  if (kernel === 'UnsortedSegmentSum') {
    const {x, segmentIds} = inputs;
    const numSegments = attrs!.numSegments as number;
    let empty = false;
    if (throws(() => {
                empty = checkUnsortedSegmentSumCall(
                            kernel, {x: info(x), segmentIds: info(segmentIds)}, {numSegments})
                            .isEmpty;
              }) ||
            empty || !isError) {
      return exact(expected);
    }
    // Ids outside [0, numSegments) are dropped, as TF's GPU kernel does.
    const ids = Array.from(segmentIds.values, v => v < numSegments ? v : -1);
    return exact({outputs: [refUnsortedSegmentSum(x, ids, segmentIds.shape.length, numSegments)]});
  }

  if (kernel === 'SparseSlice') {
    const {indices, values, shape, start, size} = inputs;
    if (throws(
            () => checkSparseSliceShapes(
                kernel, info(indices), info(values), info(shape), info(start), info(size)))) {
      return exact(expected);
    }
    return exact(gpuResident);
  }
  throw new Error(`no device expectation for kernel ${kernel}`);
}
