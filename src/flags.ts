/**
 * tfjs environment flags of this package, set with `tf.env().set(name, v)`.
 *
 * - `SPARSE_GRAD_VALIDATE` (default true): the webgl and webgpu kernels
 *   check index values (reading back the int32 index tensors, never the float
 *   data) and raise TensorFlow's errors, like the cpu kernels. Set it to
 *   false to skip that readback; out-of-range entries are then skipped, never
 *   read or written out of bounds. The cpu kernels always validate.
 */
import {env} from '@tensorflow/tfjs-core';

/**
 * Name of the tfjs flag that turns index validation in the GPU kernels on
 * (default) or off: `tf.env().set(VALIDATE_FLAG, false)`.
 */
export const VALIDATE_FLAG = 'SPARSE_GRAD_VALIDATE';

/** Registers the flags once (a second copy of the package finds them there). */
export function registerFlags(): void {
  const flags: Array<[string, () => boolean]> = [[VALIDATE_FLAG, () => true]];
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
