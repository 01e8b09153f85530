/** Exclusive prefix sum of an int32 vector on the GPU (scan.wgsl.ts). */
import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import type {TensorInfo} from '@tensorflow/tfjs-core';

import {chunkSumsProgram, SCAN_CHUNK, scanProgram} from '../../../shaders/webgpu/scan.wgsl';

import {runProgram} from './program';

/**
 * Returns a new int32 `[n]` tensor with `out[i] = values[0] + ... +
 * values[i - 1]`. Inputs longer than one chunk have their chunk sums scanned
 * recursively (one level per factor of 64).
 */
export function exclusiveScan(backend: WebGPUBackend, values: TensorInfo, n: number): TensorInfo {
  const numChunks = Math.ceil(n / SCAN_CHUNK);
  let chunkOffsets: TensorInfo|null = null;
  if (numChunks > 1) {
    const sums = runProgram(
        backend, chunkSumsProgram(), [values], 'int32',
        {invocations: numChunks, uniforms: {n, numChunks}, outputSize: numChunks});
    chunkOffsets = exclusiveScan(backend, sums, numChunks);
    backend.disposeData(sums.dataId);
  }
  const hasChunkOffsets = chunkOffsets != null;
  const out = runProgram(
      backend, scanProgram({hasChunkOffsets}), hasChunkOffsets ? [values, chunkOffsets!] : [values],
      'int32', {invocations: numChunks, uniforms: {n, numChunks}, outputSize: n});
  if (chunkOffsets != null) {
    backend.disposeData(chunkOffsets.dataId);
  }
  return out;
}
