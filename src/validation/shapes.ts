/** Shape arithmetic that fails the way TensorFlow's `TensorShape` does. */
import {InvalidArgumentError, ResourceExhaustedError, shapeString, tfDtypeName} from '../errors';

/**
 * `shape` with dimension 0 replaced by `size`, as TF's
 * `TensorShape::SetDimWithStatus(0, size)`.
 */
export function setDim0(op: string, shape: readonly number[], size: number): number[] {
  if (shape.length === 0) {
    throw new InvalidArgumentError(op, 'Index must be less than 0, got 0');
  }
  return [checkedSize(op, size), ...shape.slice(1)];
}

/** A dimension size, as TF's `SetDimWithStatus` / `AddDimWithStatus` accept it. */
export function checkedSize(op: string, size: number): number {
  if (size < 0) {
    throw new InvalidArgumentError(op, `Expected a non-negative size, got ${size}`);
  }
  return size;
}

/**
 * A dense shape built from the values of a shape vector, as TF's
 * `TensorShape::BuildTensorShapeBase` builds it: small shapes report
 * "Expected shape dimensions to be non-negative", shapes with a dimension
 * above 55108 go through `AddDimWithStatus` and report its message.
 */
export function buildDenseShape(op: string, dims: ArrayLike<number>): number[] {
  // 0xd744: TF's bound under which four dimensions multiply without overflow.
  const kMaxSmall = 0xd744;
  const shape = Array.from(dims);
  const largeSize = shape.some(d => d > kMaxSmall);
  for (const d of shape) {
    if (d < 0) {
      throw new InvalidArgumentError(
          op,
          largeSize ? `Expected a non-negative size, got ${d}` :
                      `Expected shape dimensions to be non-negative, got ${d}`);
    }
  }
  return shape;
}

/**
 * Raises TensorFlow's out-of-memory error (ResourceExhausted) when an output
 * of `shape` (4-byte elements) would not fit in `limitBytes`, the largest
 * buffer or texture the device gives (or, with `belowLimit`, would reach
 * it): checked before anything is allocated, so a failed call leaves nothing
 * behind.
 */
export function checkAllocation(
    op: string, shape: readonly number[], dtype: string, limitBytes: number, limitName: string,
    {belowLimit = false} = {}): void {
  const bytes = shape.reduce((a, b) => a * b, 1) * 4;
  if (bytes > limitBytes || (belowLimit && bytes === limitBytes)) {
    throw new ResourceExhaustedError(
        op,
        `OOM when allocating tensor with shape${shapeString(shape)} and type ${
            tfDtypeName(dtype)}: ${bytes} bytes, ${belowLimit ? 'not below' : 'over'} ${
            limitName} (${limitBytes} bytes)`);
  }
}
