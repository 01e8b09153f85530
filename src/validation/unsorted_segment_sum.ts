/**
 * Validation of `UnsortedSegmentSum` (tfjs's gather gradient), in the order
 * of TensorFlow's `UnsortedSegmentReductionOp` and its CPU functor
 * (tensorflow/core/kernels/segment_reduction_ops_impl.h), with its messages:
 *
 * 1. dtype attrs `T` (numbers) and `Tindices`;
 * 2. `data.shape` must start with `segment_ids.shape`;
 * 3. `num_segments` must not be negative;
 * 4. the output is allocated; an empty `data` returns it, all zeros, with
 *    no id checked;
 * 5. ids are checked in flat order: a negative id is skipped (its row is
 *    dropped), an id >= num_segments is an error.
 *
 * tfjs passes `numSegments` as an attribute (a number), not a tensor.
 */
import type {NamedAttrMap, NamedTensorInfoMap, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';
import {util} from '@tensorflow/tfjs-core';

import {InvalidArgumentError, shapeString} from '../errors';

import {checkTypeAttr, NUMBER_TYPES} from './dtypes';
import {kernelInputs, OpName} from '../op_registry';

/** An `UnsortedSegmentSum` call after TF's checks of dtypes and shapes. */
export interface UnsortedSegmentSumCall {
  x: TensorInfo;
  segmentIds: TensorInfo;
  /** Rows of the output. */
  numSegments: number;
  /** N: the number of ids (the flat size of `segmentIds`). */
  numIds: number;
  /** Elements of `x` per id: the product of `x.shape[segmentIds.rank:]`. */
  rowSize: number;
  /** `[numSegments, ...x.shape[segmentIds.rank:]]`. */
  outShape: number[];
  /** True when `x` has no elements: the output is zeros, no id is read. */
  isEmpty: boolean;
}

/** Checks an `UnsortedSegmentSum` call (steps 1 to 4 above). */
export function checkUnsortedSegmentSumCall(
    op: OpName, inputs: NamedTensorInfoMap, attrs: NamedAttrMap|undefined): UnsortedSegmentSumCall {
  const [x, segmentIds] = kernelInputs(op, inputs);
  checkTypeAttr(op, 'T', x, ['float32', 'int32'], NUMBER_TYPES);
  checkTypeAttr(op, 'Tindices', segmentIds, ['int32'], ['int16', 'int32', 'int64']);
  const numSegments = attrs?.numSegments as number;
  if (typeof numSegments !== 'number' || !Number.isInteger(numSegments)) {
    throw new InvalidArgumentError(
        op, `num_segments must be an integer, got ${String(numSegments)}`);
  }
  const idsShape = segmentIds.shape;
  if (idsShape.length > x.shape.length || idsShape.some((d, k) => d !== x.shape[k])) {
    throw new InvalidArgumentError(
        op,
        `data.shape = ${shapeString(x.shape)} does not start with ` +
            `segment_ids.shape = ${shapeString(idsShape)}`);
  }
  if (numSegments < 0) {
    throw new InvalidArgumentError(
        op, `Input num_segments == ${numSegments} must not be negative.`);
  }
  const rowShape = x.shape.slice(idsShape.length);
  const numIds = util.sizeFromShape(idsShape);
  const rowSize = util.sizeFromShape(rowShape);
  return {
    x,
    segmentIds,
    numSegments,
    numIds,
    rowSize,
    outShape: [numSegments, ...rowShape],
    isEmpty: numIds * rowSize === 0,
  };
}

/**
 * Checks the id values (step 5): throws TF's error for the first id at or
 * above `numSegments`; negative ids are valid (dropped).
 */
export function checkUnsortedSegmentIds(
    op: string, ids: TypedArray|number[], idsShape: readonly number[], numSegments: number): void {
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] >= numSegments) {
      throw new InvalidArgumentError(
          op,
          `segment_ids${sliceString(idsShape, i)} = ${ids[i]} ` +
              `is out of range [0, ${numSegments})`);
    }
  }
}

/** The multi-index of flat position `flat`, as TF's `SliceDebugString`. */
function sliceString(shape: readonly number[], flat: number): string {
  if (shape.length === 0) return '';
  const index: number[] = [];
  let rest = flat;
  for (let k = shape.length - 1; k >= 0; k--) {
    index.unshift(rest % shape[k]);
    rest = Math.floor(rest / shape[k]);
  }
  return `[${index.join(',')}]`;
}
