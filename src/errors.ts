/**
 * Errors raised by the kernels of this package.
 *
 * TensorFlow reports bad input of its kernels as `InvalidArgument` (status
 * code 3) and broken invariants as `Internal` (code 13). The kernels here
 * raise the same kinds, with TensorFlow's message text followed by the op
 * name, the way TensorFlow's eager mode prints them:
 * `Index 10 out of range [0, 10). [Op:SparseSegmentMeanGrad]`.
 */

/** TensorFlow's `InvalidArgumentError` (status code 3). */
export class InvalidArgumentError extends Error {
  /** TensorFlow's status code for InvalidArgument. */
  readonly code = 3;
  /** The raw op name, e.g. `SparseSegmentMeanGrad`. */
  readonly op: string;

  constructor(op: string, tfMessage: string) {
    super(`${tfMessage} [Op:${op}]`);
    this.name = 'InvalidArgumentError';
    this.op = op;
  }
}

/** TensorFlow's `NotFoundError` (status code 5): no kernel for these dtypes. */
export class NotFoundError extends Error {
  /** TensorFlow's status code for NotFound. */
  readonly code = 5;
  /** The raw op name. */
  readonly op: string;

  constructor(op: string, tfMessage: string) {
    super(`${tfMessage} [Op:${op}]`);
    this.name = 'NotFoundError';
    this.op = op;
  }
}

/** TensorFlow's `InternalError` (status code 13). */
export class InternalError extends Error {
  /** TensorFlow's status code for Internal. */
  readonly code = 13;
  /** The raw op name, e.g. `SparseSliceGrad`. */
  readonly op: string;

  constructor(op: string, tfMessage: string) {
    super(`${tfMessage} [Op:${op}]`);
    this.name = 'InternalError';
    this.op = op;
  }
}

/** Formats a shape the way TensorFlow's `TensorShape::DebugString` does. */
export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** TensorFlow's name of a tfjs dtype, as it appears in TF's messages. */
export function tfDtypeName(dtype: string): string {
  return dtype === 'float32' ? 'float' : dtype;
}
