/** Stable radix sort of (key, value) pairs on the GPU (radix_sort.wgsl.ts). */
import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import type {TensorInfo} from '@tensorflow/tfjs-core';

import {histogramSource, RADIX_CHUNK, RADIX_MAX_BITS, RADIX_WORKGROUP, RadixConstants, scatterSource} from '../../shaders/webgpu/radix_sort.wgsl';

import {exclusiveScan} from './scan';
import {runProgram} from './webgpu_program';

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
  const uniforms =
      'n : i32, numChunks : i32, shift : i32, keyLimit : i32, valueLimit : i32, valueBits : i32,';
  let pairs: TensorInfo|null = null;
  for (let pass = 0; pass < numPasses; pass++) {
    const firstPass = pass === 0;
    const inputs: TensorInfo[] = firstPass ? [keys, values] : [pairs!];
    const variableNames = firstPass ? ['keys', 'values'] : ['pairs'];
    const uniformValues = [n, numChunks, pass * bits, keyLimit, valueLimit, valueBits];
    const counts = runProgram<RadixConstants>(
        backend, {
          name: 'radixHistogram',
          constants: {firstPass, packed, bits},
          source: histogramSource,
          variableNames,
          workgroupSize: RADIX_WORKGROUP,
          uniforms,
        },
        inputs, 'int32', {
          invocations: numChunks,
          uniforms: uniformValues,
          outputSize: buckets * numChunks,
        });
    const offsets = exclusiveScan(backend, counts, buckets * numChunks);
    backend.disposeData(counts.dataId);
    const sorted: TensorInfo = runProgram<RadixConstants>(
        backend, {
          name: 'radixScatter',
          constants: {firstPass, packed, bits},
          source: scatterSource,
          variableNames: [...variableNames, 'offsets'],
          workgroupSize: RADIX_WORKGROUP,
          uniforms,
        },
        [...inputs, offsets], 'int32', {
          invocations: numChunks,
          uniforms: uniformValues,
          outputSize: packed ? n : 2 * n,
        });
    backend.disposeData(offsets.dataId);
    if (pairs != null) {
      backend.disposeData(pairs.dataId);
    }
    pairs = sorted;
  }
  return {pairs: pairs!, valueBits: packed ? valueBits : 0};
}
