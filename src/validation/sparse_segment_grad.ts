/**
 * Validation of `SparseSegment{Sum,Mean,SqrtN}Grad` and their `V2`s, in
 * TensorFlow's order and with its messages (tensorflow/core/kernels/
 * segment_reduction_ops_impl.h: `SparseSegmentGradOpBase` and
 * `SparseSegmentGradV2OpCommon`).
 *
 * It comes in two halves so that every backend shares it: the shape half
 * needs only shapes and the value of `outputDim0`; the index half needs the
 * int32 values of `indices` and `segmentIds` (never the float data).
 */
import type {NamedTensorInfoMap, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';

import {InvalidArgumentError} from '../errors';
import type {SegmentReduction} from '../kernel_names';

import {checkIndexAttr, checkInputDtype, checkTypeAttr, FLOAT_TYPES} from './dtypes';
import {kernelInputs, OpName} from '../op_registry';
import {setDim0} from './shapes';

/** What the shape checks learned about a segment-gradient call. */
export interface SegmentGradGeometry {
  /** N: the number of (index, segment) pairs. */
  numIndices: number;
  /** M: `outputDim0` (V1) or `denseOutputDim0` (V2). */
  outputDim0: number;
  /** `grad.shape[0]`: the number of segments the ids may name. */
  numSegments: number;
  /** The product of `grad.shape[1:]`: the length of one row. */
  innerSize: number;
  /** `[M, ...grad.shape[1:]]`: the V1 output shape. */
  denseShape: number[];
  /**
   * True when M == 0 or N == 0: TensorFlow returns at once (V1: an all-zero
   * `[M, ...]`; V2: empty outputs) and validates nothing more.
   */
  isEmpty: boolean;
}

/** A segment-gradient kernel call, after TF's checks of dtypes and shapes. */
export interface SegmentGradCall {
  grad: TensorInfo;
  indices: TensorInfo;
  segmentIds: TensorInfo;
  /** `outputDim0` (V1) or `denseOutputDim0` (V2). */
  outputDim0: TensorInfo;
  geometry: SegmentGradGeometry;
}

/**
 * The common start of every backend's segment-gradient kernel: gets the
 * inputs, checks dtypes and shapes (TF steps 1 to 7) and returns them with
 * the call's geometry. `scalarValue` reads the int32 value of the size input
 * on the kernel's backend.
 */
export function checkSegmentGradCall(
    op: OpName, isV2: boolean, inputs: NamedTensorInfoMap,
    scalarValue: (t: TensorInfo) => number): SegmentGradCall {
  const [grad, indices, segmentIds, outputDim0] = kernelInputs(op, inputs);
  checkSegmentGradDtypes(op, grad, indices, segmentIds, outputDim0);
  const geometry = checkSegmentGradShapes(
      op, isV2, grad, indices, segmentIds, outputDim0, () => scalarValue(outputDim0));
  return {grad, indices, segmentIds, outputDim0, geometry};
}

/**
 * Checks shapes (TF steps 1 to 7) and returns the call's geometry.
 * `readOutputDim0` returns the int32 value of the `outputDim0` input; it is
 * called once that input is known to be a scalar.
 */
export function checkSegmentGradShapes(
    op: string, isV2: boolean, grad: TensorInfo, indices: TensorInfo, segmentIds: TensorInfo,
    outputDim0: TensorInfo, readOutputDim0: () => number): SegmentGradGeometry {
  if (indices.shape.length !== 1) {
    throw new InvalidArgumentError(op, 'indices should be a vector.');
  }
  if (segmentIds.shape.length !== 1) {
    throw new InvalidArgumentError(op, 'segment_ids should be a vector.');
  }
  if (outputDim0.shape.length !== 0) {
    throw new InvalidArgumentError(
        op, `${isV2 ? 'dense_output_dim0' : 'output_dim0'} should be a scalar.`);
  }
  const numIndices = indices.shape[0];
  if (numIndices !== segmentIds.shape[0]) {
    throw new InvalidArgumentError(op, 'segment_ids and indices should have same size.');
  }
  const outputDim0Value = readOutputDim0();
  const denseShape = setDim0(op, grad.shape, outputDim0Value);
  const isEmpty = outputDim0Value === 0 || numIndices === 0;
  const numSegments = grad.shape[0];
  // The newest TF rejects an empty grad up front (TF 2.21 failed later, in
  // the segment id check, with "Segment id ... out of range [0, 0).").
  if (!isEmpty && numSegments === 0) {
    throw new InvalidArgumentError(op, 'Invalid number of segments');
  }
  let innerSize = 1;
  for (let d = 1; d < grad.shape.length; d++) {
    innerSize *= grad.shape[d];
  }
  return {numIndices, outputDim0: outputDim0Value, numSegments, innerSize, denseShape, isEmpty};
}

/** Checks the dtypes of a segment-gradient call (TF's op-level checks). */
export function checkSegmentGradDtypes(
    op: string, grad: TensorInfo, indices: TensorInfo, segmentIds: TensorInfo,
    outputDim0: TensorInfo): void {
  checkTypeAttr(op, 'T', grad, ['float32'], FLOAT_TYPES);
  checkIndexAttr(op, 'Tidx', indices);
  checkIndexAttr(op, 'Tsegmentids', segmentIds);
  checkInputDtype(op, 3, outputDim0, 'int32');
}

/**
 * Checks the values of `indices` and `segmentIds` (TF steps 8 to 10) and
 * throws the first error TensorFlow's CPU kernel would raise. Call it only
 * when the geometry is not empty.
 */
export function checkSegmentGradIndices(
    op: string, reduction: SegmentReduction, isV2: boolean, indices: TypedArray|number[],
    segmentIds: TypedArray|number[], geometry: SegmentGradGeometry): void {
  const {numIndices, outputDim0, numSegments} = geometry;
  // TF tests only the last id here, as `last + 1 > num_segments`
  // (segment_reduction_ops_impl.h). In int32 the +1 overflows for INT32_MAX,
  // which is undefined in C++; TF's compiled kernel (2.21) rejects it as
  // here, with this message, as if the sum did not wrap.
  if (segmentIds[numIndices - 1] + 1 > numSegments) {
    throw new InvalidArgumentError(op, 'Invalid number of segments');
  }
  // TF's V1 Mean/SqrtN functor counts the pairs of every segment before it
  // reads any index, so their segment errors win over every index error.
  if (!isV2 && reduction !== 'sum') {
    for (let i = 0; i < numIndices; i++) {
      const s = segmentIds[i];
      if (s < 0 || s >= numSegments) {
        throw segmentIdError(op, s, numSegments);
      }
    }
  }
  for (let i = 0; i < numIndices; i++) {
    const index = indices[i];
    if (index < 0 || index >= outputDim0) {
      throw new InvalidArgumentError(op, `Index ${index} out of range [0, ${outputDim0}).`);
    }
    const s = segmentIds[i];
    if (s < 0 || s >= numSegments) {
      throw segmentIdError(op, s, numSegments);
    }
  }
}

function segmentIdError(op: string, segmentId: number, numSegments: number): InvalidArgumentError {
  return new InvalidArgumentError(op, `Segment id ${segmentId} out of range [0, ${numSegments}).`);
}
