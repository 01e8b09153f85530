/**
 * tfjs environment flags of this package, set with `tf.env().set(name, v)`.
 *
 * - `SPARSE_GRAD_VALIDATE` (default true): the webgl and webgpu kernels
 *   check index values (reading back the int32 index tensors, never the float
 *   data) and raise TensorFlow's errors, like the cpu kernels. Set it to
 *   false to skip that readback; out-of-range entries are then skipped, never
 *   read or written out of bounds. The cpu kernels always validate.
 * - `SPARSE_GRAD_WEBGL_SCATTER` (default 'auto'): how the webgl kernels
 *   scatter-add rows. 'blend' draws one primitive per (index, segment) pair
 *   with additive blending into a float32 render target (needs WebGL2 with
 *   EXT_color_buffer_float and EXT_float_blend); 'gather' orders the pairs
 *   by output row (from the validated int32 indices, or with a GPU sort when
 *   validation is off) and sums each output row in a fragment shader (no
 *   blending needed); 'auto' picks 'blend' when the context supports it.
 * - `SPARSE_GRAD_REPLACE_TFJS_KERNELS` (default true): this package replaces
 *   some of tfjs's own kernels (`UnsortedSegmentSum` on every backend, the
 *   forward `SparseSegmentMean`/`SparseSegmentSum` on cpu, webgl, webgpu and
 *   wasm) with faster, deterministic ones that validate like TensorFlow, and
 *   wasm's `Identity` with one that shares memory instead of copying. Set it
 *   to false to run tfjs's own kernels again (checked at every call).
 * - `SPARSE_GRAD_WASM_NATIVE` (default true): the wasm kernels run their
 *   float loops as compiled WebAssembly (SIMD where available) on the wasm
 *   backend's memory; false runs the same loops in TypeScript (same bits;
 *   for comparison).
 */
import {env} from '@tensorflow/tfjs-core';

/**
 * Name of the tfjs flag that turns index validation in the GPU kernels on
 * (default) or off: `tf.env().set(VALIDATE_FLAG, false)`.
 */
export const VALIDATE_FLAG = 'SPARSE_GRAD_VALIDATE';
/**
 * Name of the tfjs flag that picks the webgl scatter path: 'auto' (default),
 * 'blend' or 'gather': `tf.env().set(WEBGL_SCATTER_FLAG, 'gather')`.
 */
export const WEBGL_SCATTER_FLAG = 'SPARSE_GRAD_WEBGL_SCATTER';
/**
 * Name of the tfjs flag that keeps this package's replacements of tfjs's
 * kernels (default true) or restores tfjs's own:
 * `tf.env().set(REPLACE_TFJS_KERNELS_FLAG, false)`.
 */
export const REPLACE_TFJS_KERNELS_FLAG = 'SPARSE_GRAD_REPLACE_TFJS_KERNELS';
/**
 * Name of the tfjs flag that runs the wasm kernels' compiled loops (default
 * true) or the same loops in TypeScript: `tf.env().set(WASM_NATIVE_FLAG, false)`.
 */
export const WASM_NATIVE_FLAG = 'SPARSE_GRAD_WASM_NATIVE';

/** Registers the flags once (a second copy of the package finds them there). */
export function registerFlags(): void {
  const flags: Array<[string, () => boolean | string]> = [
    [VALIDATE_FLAG, () => true],
    [WEBGL_SCATTER_FLAG, () => 'auto'],
    [REPLACE_TFJS_KERNELS_FLAG, () => true],
    [WASM_NATIVE_FLAG, () => true],
  ];
  for (const [name, evaluate] of flags) {
    if (!isRegistered(name)) {
      env().registerFlag(name, evaluate);
    }
  }
}

function isRegistered(name: string): boolean {
  try {
    env().get(name);
    return true;
  } catch {
    return false;
  }
}

/** Whether kernels should validate index values (the `SPARSE_GRAD_VALIDATE` flag). */
export function shouldValidate(): boolean {
  return env().getBool(VALIDATE_FLAG);
}

/** The webgl scatter strategy (the `SPARSE_GRAD_WEBGL_SCATTER` flag). */
export function webglScatterMode(): 'auto'|'blend'|'gather' {
  const mode = env().get(WEBGL_SCATTER_FLAG);
  if (mode !== 'auto' && mode !== 'blend' && mode !== 'gather') {
    throw new Error(
        `${WEBGL_SCATTER_FLAG} must be 'auto', 'blend' or 'gather', got ${String(mode)}`);
  }
  return mode;
}

/** Whether this package's replacements of tfjs's kernels run (the flag above). */
export function replacesTfjsKernels(): boolean {
  return env().getBool(REPLACE_TFJS_KERNELS_FLAG);
}
