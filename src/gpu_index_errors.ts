/**
 * Errors found on the GPU in index inputs that live there (webgpu): such a
 * call cannot raise (a synchronous readback breaks WebGPU in Chromium), so
 * its outputs are set to NaN (or its update skipped) and the error, with
 * TensorFlow's text and the op name, is reported here once the GPU has
 * found it, for every such call.
 */

/** Receives each error found in GPU-resident index inputs. */
export type GpuIndexErrorListener = (error: Error) => void;

const toConsole: GpuIndexErrorListener = error => console.error(error.message);
let listener: GpuIndexErrorListener = toConsole;

/**
 * Sends the errors found in GPU-resident index inputs to `handler` instead of
 * `console.error` (`null` restores `console.error`).
 *
 * ```js
 * tfSparseGrad.onGpuIndexError(e => myErrors.push(e.message));
 * ```
 *
 * @param handler Called with an `Error` whose message is TensorFlow's (for
 *     example `Index 10 out of range [0, 10). [Op:SparseSegmentMeanGrad]`)
 *     followed by what was done about it.
 * @returns The handler it replaces.
 */
export function onGpuIndexError(handler: GpuIndexErrorListener|null): GpuIndexErrorListener {
  const previous = listener;
  listener = handler ?? toConsole;
  return previous;
}

/** Reports `error` to the listener. */
export function reportGpuIndexError(error: Error): void {
  listener(error);
}
