/**
 * The float32 scales of the Mean and SqrtN gradients by segment size:
 * `1 / max(c, 1)` and `1 / sqrt(max(c, 1))` for c = 0, 1, ..., computed in
 * float64 and rounded once to float32, as TF's CPU kernel does. The table is
 * a function of the count only (never of the data), so one copy per backend
 * is uploaded and kept; it grows (to the next power of two) when a call has
 * more pairs than it covers. That is the only GPU memory these kernels keep
 * between calls: at most 8 bytes x the largest N seen, per reduction.
 */
import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import type {TensorInfo} from '@tensorflow/tfjs-core';

import {scaleOfCount} from '../../cpu/impl/sparse_segment_grad_impl';

type Scaled = 'mean'|'sqrtn';

const tables = new WeakMap<WebGPUBackend, Map<Scaled, TensorInfo>>();

/** A float32 table with at least `minSize` entries (count 0 .. minSize-1). */
export function scaleTable(backend: WebGPUBackend, reduction: Scaled, minSize: number): TensorInfo {
  let perBackend = tables.get(backend);
  if (perBackend == null) {
    perBackend = new Map();
    tables.set(backend, perBackend);
  }
  const cached = perBackend.get(reduction);
  if (cached != null && cached.shape[0] >= minSize && backend.tensorMap.has(cached.dataId)) {
    return cached;
  }
  if (cached != null) {
    backend.disposeData(cached.dataId);
  }
  const size = Math.max(1024, 2 ** Math.ceil(Math.log2(minSize)));
  const values = new Float32Array(size);
  for (let c = 0; c < size; c++) {
    // The Float32Array store rounds the float64 quotient once.
    values[c] = scaleOfCount(reduction, c);
  }
  const table = backend.makeTensorInfo([size], 'float32', values);
  perBackend.set(reduction, table);
  return table;
}
