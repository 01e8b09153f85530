/**
 * Validation of the forward ops `SparseSegment{Sum,Mean,SqrtN}` and their
 * `WithNumSegments` variants, in the order and with the messages of
 * TensorFlow's `SparseSegmentReductionOpBase` (CPU).
 */
import type {TensorInfo, TypedArray} from '@tensorflow/tfjs-core';

import {InvalidArgumentError, shapeString} from '../errors';
import type {SegmentReduction} from '../kernel_names';

import {checkIndexAttr, checkTypeAttr, FLOAT_TYPES, REAL_NUMBER_TYPES} from './dtypes';

/** What the checks learned about a forward sparse segment reduction. */
export interface SegmentReductionGeometry {
  /** N: the number of (index, segment) pairs. */
  numIndices: number;
  /** The rows of `data` that `indices` may name. */
  numDataRows: number;
  /** The rows of the output: `numSegments`, or the last segment id + 1. */
  outputRows: number;
  /** The product of `data.shape[1:]`. */
  innerSize: number;
  /** `[outputRows, ...data.shape[1:]]`. */
  outputShape: number[];
}

const INT32_MAX = 2147483647;

/** TF's allowed `T` of the forward ops: Sum takes any real type, Mean/SqrtN floats. */
export function checkSegmentReductionDtypes(
    op: string, reduction: SegmentReduction, data: TensorInfo, indices: TensorInfo,
    segmentIds: TensorInfo, numSegments: TensorInfo|null): void {
  if (reduction === 'sum') {
    checkTypeAttr(op, 'T', data, ['float32', 'int32'], REAL_NUMBER_TYPES);
  } else {
    checkTypeAttr(op, 'T', data, ['float32'], FLOAT_TYPES);
  }
  checkIndexAttr(op, 'Tidx', indices);
  checkIndexAttr(op, 'Tsegmentids', segmentIds);
  if (numSegments != null) {
    checkIndexAttr(op, 'Tnumsegments', numSegments);
  }
}

/**
 * Checks shapes and the segment count, and returns the geometry.
 * `segmentIds` are the int32 values of the `segmentIds` input;
 * `numSegmentsValue` the value of `numSegments` (WithNumSegments only).
 */
export function checkSegmentReductionShapes(
    op: string, data: TensorInfo, indices: TensorInfo, segmentIds: TensorInfo,
    numSegments: TensorInfo|null, readNumSegments: () => number,
    segmentIdValues: TypedArray|number[]): SegmentReductionGeometry {
  let outputRows = -1;
  if (numSegments != null) {
    if (numSegments.shape.length !== 0) {
      throw new InvalidArgumentError(
          op, `num_segments should be a scalar, not shape ${shapeString(numSegments.shape)}`);
    }
    outputRows = readNumSegments();
    if (outputRows < 0) {
      throw new InvalidArgumentError(op, 'segment ids must be >= 0');
    }
  }
  if (indices.shape.length !== 1) {
    throw new InvalidArgumentError(op, 'indices should be a vector.');
  }
  if (segmentIds.shape.length !== 1) {
    throw new InvalidArgumentError(op, 'segment_ids should be a vector.');
  }
  const numIndices = indices.shape[0];
  if (numIndices !== segmentIds.shape[0]) {
    throw new InvalidArgumentError(op, 'segment_ids and indices should have same size.');
  }
  if (data.shape.length < 1) {
    throw new InvalidArgumentError(op, 'Shape must be at least rank 1');
  }
  const lastSegmentId = numIndices > 0 ? segmentIdValues[numIndices - 1] : 0;
  if (lastSegmentId >= INT32_MAX) {
    throw new InvalidArgumentError(
        op, `Last segment id must be < kintmax, got ${lastSegmentId} limit ${INT32_MAX}`);
  }
  const lastSegmentIdPlusOne = numIndices > 0 ? lastSegmentId + 1 : 0;
  if (numSegments != null) {
    if (outputRows < lastSegmentIdPlusOne) {
      throw new InvalidArgumentError(op, 'segment ids must be < num_segments');
    }
  } else {
    outputRows = lastSegmentIdPlusOne;
  }
  if (outputRows < 0) {
    throw new InvalidArgumentError(op, 'segment ids must be >= 0');
  }
  let innerSize = 1;
  for (let d = 1; d < data.shape.length; d++) {
    innerSize *= data.shape[d];
  }
  if (numIndices > 0 && outputRows <= 0) {
    throw new InvalidArgumentError(op, 'segment ids must be >= 0');
  }
  return {
    numIndices,
    numDataRows: data.shape[0],
    outputRows,
    innerSize,
    outputShape: [outputRows, ...data.shape.slice(1)]
  };
}

/**
 * Walks the segments as TensorFlow's CPU kernel does and throws its first
 * error: ids that decrease, ids out of range, indices out of range (checked
 * segment by segment, in input order).
 */
export function checkSegmentReductionIndices(
    op: string, indices: TypedArray|number[], segmentIds: TypedArray|number[],
    geometry: SegmentReductionGeometry): void {
  forEachSegment(op, segmentIds, geometry, (segment, start, end) => {
    for (let i = start; i < end; i++) {
      if (indices[i] < 0 || indices[i] >= geometry.numDataRows) {
        throw new InvalidArgumentError(
            op, `Bad: indices[${i}] == ${indices[i]} out of range [0, ${geometry.numDataRows})`);
      }
    }
    return segment;
  });
}

/**
 * Calls `visit(segmentId, start, end)` for each run of equal segment ids, in
 * order, after TensorFlow's checks on that run. Requires `numIndices > 0`
 * to do anything.
 */
export function forEachSegment(
    op: string, segmentIds: TypedArray|number[], geometry: SegmentReductionGeometry,
    visit: (segmentId: number, start: number, end: number) => void): void {
  const {numIndices, outputRows} = geometry;
  if (numIndices === 0) {
    return;
  }
  let start = 0;
  let end = 1;
  let outIndex = segmentIds[0];
  while (true) {
    let nextIndex = 0;
    if (end < numIndices) {
      nextIndex = segmentIds[end];
      if (outIndex === nextIndex) {
        ++end;
        continue;
      }
      if (outIndex >= nextIndex) {
        throw new InvalidArgumentError(op, 'segment ids are not increasing');
      }
    }
    if (outIndex < 0 || outIndex >= outputRows) {
      throw new InvalidArgumentError(
          op,
          `Segment id ${outIndex} out of range [0, ${
              outputRows}), possibly because 'segment_ids' input is not sorted.`);
    }
    visit(outIndex, start, end);
    start = end;
    ++end;
    outIndex = nextIndex;
    if (end > numIndices) {
      break;
    }
  }
}
