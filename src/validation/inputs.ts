/** Presence of kernel inputs (a direct `runKernel` call may omit one). */
import type {NamedTensorInfoMap, TensorInfo} from '@tensorflow/tfjs-core';

import {InvalidArgumentError} from '../errors';

/**
 * Returns the named inputs in order, or throws when one is missing.
 * TensorFlow's op would not build without them.
 */
export function getInputs(
    op: string, inputs: NamedTensorInfoMap, names: readonly string[]): TensorInfo[] {
  return names.map(name => {
    const t = inputs[name];
    if (t == null) {
      throw new InvalidArgumentError(
          op, `${op} expects the inputs ${names.join(', ')}, but '${name}' is missing`);
    }
    return t;
  });
}
