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
 * - The other ops check the values on the GPU: a call with an entry that
 *   TensorFlow rejects gives NaN (INT32_MIN for int32) in every element of
 *   every output, and TensorFlow's error is reported asynchronously
 *   (`onGpuIndexError`); the case then expects that report.
 *
 * Valid inputs give exactly the cpu results. This module turns a case of
 * the shared table into that expectation; it runs in the browser page.
 */
import type {NamedAttrMap, TensorInfo} from '@tensorflow/tfjs-core';

import {BagCall, checkBagCall} from '../../src/validation/embedding_bag';
import {checkFillEmptyRowsGradShapes} from '../../src/validation/sparse_fill_empty_rows_grad';
import {checkSegmentGradDtypes, checkSegmentGradShapes} from '../../src/validation/sparse_segment_grad';
import {checkSegmentReductionDtypes, checkSegmentReductionShapes} from '../../src/validation/sparse_segment_reduction';
import {checkSumDuplicatesCall, SumDuplicatesCall} from '../../src/validation/sparse_apply';
import {checkSparseSliceShapes} from '../../src/validation/sparse_slice';
import {checkSliceGradShapes} from '../../src/validation/sparse_slice_grad';
import {checkUnsortedSegmentSumCall} from '../../src/validation/unsorted_segment_sum';
import {f32, i32, sizeOf} from '../harness/specs';
import type {Expected, TensorSpec} from '../harness/types';
import {BagRefCall, refEmbeddingBag, refEmbeddingBagGrad, refSumDuplicates} from '../reference/reference';
import type {Reduction} from '../reference/reference';

/** Text of the error raised when an output size needs GPU-resident values. */
export const GPU_RESIDENT_ERROR = 'on webgpu needs the values of';

/**
 * `exact`: compare as usual; with `report`, the GPU must also report an
 * error containing that text.
 */
export type DeviceExpectation = {
  kind: 'exact',
  expected: Expected,
  report?: string,
};

/** An output that an invalid call leaves: NaN or INT32_MIN everywhere. */
function poisoned(shape: number[], dtype: string): TensorSpec {
  const value = dtype === 'int32' ? -2147483648 : NaN;
  return (dtype === 'int32' ? i32 : f32)(shape, new Array(sizeOf(shape)).fill(value));
}

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

/**
 * The expectation of an invalid call: poisoned outputs, and TF's error
 * reported. The test makes GPU-resident index tensors with tfjs's webgpu
 * `add`, which goes through float32: a value past 2^24 arrives rounded, and
 * the report then names the rounded value (any report is accepted).
 */
function poison(
    shapes: number[][], dtypes: string[], expected: Expected,
    inputs: Record<string, TensorSpec>): DeviceExpectation {
  const rounded = Object.values(inputs).some(
      spec => spec?.dtype === 'int32' &&
          Array.from(spec.values).some(v => Math.fround(v) !== v || Math.abs(v) > 2 ** 24));
  return {
    kind: 'exact',
    expected: {outputs: shapes.map((shape, k) => poisoned(shape, dtypes[k]))},
    report: 'error' in expected ? (rounded ? '' : expected.error) : undefined,
  };
}

export function deviceExpectation(
    kernel: string, inputs: Record<string, TensorSpec>, expected: Expected,
    attrs?: Record<string, unknown>): DeviceExpectation {
  const exact = (e: Expected): DeviceExpectation => ({kind: 'exact', expected: e});
  const isError = 'error' in expected;

  if (kernel in SEGMENT_GRADS) {
    const [, isV2] = SEGMENT_GRADS[kernel];
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
    return poison([[dim.values[0], ...grad.shape.slice(1)]], ['float32'], expected, inputs);
  }

  if (kernel === 'SparseFillEmptyRowsGrad') {
    const {reverseIndexMap, gradValues} = inputs;
    if (!isError ||
        throws(
            () => checkFillEmptyRowsGradShapes(kernel, info(reverseIndexMap), info(gradValues)))) {
      return exact(expected);
    }
    return poison(
        [[reverseIndexMap.shape[0]], []], [gradValues.dtype, gradValues.dtype], expected, inputs);
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
    return poison([[inputIndices.shape[0]]], [backpropValGrad.dtype], expected, inputs);
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
    return poison([outputShape], [data.dtype], expected, inputs);
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
    return poison(
        [[numSegments, ...x.shape.slice(segmentIds.shape.length)]], [x.dtype], expected, inputs);
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
  if (kernel === 'SparseGradSumDuplicates') {
    // The indices are grouped by the GPU radix sort and checked there: an
    // index past the rows poisons both outputs.
    let call: SumDuplicatesCall;
    try {
      call = checkSumDuplicatesCall(
          {indices: info(inputs.indices), values: info(inputs.values)}, attrs as NamedAttrMap);
    } catch {
      return exact(expected);
    }
    if (!isError && Array.from(inputs.indices.values).some(v => Math.abs(v) > 2 ** 24)) {
      // Ids made on the GPU by tfjs's float32 add arrive rounded.
      return exact({
        outputs: refSumDuplicates(
            Array.from(inputs.indices.values, v => Math.fround(v)), inputs.values.values,
            inputs.values.shape),
      });
    }
    if (!isError || call.numValues === 0) return exact(expected);
    return poison(
        [inputs.indices.shape, inputs.values.shape], ['int32', 'float32'], expected, inputs);
  }
  if (kernel === 'EmbeddingBag' || kernel === 'EmbeddingBagGrad') {
    // The table row of each id is worked out on the GPU (bagRows) and
    // checked there: invalid ids or offsets poison every output.
    let call: BagCall;
    try {
      call = checkBagCall(
          kernel, Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, info(v)])),
          attrs as NamedAttrMap);
    } catch {
      return exact(expected);
    }
    if (!isError && Array.from(inputs.ids.values).some(v => Math.abs(v) > 2 ** 24)) {
      // Ids made on the GPU by tfjs's float32 add arrive rounded.
      const bag: BagRefCall = {
        table: inputs.table,
        ids: Array.from(inputs.ids.values, v => Math.fround(v)),
        offsets: inputs.offsets.values,
        weights: inputs.weights.values.length > 0 ? inputs.weights.values : null,
        features: inputs.features.values,
        combiner: call.combiner,
        paddingIdx: call.paddingIdx,
        maxNorm: call.maxNorm,
      };
      return exact({
        outputs: kernel === 'EmbeddingBag' ?
            refEmbeddingBag(bag) :
            refEmbeddingBagGrad(
                bag, inputs.dy, attrs?.weightGrad === true, [inputs.output, inputs.argmax]),
      });
    }
    if (!isError || call.numIds === 0 || call.numBags * call.rowSize === 0) {
      return exact(expected);
    }
    const bagShape = [call.numBags, call.rowSize];
    return kernel === 'EmbeddingBag' ?
        poison(
            [bagShape, call.combiner === 'max' ? bagShape : [0]], ['float32', 'int32'], expected,
            inputs) :
        poison(
            [[call.numIds, call.rowSize], [call.numIds], [attrs?.weightGrad ? call.numIds : 0]],
            ['float32', 'int32', 'float32'], expected, inputs);
  }
  throw new Error(`no device expectation for kernel ${kernel}`);
}
