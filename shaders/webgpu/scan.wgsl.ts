/**
 * WGSL of an exclusive prefix sum of int32 values (the radix sort's digit
 * offsets), as chunks walked in order by one invocation each: a chunk-sum
 * pass, a scan of the (SCAN_CHUNK times fewer) sums, and a pass that writes
 * each chunk's prefix sums from its scanned sum. No workgroup barriers (on
 * SwiftShader a barrier-based workgroup scan was 5x slower), no atomics.
 */

import type {ProgramSpec} from './program_spec';

/** Values per invocation. */
export const SCAN_CHUNK = 64;
const SCAN_WORKGROUP = 64;

/** `result[c]` = the sum of chunk c of `values`. */
function chunkSumsSource(): string {
  return `
  fn main(index : i32) {
    if (index < uniforms.numChunks) {
      let begin = index * ${SCAN_CHUNK};
      let end = min(begin + ${SCAN_CHUNK}, uniforms.n);
      var sum = 0;
      for (var i = begin; i < end; i++) {
        sum = sum + values[i];
      }
      result[index] = sum;
    }
  }`;
}

export interface ScanConstants extends Record<string, boolean> {
  /** Starts chunk c at `chunkOffsets[c]` (the scanned chunk sums), else 0. */
  hasChunkOffsets: boolean;
}

/** `result[i]` = the sum of `values[0..i)` (exclusive prefix sum). */
function scanSource({hasChunkOffsets}: ScanConstants): string {
  return `
  fn main(index : i32) {
    if (index < uniforms.numChunks) {
      let begin = index * ${SCAN_CHUNK};
      let end = min(begin + ${SCAN_CHUNK}, uniforms.n);
      var sum = ${hasChunkOffsets ? 'chunkOffsets[index]' : '0'};
      for (var i = begin; i < end; i++) {
        let v = values[i];
        result[i] = sum;
        sum = sum + v;
      }
    }
  }`;
}

/** The uniforms of both scan programs. */
type ScanUniforms = {
  n: 'i32',
  numChunks: 'i32'
};

/** Each chunk's sum: one invocation per chunk. */
export function chunkSumsProgram(): ProgramSpec<Record<string, never>, ScanUniforms> {
  return {
    name: 'scanChunkSums',
    constants: {},
    source: chunkSumsSource,
    inputs: ['values'],
    workgroupSize: SCAN_WORKGROUP,
    uniforms: {n: 'i32', numChunks: 'i32'},
  };
}

/** The scan of each chunk, plus its chunk offset: one invocation per chunk. */
export function scanProgram(constants: ScanConstants): ProgramSpec<ScanConstants, ScanUniforms> {
  return {
    name: 'scan',
    constants,
    source: scanSource,
    inputs: constants.hasChunkOffsets ? ['values', 'chunkOffsets'] : ['values'],
    workgroupSize: SCAN_WORKGROUP,
    uniforms: {n: 'i32', numChunks: 'i32'},
  };
}
