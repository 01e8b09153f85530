/**
 * The float32 scales of the Mean and SqrtN gradients by segment size:
 * `1 / max(c, 1)` and `1 / sqrt(max(c, 1))` for c = 0, 1, ..., computed in
 * float64 and rounded once to float32, as TF's CPU kernel does. The values
 * are a function of the count only (never of the data): one array per
 * reduction is computed and kept on the CPU (it grows to the next power of
 * two when a call has more pairs than it covers), and each call uploads it
 * as a temporary tensor, so that no kernel keeps a data id between calls
 * (tfjs's leak check in test mode counts them).
 */
import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import type {TensorInfo} from '@tensorflow/tfjs-core';

import {scaleOfCount} from '../../shared/sparse_segment_grad_impl';

type Scaled = 'mean'|'sqrtn';

const tables = new Map<Scaled, Float32Array>();

/**
 * A float32 table with at least `minSize` entries (count 0 .. minSize-1),
 * as a new tensor the caller disposes.
 */
export function scaleTable(backend: WebGPUBackend, reduction: Scaled, minSize: number): TensorInfo {
  let values = tables.get(reduction);
  if (values == null || values.length < minSize) {
    const size = Math.max(1024, 2 ** Math.ceil(Math.log2(minSize)));
    values = new Float32Array(size);
    for (let c = 0; c < size; c++) {
      // The Float32Array store rounds the float64 quotient once.
      values[c] = scaleOfCount(reduction, c);
    }
    tables.set(reduction, values);
  }
  return backend.makeTensorInfo([values.length], 'float32', values);
}
