/**
 * GPU building blocks over int32 metadata, as tfjs fragment programs:
 * a stable sort of pair numbers by key, run detection, prefix sums and
 * binary searches. Every intermediate is a tfjs tensor, disposed here or
 * handed to the caller.
 */
import type {DataType, TensorInfo} from '@tensorflow/tfjs-core';

import {BITONIC_STEP, COPY, ELEMENT, GATHER_KEYS, IOTA, LOWER_BOUNDS, RUN_KEYS, RUN_STARTS, RUN_SUMMARY, SCAN_STEP, SORT_KEYS, ZEROS} from '../../../shaders/webgl/sort.glsl';

import {runProgram} from './program';
import type {WebGLBackend} from './backend_util';

/** A tensor of `shape` filled with zeros, on the GPU. */
export function zeros(backend: WebGLBackend, shape: number[], dtype: DataType): TensorInfo {
  return runProgram(backend, ZEROS, [], dtype, {outputShape: shape});
}

/** The first `n` elements of a 1-D tensor. */
export function prefix(backend: WebGLBackend, a: TensorInfo, n: number): TensorInfo {
  return runProgram(backend, COPY, [a], a.dtype, {outputShape: [n], uniforms: {n}});
}

/**
 * Sort keys of `n` pairs: `keyIds[i]` when the pair is valid
 * (`keyIds[i]` in [0, keyRows) and `otherIds[i]` in [0, otherRows)), else a
 * sentinel that sorts after every valid key. The pairs are (index, segment
 * id), keyed by either.
 */
export function sortKeys(
    backend: WebGLBackend, keyIds: TensorInfo, otherIds: TensorInfo, n: number, keyRows: number,
    otherRows: number): TensorInfo {
  return runProgram(
      backend, SORT_KEYS, [keyIds, otherIds], 'float32',
      {outputShape: [n], uniforms: {n, numRows: keyRows, numSegments: otherRows}});
}

/** The result of sorting pair numbers 0..n-1 by key. */
export interface SortedPairs {
  /** int32 [>= n]: pair numbers in ascending (key, pair) order (a padded power of two). */
  perm: TensorInfo;
  /** float32 [n]: the keys in that order. */
  sortedKeys: TensorInfo;
}

/**
 * Sorts pair numbers 0..n-1 by `keys` (float32 [n]), stably, with a
 * bitonic network: log2(P) * (log2(P) + 1) / 2 passes over P = n rounded up
 * to a power of two.
 */
export function sortByKey(backend: WebGLBackend, keys: TensorInfo, n: number): SortedPairs {
  let size = 1;
  while (size < n) size *= 2;
  let perm = runProgram(backend, IOTA, [], 'int32', {outputShape: [size]});
  for (let blockSize = 2; blockSize <= size; blockSize *= 2) {
    for (let stride = blockSize / 2; stride >= 1; stride /= 2) {
      const next = runProgram(
          backend, BITONIC_STEP, [perm, keys], 'int32',
          {outputShape: [size], uniforms: {n, blockSize, stride}});
      backend.disposeIntermediateTensorInfo(perm);
      perm = next;
    }
  }
  const sortedKeys =
      runProgram(backend, GATHER_KEYS, [perm, keys], 'float32', {outputShape: [n], uniforms: {n}});
  return {perm, sortedKeys};
}

/** Inclusive prefix sum of an int32 [n] tensor (consumes nothing). */
export function prefixSum(backend: WebGLBackend, a: TensorInfo, n: number): TensorInfo {
  let current = a;
  for (let stride = 1; stride < n; stride *= 2) {
    const next = runProgram(
        backend, SCAN_STEP, [current], 'int32', {outputShape: [n], uniforms: {n, stride}});
    if (current !== a) backend.disposeIntermediateTensorInfo(current);
    current = next;
  }
  return current === a ? prefix(backend, a, n) : current;
}

/**
 * For sorted keys [n]: out[x] = the first position whose key is >= x + base,
 * for x in [0, outSize). With base 0 and outSize = rows + 1, row r's run of
 * positions is [out[r], out[r + 1]).
 */
export function lowerBounds(
    backend: WebGLBackend, sorted: TensorInfo, n: number, base: number,
    outSize: number): TensorInfo {
  return runProgram(
      backend, LOWER_BOUNDS, [sorted], 'int32',
      {outputShape: [outSize], uniforms: {n, base, outSize}});
}

/** Runs of equal keys in sorted order. */
export interface Runs {
  /** int32 [n]: 1-based run number of each sorted position. */
  runNumber: TensorInfo;
  /** Number of runs. */
  numRuns: number;
}

/**
 * Numbers the runs of equal keys in `sortedKeys` (float32 [n], n > 0) and
 * reads back how many there are: the one readback of a data-dependent
 * size, plus whether the last run is the invalid-pair sentinel.
 */
export function numberRuns(
    backend: WebGLBackend, sortedKeys: TensorInfo, n: number): {runs: Runs, lastKey: number} {
  const starts =
      runProgram(backend, RUN_STARTS, [sortedKeys], 'int32', {outputShape: [n], uniforms: {n}});
  const runNumber = prefixSum(backend, starts, n);
  backend.disposeIntermediateTensorInfo(starts);
  // One small readback: [number of runs, last key].
  const summary = runProgram(
      backend, RUN_SUMMARY, [runNumber, sortedKeys], 'float32', {outputShape: [2], uniforms: {n}});
  const values = backend.readSync(summary.dataId) as Float32Array;
  backend.disposeIntermediateTensorInfo(summary);
  return {runs: {runNumber, numRuns: values[0]}, lastKey: values[1]};
}

/** out[x] = the key of run x (x < numRuns). */
export function runKeys(
    backend: WebGLBackend, runs: Runs, sortedKeys: TensorInfo, n: number,
    count: number): TensorInfo {
  return runProgram(
      backend, RUN_KEYS, [runs.runNumber, sortedKeys], 'int32',
      {outputShape: [count], uniforms: {n, outSize: count}});
}

/** Reads one element of an int32 1-D tensor (a tiny GPU copy, then a readback). */
export function readElement(backend: WebGLBackend, t: TensorInfo, index: number): number {
  const values = backend.texData.get(t.dataId).values;
  if (values != null) {
    return (values as ArrayLike<number>)[index];
  }
  const element = runProgram(backend, ELEMENT, [t], 'int32', {outputShape: [1], uniforms: {index}});
  const value = (backend.readSync(element.dataId) as Int32Array)[0];
  backend.disposeIntermediateTensorInfo(element);
  return value;
}
