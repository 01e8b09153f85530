/**
 * Making a variable's data safe to update in place.
 *
 * The sparse optimizers write the looked-up rows straight into a variable's
 * memory (typed array, heap, texture, GPU buffer or TensorFlow buffer)
 * instead of assigning a new `[V, D]` tensor. That write must never change
 * another tensor or an array a user holds, so a variable is updated in place
 * only when its data is a copy that `SparseGradOwnedCopy` made and nothing
 * else has seen since; otherwise it is copied once first (O(V * D), once,
 * not every step). Data is shared when, for example, `tf.variable(t)` shares
 * `t`'s, `tf.clone(v)` or a reshape shares `v`'s (counted by the backend's
 * reference count), or, on webgl, a slice views `v`'s texture.
 *
 * Some backends share memory without a reference the backend counts; their
 * `SparseGradOwnedCopy` kernels watch for it and call `disown` (see
 * kernels/cpu/lib/sparse_apply.ts: a slice's `subarray`, an array that
 * `dataSync` hands out; kernels/tensorflow/lib/sparse_apply.ts: TensorFlow
 * ops whose output aliases their input's buffer).
 */
import {engine} from '@tensorflow/tfjs-core';
import type {Tensor, Variable} from '@tensorflow/tfjs-core';

import {SparseGradOwnedCopy} from '../kernel_names';

/** Data ids whose memory a `SparseGradOwnedCopy` made and nothing else has seen. */
const owned = new WeakSet<object>();

/**
 * Marks `dataId`'s memory as seen by something else (a view, an array
 * handed out, an aliasing op): the next in-place update copies it first.
 */
export function disown(dataId: object): void {
  owned.delete(dataId);
}

/** Whether `dataId`'s memory is a copy of its own that nothing else has seen. */
export function isOwned(dataId: object): boolean {
  return owned.has(dataId);
}

/** The number of tensors that refer to `dataId`'s memory on the active backend. */
function references(dataId: object): number {
  const backend = engine().backend as unknown as {
    refCount(dataId: object): number,
    /** webgl: slices viewing a texture count here (tfjs-backend-webgl). */
    dataRefCount?: WeakMap<object, number>,
  };
  const slices = (backend.dataRefCount?.get(dataId) ?? 1) - 1;
  return backend.refCount(dataId) + slices;
}

/**
 * Makes `variable`'s data writable in place: a copy of its own, made once,
 * unless it already is one and nothing else refers to it.
 */
export function ensureWritable(variable: Variable): void {
  if (owned.has(variable.dataId) && references(variable.dataId) === 1) {
    return;
  }
  const copy = engine().runKernel(SparseGradOwnedCopy, {x: variable}) as Tensor;
  variable.assign(copy);
  copy.dispose();
  owned.add(variable.dataId);
}
