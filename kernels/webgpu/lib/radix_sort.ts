/** Stable radix sort of (key, value) pairs on the GPU (radix_sort.wgsl.ts). */
import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import type {TensorInfo} from '@tensorflow/tfjs-core';

import {histogramProgram, RADIX_CHUNK, RADIX_MAX_BITS, scatterProgram} from '../../../shaders/webgpu/radix_sort.wgsl';

import {exclusiveScan} from './scan';
import {runProgram} from './program';

/** Sorted pairs: `[2n]` `[key0, value0, ...]`, or `[n]` `key << valueBits | value`. */
export interface SortedPairs {
  pairs: TensorInfo;
  /** 0 when the pairs take two i32s each. */
  valueBits: number;
}

/**
 * Sorts the pairs `(keys[i], values[i])`, i < n, by key, stably. A pair with
 * its key outside [0, keyLimit) or its value outside [0, valueLimit) becomes
 * (keyLimit, 0) and sorts last. Only the bits that keys up to keyLimit use
 * are sorted, at most 8 per pass.
 */
export function sortPairs(
    backend: WebGPUBackend, keys: TensorInfo, values: TensorInfo, n: number, keyLimit: number,
    valueLimit: number): SortedPairs {
  const keyBits = Math.max(1, 32 - Math.clz32(keyLimit));
  const valueBits = Math.max(1, 32 - Math.clz32(Math.max(valueLimit - 1, 0)));
  const packed = keyBits + valueBits <= 31;
  const numPasses = Math.ceil(keyBits / RADIX_MAX_BITS);
  // Bits spread evenly over the passes: fewer counters to scan.
  const bits = Math.ceil(keyBits / numPasses);
  const buckets = 1 << bits;
  const numChunks = Math.ceil(n / RADIX_CHUNK);
  let pairs: TensorInfo|null = null;
  for (let pass = 0; pass < numPasses; pass++) {
    const constants = {firstPass: pass === 0, packed, bits};
    const inputs: TensorInfo[] = constants.firstPass ? [keys, values] : [pairs!];
    const uniforms = {n, numChunks, shift: pass * bits, keyLimit, valueLimit, valueBits};
    const counts = runProgram(
        backend, histogramProgram(constants), inputs, 'int32',
        {invocations: numChunks, uniforms, outputSize: buckets * numChunks});
    const offsets = exclusiveScan(backend, counts, buckets * numChunks);
    backend.disposeData(counts.dataId);
    const sorted = runProgram(
        backend, scatterProgram(constants), [...inputs, offsets], 'int32',
        {invocations: numChunks, uniforms, outputSize: packed ? n : 2 * n});
    backend.disposeData(offsets.dataId);
    if (pairs != null) {
      backend.disposeData(pairs.dataId);
    }
    pairs = sorted;
  }
  return {pairs: pairs!, valueBits: packed ? valueBits : 0};
}
