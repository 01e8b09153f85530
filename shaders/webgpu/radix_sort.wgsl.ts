/**
 * WGSL of a stable LSD radix sort of (key, value) int32 pairs, up to
 * RADIX_MAX_BITS key bits per pass, the way TF's GPU segment-gradient kernels sort (cub radix
 * sort), laid out for a GPU emulated on a CPU too (SwiftShader):
 *
 * 1. `histogram`: each invocation counts the digits of one chunk of
 *    RADIX_CHUNK consecutive pairs into `result[digit * numChunks + chunk]`.
 * 2. an exclusive scan of those counts (scan.wgsl.ts) gives, for each
 *    (digit, chunk), where its pairs start in the output: digit-major, then
 *    chunk order, so equal digits keep input order.
 * 3. `scatter`: each invocation walks its chunk again, in order, and writes
 *    each pair to its (digit, chunk) start plus a running count.
 *
 * One invocation per chunk, walking it in order, needs no workgroup barriers
 * and no rank computation: on SwiftShader a barrier costs a coroutine
 * switch per 4 invocations, and a workgroup-scan-based ranking was 20x
 * slower. No atomics: the same input always gives the same output.
 *
 * The first pass reads the raw inputs (`keys`, `values`) and turns invalid
 * pairs (key outside [0, keyLimit) or value outside [0, valueLimit)) into
 * (keyLimit, 0), which sorts after every valid key; later passes read the
 * pairs of the previous pass, one i32 each (`key << valueBits | value`)
 * when both fit in 31 bits, else two.
 */

import type {ProgramSpec} from './program_spec';

/** Most key bits sorted per pass (256 counters per invocation). */
export const RADIX_MAX_BITS = 8;
/** Pairs per invocation. */
export const RADIX_CHUNK = 256;
const RADIX_WORKGROUP = 64;

export interface RadixConstants extends Record<string, boolean|number> {
  /** Reads `keys` and `values` instead of the sorted `pairs`. */
  firstPass: boolean;
  /**
   * Pairs are one i32 each, `key << valueBits | value` (when the bits of
   * both fit in 31), instead of two: half the memory traffic.
   */
  packed: boolean;
  /** Key bits sorted by this pass (1 to RADIX_MAX_BITS). */
  bits: number;
}

function readPairSnippet(firstPass: boolean, packed: boolean): string {
  if (!firstPass && packed) {
    return `
  fn readPair(i : i32) -> vec2<i32> {
    let pair = pairs[i];
    return vec2<i32>(pair >> u32(uniforms.valueBits),
                     pair & ((1 << u32(uniforms.valueBits)) - 1));
  }`;
  }
  return firstPass ? `
  fn readPair(i : i32) -> vec2<i32> {
    let key = keys[i];
    let value = values[i];
    if (key >= 0 && key < uniforms.keyLimit && value >= 0 &&
        value < uniforms.valueLimit) {
      return vec2<i32>(key, value);
    }
    return vec2<i32>(uniforms.keyLimit, 0);
  }` :
                     `
  fn readPair(i : i32) -> vec2<i32> {
    return vec2<i32>(pairs[2 * i], pairs[2 * i + 1]);
  }`;
}

function digitSnippet(bits: number): string {
  return `
  fn digitOf(key : i32) -> i32 {
    return i32((u32(key) >> u32(uniforms.shift)) & ${(1 << bits) - 1}u);
  }`;
}

/** Per-chunk digit counts. */
function histogramSource({firstPass, packed, bits}: RadixConstants): string {
  const buckets = 1 << bits;
  return `
  ${readPairSnippet(firstPass, packed)}
  ${digitSnippet(bits)}

  fn main(index : i32) {
    if (index < uniforms.numChunks) {
      var counts : array<i32, ${buckets}>;
      let begin = index * ${RADIX_CHUNK};
      let end = min(begin + ${RADIX_CHUNK}, uniforms.n);
      for (var i = begin; i < end; i++) {
        let d = digitOf(readPair(i).x);
        counts[d] = counts[d] + 1;
      }
      for (var d = 0; d < ${buckets}; d++) {
        result[d * uniforms.numChunks + index] = counts[d];
      }
    }
  }`;
}

/** Writes each pair to `offsets[digit * numChunks + chunk]` + its rank in the chunk. */
function scatterSource({firstPass, packed, bits}: RadixConstants): string {
  const buckets = 1 << bits;
  return `
  ${readPairSnippet(firstPass, packed)}
  ${digitSnippet(bits)}

  fn main(index : i32) {
    if (index < uniforms.numChunks) {
      var next : array<i32, ${buckets}>;
      for (var d = 0; d < ${buckets}; d++) {
        next[d] = offsets[d * uniforms.numChunks + index];
      }
      let begin = index * ${RADIX_CHUNK};
      let end = min(begin + ${RADIX_CHUNK}, uniforms.n);
      for (var i = begin; i < end; i++) {
        let pair = readPair(i);
        let d = digitOf(pair.x);
        let pos = next[d];
        next[d] = pos + 1;
        if (pos >= 0 && pos < uniforms.n) {
          ${
      packed ? `result[pos] = (pair.x << u32(uniforms.valueBits)) | pair.y;` :
               `result[2 * pos] = pair.x;
          result[2 * pos + 1] = pair.y;`}
        }
      }
    }
  }`;
}

/** The uniforms of both radix passes, by name and WGSL type. */
const RADIX_UNIFORMS = {
  n: 'i32',
  numChunks: 'i32',
  /** The lowest key bit this pass sorts. */
  shift: 'i32',
  keyLimit: 'i32',
  valueLimit: 'i32',
  /** Bits of the value in a packed pair. */
  valueBits: 'i32',
} as const;
type RadixUniforms = typeof RADIX_UNIFORMS;

/** The raw inputs of the first pass, the previous pass's pairs after it. */
function pairInputs(firstPass: boolean): string[] {
  return firstPass ? ['keys', 'values'] : ['pairs'];
}

/** Per-chunk digit counts (`[buckets * numChunks]`): one invocation per chunk. */
export function histogramProgram(constants: RadixConstants):
    ProgramSpec<RadixConstants, RadixUniforms> {
  return {
    name: 'radixHistogram',
    constants,
    source: histogramSource,
    inputs: pairInputs(constants.firstPass),
    workgroupSize: RADIX_WORKGROUP,
    uniforms: RADIX_UNIFORMS,
  };
}

/** The pairs in digit order, given the scanned counts: one invocation per chunk. */
export function scatterProgram(constants: RadixConstants):
    ProgramSpec<RadixConstants, RadixUniforms> {
  return {
    name: 'radixScatter',
    constants,
    source: scatterSource,
    inputs: [...pairInputs(constants.firstPass), 'offsets'],
    workgroupSize: RADIX_WORKGROUP,
    uniforms: RADIX_UNIFORMS,
  };
}
