/** Stable radix sort of (key, value) pairs on the GPU (radix_sort.wgsl.ts). */
import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import type {TensorInfo} from '@tensorflow/tfjs-core';

import {histogramSource, RADIX_BITS, RADIX_TILE, RADIX_WORKGROUP, RadixConstants, scatterSource} from '../../shaders/webgpu/radix_sort.wgsl';

import {exclusiveScan} from './scan';
import {runProgram} from './webgpu_program';

/**
 * Sorts the pairs `(keys[i], values[i])`, i < n, by key, stably, and returns
 * them packed as an int32 `[2n]` tensor `[key0, value0, key1, value1, ...]`.
 * A pair with its key outside [0, keyLimit) or its value outside
 * [0, valueLimit) becomes (keyLimit, 0) and sorts last. Only the bits that
 * keys up to keyLimit use are sorted: ceil(bits / 4) passes.
 */
export function sortPairs(
    backend: WebGPUBackend, keys: TensorInfo, values: TensorInfo, n: number,
    keyLimit: number, valueLimit: number): TensorInfo {
  const keyBits = Math.max(1, 32 - Math.clz32(keyLimit));
  const numPasses = Math.ceil(keyBits / RADIX_BITS);
  const numTiles = Math.ceil(n / RADIX_TILE);
  const uniforms = 'n : i32, numTiles : i32, shift : i32, keyLimit : i32, valueLimit : i32,';
  let pairs: TensorInfo|null = null;
  for (let pass = 0; pass < numPasses; pass++) {
    const firstPass = pass === 0;
    const inputs: TensorInfo[] = firstPass ? [keys, values] : [pairs!];
    const variableNames = firstPass ? ['keys', 'values'] : ['pairs'];
    const uniformValues = [n, numTiles, pass * RADIX_BITS, keyLimit, valueLimit];
    const counts = runProgram<RadixConstants>(backend, {
      name: 'radixHistogram',
      constants: {firstPass},
      source: histogramSource,
      variableNames,
      workgroupSize: RADIX_WORKGROUP,
      uniforms,
    }, inputs, 'int32', {
      invocations: numTiles * RADIX_WORKGROUP,
      uniforms: uniformValues,
      outputSize: 16 * numTiles,
    });
    const offsets = exclusiveScan(backend, counts, 16 * numTiles);
    backend.disposeData(counts.dataId);
    const sorted: TensorInfo = runProgram<RadixConstants>(backend, {
      name: 'radixScatter',
      constants: {firstPass},
      source: scatterSource,
      variableNames: [...variableNames, 'offsets'],
      workgroupSize: RADIX_WORKGROUP,
      uniforms,
    }, [...inputs, offsets], 'int32', {
      invocations: numTiles * RADIX_WORKGROUP,
      uniforms: uniformValues,
      outputSize: 2 * n,
    });
    backend.disposeData(offsets.dataId);
    if (pairs != null) {
      backend.disposeData(pairs.dataId);
    }
    pairs = sorted;
  }
  return pairs!;
}
