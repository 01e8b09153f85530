/**
 * Errors raised by the kernels of this package.
 *
 * TensorFlow reports bad input of its kernels as `InvalidArgument` (status
 * code 3) and broken invariants as `Internal` (code 13). The kernels here
 * raise the same kinds, with TensorFlow's message text followed by the op
 * name, the way TensorFlow's eager mode prints them:
 * `Index 10 out of range [0, 10). [Op:SparseSegmentMeanGrad]`.
 */

/**
 * The name of a package error, under a global key: an ESM and a CJS copy of
 * the package may both be loaded, and each copy's kernels throw its own
 * classes.
 */
const ERROR_NAME = Symbol.for('tfjs-sparse-grad/error-name');

/** An error of a TensorFlow kernel: TensorFlow's message, then the op name. */
export abstract class TensorFlowError extends Error {
  /** TensorFlow's status code (`absl::StatusCode`). */
  abstract readonly code: number;
  /** The `name` of this class's errors (unset on the base class: every error). */
  static readonly errorName?: string;

  /**
   * `instanceof` by name, so that an error thrown by another copy of the
   * package is an instance of this copy's class of the same name.
   */
  static[Symbol.hasInstance](x: unknown): boolean {
    if (x == null || typeof x !== 'object') return false;
    const name = (x as {[ERROR_NAME]?: string})[ERROR_NAME];
    return name != null && (this.errorName == null || this.errorName === name);
  }

  /** The error's name, under the global key `instanceof` reads. */
  get[ERROR_NAME](): string {
    return this.name;
  }

  /**
   * @param op The raw op name, e.g. `SparseSegmentMeanGrad`.
   * @param tfMessage TensorFlow's message text.
   */
  constructor(readonly op: string, tfMessage: string) {
    super(`${tfMessage} [Op:${op}]`);
  }
}

/** TensorFlow's `InvalidArgumentError` (status code 3): bad input. */
export class InvalidArgumentError extends TensorFlowError {
  static override readonly errorName = 'InvalidArgumentError';
  readonly code = 3;
  /** The class name, spelled out because minifiers rename classes. */
  override readonly name = 'InvalidArgumentError';
}

/** TensorFlow's `NotFoundError` (status code 5): no kernel for these dtypes. */
export class NotFoundError extends TensorFlowError {
  static override readonly errorName = 'NotFoundError';
  readonly code = 5;
  /** The class name, spelled out because minifiers rename classes. */
  override readonly name = 'NotFoundError';
}

/** TensorFlow's `InternalError` (status code 13): a broken invariant. */
export class InternalError extends TensorFlowError {
  static override readonly errorName = 'InternalError';
  readonly code = 13;
  /** The class name, spelled out because minifiers rename classes. */
  override readonly name = 'InternalError';
}

/** TensorFlow's `ResourceExhaustedError` (status code 8): an output too large to allocate. */
export class ResourceExhaustedError extends TensorFlowError {
  static override readonly errorName = 'ResourceExhaustedError';
  readonly code = 8;
  /** The class name, spelled out because minifiers rename classes. */
  override readonly name = 'ResourceExhaustedError';
}

/** Another status of TensorFlow's, by its code (e.g. 12, `Unimplemented`). */
export class OtherTensorFlowError extends TensorFlowError {
  static override readonly errorName = 'TensorFlowError';
  /** The class name, spelled out because minifiers rename classes. */
  override readonly name = 'TensorFlowError';
  /**
   * @param op The raw op name.
   * @param tfMessage TensorFlow's message text.
   * @param code TensorFlow's status code.
   */
  constructor(op: string, tfMessage: string, readonly code: number) {
    super(op, tfMessage);
  }
}

/** The error of TensorFlow status `code` with `tfMessage`, raised by `op`. */
export function tensorFlowError(op: string, code: number, tfMessage: string): TensorFlowError {
  switch (code) {
    case 3:
      return new InvalidArgumentError(op, tfMessage);
    case 5:
      return new NotFoundError(op, tfMessage);
    case 8:
      return new ResourceExhaustedError(op, tfMessage);
    case 13:
      return new InternalError(op, tfMessage);
    default:
      return new OtherTensorFlowError(op, tfMessage, code);
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
