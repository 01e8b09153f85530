/**
 * Gradient clipping for the sparse optimizers, with Keras's options and
 * arithmetic (keras/src/optimizers/base_optimizer.py `_clip_gradients`,
 * keras/src/optimizers/base_optimizer.py `clip_by_global_norm`):
 *
 * - `clipValue`: each element of the gradient clamped to
 *   `[-clipValue, clipValue]`;
 * - `clipNorm`: each variable's gradient `g` becomes
 *   `g * clipNorm / max(norm(g), clipNorm)`;
 * - `globalClipNorm`: every gradient multiplied by
 *   `clipNorm * min(1 / globalNorm, 1 / clipNorm)`, with `globalNorm` the
 *   L2 norm of all the gradients together.
 *
 * An `IndexedSlices` is clipped as the dense gradient it stands for: its
 * duplicate rows are summed first (`sumDuplicates`), so its norm and its
 * clamped elements are those of the dense gradient, computed in
 * O(rows looked up) without building it.
 */
import {add, clipByValue, div, engine, maximum, minimum, mul, reciprocal, scalar, sqrt, square, sub, sum, tidy} from '@tensorflow/tfjs-core';
import type {Scalar, Tensor, Tensor1D} from '@tensorflow/tfjs-core';

import {SparseGradSumDuplicates} from '../kernel_names';

import {IndexedSlices, isIndexedSlices} from './sparse_grads';

/** Keras's gradient clipping options; at most one may be set. */
export interface GradientClipping {
  /** Each variable's gradient scaled down to at most this L2 norm. */
  clipNorm?: number;
  /** Each gradient element clamped to `[-clipValue, clipValue]`. */
  clipValue?: number;
  /** All gradients scaled together down to at most this global L2 norm. */
  globalClipNorm?: number;
}

const OPTIONS = ['clipNorm', 'clipValue', 'globalClipNorm'] as const;

/**
 * The clipping options (in an options object that may hold
 * `otherOptions`, and nothing else), checked: each a positive number, at most one of them
 * (Keras: "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be
 * set."). Returns only the options that are set.
 */
export function checkClipping(
    clipping: GradientClipping|undefined, owner: string,
    otherOptions: readonly string[] = []): GradientClipping {
  if (clipping != null) {
    if (typeof clipping !== 'object' || Array.isArray(clipping)) {
      throw new Error(`${owner}: options must be an object, got ${JSON.stringify(clipping)}`);
    }
    const known = [...otherOptions, ...OPTIONS];
    const unknown = Object.keys(clipping).filter(key => !known.includes(key));
    if (unknown.length > 0) {
      throw new Error(`${owner}: unknown option${unknown.length > 1 ? 's' : ''} ${
          unknown.map(key => `'${key}'`).join(', ')} (it takes ${known.join(', ')})`);
    }
  }
  const set = OPTIONS.filter(name => clipping?.[name] != null);
  if (set.length > 1) {
    throw new Error(`${owner}: only one of clipNorm, clipValue and globalClipNorm can be set, got ${
        set.join(' and ')}`);
  }
  const checked: GradientClipping = {};
  for (const name of set) {
    const value = clipping![name]!;
    if (typeof value !== 'number' || !(value > 0)) {
      throw new Error(`${owner}: ${name} must be a positive number, got ${value}`);
    }
    checked[name] = value;
  }
  return checked;
}

/**
 * The `IndexedSlices` with each row once: the rows a row's slices add up to,
 * at the position of its first slice (added in input order); the other
 * positions get index -1 (padding) and zeros. Same shapes as `slices`;
 * O(rows looked up) on every backend.
 *
 * ```js
 * const once = tfSparseGrad.sumDuplicates(grads[table.name]);
 * ```
 *
 * @param slices The slices (e.g. a gradient from `sparseVariableGrads`).
 * @returns The slices with each row once, of the same shapes.
 * @throws InvalidArgumentError when an index is not below `denseShape[0]`.
 */
export function sumDuplicates(slices: IndexedSlices): IndexedSlices {
  const [indices, values] =
      engine().runKernel(
          SparseGradSumDuplicates, {indices: slices.indices, values: slices.values},
          {numRows: slices.denseShape[0] ?? 0}) as unknown as [Tensor1D, Tensor];
  return {indices, values, denseShape: slices.denseShape.slice()};
}

/** A gradient as the optimizers take it. */
export type Gradient = Tensor|IndexedSlices|undefined;

/** The gradient's elements as a tensor (a dense gradient, or summed slices' values). */
function elementsOf(gradient: Tensor|IndexedSlices): Tensor {
  return isIndexedSlices(gradient) ? gradient.values : gradient;
}

/** The gradient with its elements replaced by `f` of them. */
function mapElements(gradient: Tensor|IndexedSlices, f: (x: Tensor) => Tensor): Tensor|
    IndexedSlices {
  return isIndexedSlices(gradient) ? {...gradient, values: f(gradient.values)} : f(gradient);
}

/**
 * The gradients clipped as `clipping` says (new tensors, which the caller
 * disposes), or null when `clipping` sets nothing.
 */
export function clipGradients(gradients: Gradient[], clipping: GradientClipping): Gradient[]|null {
  if (OPTIONS.every(name => clipping[name] == null)) return null;
  return tidy(() => {
           // Slices as the dense gradients they stand for.
           const dense = gradients.map(g => g != null && isIndexedSlices(g) ? sumDuplicates(g) : g);
           const squaredNorm = (g: Tensor|IndexedSlices): Scalar => sum(square(elementsOf(g)));
           let clipped: Gradient[];
           if (clipping.clipValue != null) {
             const c = clipping.clipValue;
             clipped = dense.map(g => g == null ? g : mapElements(g, x => clipByValue(x, -c, c)));
           } else if (clipping.clipNorm != null) {
             const c = scalar(clipping.clipNorm);
             clipped = dense.map(g => {
               if (g == null) return g;
               const norm = sqrt(squaredNorm(g));
               return mapElements(g, x => div(mul(x, c), maximum(norm, c)));
             });
           } else {
             const c = scalar(clipping.globalClipNorm!);
             const present = dense.filter((g): g is Tensor|IndexedSlices => g != null);
             const globalNorm =
                 sqrt(present.map(squaredNorm).reduce((a, b) => add(a, b), scalar(0)));
             // NaN when the norm is not finite, as Keras's `+ (use_norm - use_norm)`.
             const scale =
                 add(mul(c, minimum(reciprocal(globalNorm), reciprocal(c))),
                     sub(globalNorm, globalNorm));
             clipped = dense.map(g => g == null ? g : mapElements(g, x => mul(x, scale)));
           }
           return clipped as unknown as Tensor[];
         }) as unknown as Gradient[];
}
