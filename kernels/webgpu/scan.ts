/** Exclusive prefix sum of an int32 vector on the GPU (scan.wgsl.ts). */
import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import type {TensorInfo} from '@tensorflow/tfjs-core';

import {blockSumsSource, SCAN_BLOCK, SCAN_WORKGROUP, ScanConstants, scanSource} from '../../shaders/webgpu/scan.wgsl';

import {runProgram} from './webgpu_program';

/**
 * Returns a new int32 `[n]` tensor with `out[i] = values[0] + ... +
 * values[i - 1]`. Inputs longer than one block are scanned block by block
 * with the block sums scanned recursively (one level per factor of 2,048).
 */
export function exclusiveScan(
    backend: WebGPUBackend, values: TensorInfo, n: number): TensorInfo {
  const numBlocks = Math.ceil(n / SCAN_BLOCK);
  if (numBlocks <= 1) {
    return runProgram<ScanConstants>(backend, {
      name: 'scan',
      constants: {hasBlockOffsets: false},
      source: scanSource,
      variableNames: ['values'],
      workgroupSize: SCAN_WORKGROUP,
      uniforms: 'n : i32, numBlocks : i32,',
    }, [values], 'int32', {
      invocations: SCAN_WORKGROUP,
      uniforms: [n, 1],
      outputSize: n,
    });
  }
  const sums = runProgram(backend, {
    name: 'scanBlockSums',
    constants: {},
    source: blockSumsSource,
    variableNames: ['values'],
    workgroupSize: SCAN_WORKGROUP,
    uniforms: 'n : i32, numBlocks : i32,',
  }, [values], 'int32', {
    invocations: numBlocks * SCAN_WORKGROUP,
    uniforms: [n, numBlocks],
    outputSize: numBlocks,
  });
  const blockOffsets = exclusiveScan(backend, sums, numBlocks);
  backend.disposeData(sums.dataId);
  const out = runProgram<ScanConstants>(backend, {
    name: 'scan',
    constants: {hasBlockOffsets: true},
    source: scanSource,
    variableNames: ['values', 'blockOffsets'],
    workgroupSize: SCAN_WORKGROUP,
    uniforms: 'n : i32, numBlocks : i32,',
  }, [values, blockOffsets], 'int32', {
    invocations: numBlocks * SCAN_WORKGROUP,
    uniforms: [n, numBlocks],
    outputSize: n,
  });
  backend.disposeData(blockOffsets.dataId);
  return out;
}
