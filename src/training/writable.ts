/**
 * Making a variable's data safe to update in place.
 *
 * The sparse optimizers write the looked-up rows straight into a variable's
 * memory (typed array, texture or GPU buffer) instead of assigning a new
 * `[V, D]` tensor. That write must never change another tensor, so a
 * variable is updated in place only when its data is a copy this module made
 * (`SparseGradOwnedCopy`) and nothing else refers to it; otherwise it is
 * copied once first (O(V * D), once, not every step). Data is shared when,
 * for example, `tf.variable(t)` shares `t`'s, `tf.clone(v)` or a reshape
 * shares `v`'s, or, on webgl, a slice views `v`'s texture.
 */
import {engine} from '@tensorflow/tfjs-core';
import type {Tensor, Variable} from '@tensorflow/tfjs-core';

import {SparseGradOwnedCopy} from '../kernel_names';

/** Data ids whose memory a `SparseGradOwnedCopy` made. */
const owned = new WeakSet<object>();

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
