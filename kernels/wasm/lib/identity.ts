/**
 * wasm kernel of tfjs's `Identity` (`tf.clone`, and what tfjs's engine runs
 * to keep an op's inputs for the backward pass), replacing
 * tfjs-backend-wasm's, which copies the input. The output shares the
 * input's heap memory, as `Identity` does on the cpu and webgl backends and
 * `Reshape` on wasm: tensors are immutable, and the sparse optimizers'
 * in-place updates first check that nothing else refers to a variable's
 * memory (src/training/writable.ts). Without it, every training step
 * through a lookup of a `[V, D]` table copies the whole table on wasm,
 * O(V * D) a step.
 */
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {wasmBackend} from './backend_util';

export const identityKernel: KernelFunc = ({inputs, backend}): TensorInfo => {
  const wasm = wasmBackend(backend);
  const x = inputs.x!;
  wasm.incRef(x.dataId);
  return {dataId: x.dataId, shape: x.shape, dtype: x.dtype};
};
