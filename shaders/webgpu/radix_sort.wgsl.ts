/**
 * WGSL of a stable LSD radix sort of (key, value) int32 pairs, 4 key bits
 * per pass, the way TF's GPU segment-gradient kernels sort (cub radix sort):
 *
 * 1. `histogram`: each workgroup counts the digits of its tile of
 *    RADIX_TILE pairs; counts go to `result[digit * numTiles + tile]`.
 * 2. an exclusive scan of those counts (scan.wgsl.ts) gives, for each
 *    (digit, tile), where its pairs start in the output.
 * 3. `scatter`: each workgroup ranks its pairs by digit, keeping input order
 *    among equal digits (a workgroup prefix sum of per-invocation digit
 *    counts), and writes each pair to its start + rank.
 *
 * Equal keys keep their input order through every pass, so the whole sort
 * is stable. Counts of 16 digits are packed as 16-bit fields in 8 u32s
 * (a tile holds at most 1,024 pairs). No atomics: the same input always
 * gives the same output.
 *
 * The first pass reads the raw inputs (`keys`, `values`) and turns invalid
 * pairs (key outside [0, keyLimit) or value outside [0, valueLimit)) into
 * (keyLimit, 0), which sorts after every valid key; later passes read the
 * packed pairs of the previous pass.
 */

export const RADIX_BITS = 4;
export const RADIX_WORKGROUP = 256;
/** Pairs per invocation. */
export const RADIX_ITEMS = 4;
/** Pairs per workgroup. */
export const RADIX_TILE = RADIX_WORKGROUP * RADIX_ITEMS;

export interface RadixConstants extends Record<string, boolean> {
  /** Reads `keys` and `values` instead of the packed `pairs`. */
  firstPass: boolean;
}

function readPairSnippet(firstPass: boolean): string {
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

const DIGIT = `
  fn digitOf(key : i32) -> u32 {
    return (u32(key) >> u32(uniforms.shift)) & 15u;
  }`;

/** Per-tile digit counts. */
export function histogramSource({firstPass}: RadixConstants): string {
  return `
  var<workgroup> counts : array<array<u32, 8>, ${RADIX_WORKGROUP}>;
  ${readPairSnippet(firstPass)}
  ${DIGIT}

  fn main(index : i32) {
    let lane = i32(localIndex);
    let tile = index / ${RADIX_WORKGROUP};
    var mine : array<u32, 8>;
    for (var k = 0; k < ${RADIX_ITEMS}; k++) {
      let i = tile * ${RADIX_TILE} + lane * ${RADIX_ITEMS} + k;
      if (i < uniforms.n) {
        let d = digitOf(readPair(i).x);
        mine[d >> 1u] = mine[d >> 1u] + (1u << ((d & 1u) * 16u));
      }
    }
    counts[lane] = mine;
    workgroupBarrier();
    for (var stride = ${RADIX_WORKGROUP / 2}; stride > 0; stride = stride >> 1u) {
      if (lane < stride) {
        for (var w = 0; w < 8; w++) {
          counts[lane][w] = counts[lane][w] + counts[lane + stride][w];
        }
      }
      workgroupBarrier();
    }
    if (lane < 16 && tile < uniforms.numTiles) {
      let word = counts[0][lane >> 1u];
      result[lane * uniforms.numTiles + tile] =
          i32((word >> (u32(lane & 1) * 16u)) & 0xffffu);
    }
  }`;
}

/** Writes each pair to `offsets[digit * numTiles + tile]` + its stable rank. */
export function scatterSource({firstPass}: RadixConstants): string {
  return `
  var<workgroup> scan : array<array<u32, 8>, ${RADIX_WORKGROUP}>;
  ${readPairSnippet(firstPass)}
  ${DIGIT}

  fn main(index : i32) {
    let lane = i32(localIndex);
    let tile = index / ${RADIX_WORKGROUP};
    var held : array<vec2<i32>, ${RADIX_ITEMS}>;
    var digits : array<u32, ${RADIX_ITEMS}>;
    var mine : array<u32, 8>;
    for (var k = 0; k < ${RADIX_ITEMS}; k++) {
      let i = tile * ${RADIX_TILE} + lane * ${RADIX_ITEMS} + k;
      digits[k] = 16u;
      if (i < uniforms.n) {
        let pair = readPair(i);
        let d = digitOf(pair.x);
        held[k] = pair;
        digits[k] = d;
        mine[d >> 1u] = mine[d >> 1u] + (1u << ((d & 1u) * 16u));
      }
    }
    scan[lane] = mine;
    workgroupBarrier();
    // Hillis-Steele inclusive scan of the packed counts over the workgroup.
    for (var offset = 1; offset < ${RADIX_WORKGROUP}; offset = offset << 1u) {
      var acc = scan[lane];
      if (lane >= offset) {
        let other = scan[lane - offset];
        for (var w = 0; w < 8; w++) {
          acc[w] = acc[w] + other[w];
        }
      }
      workgroupBarrier();
      scan[lane] = acc;
      workgroupBarrier();
    }
    // Pairs of each digit before this invocation's (fields never borrow:
    // the inclusive count is at least this invocation's own).
    var running = scan[lane];
    for (var w = 0; w < 8; w++) {
      running[w] = running[w] - mine[w];
    }
    for (var k = 0; k < ${RADIX_ITEMS}; k++) {
      let d = digits[k];
      if (d < 16u) {
        let w = d >> 1u;
        let shift = (d & 1u) * 16u;
        let rank = i32((running[w] >> shift) & 0xffffu);
        running[w] = running[w] + (1u << shift);
        let pos = offsets[i32(d) * uniforms.numTiles + tile] + rank;
        if (pos >= 0 && pos < uniforms.n) {
          result[2 * pos] = held[k].x;
          result[2 * pos + 1] = held[k].y;
        }
      }
    }
  }`;
}
