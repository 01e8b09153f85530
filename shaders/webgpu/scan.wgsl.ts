/**
 * WGSL of an exclusive prefix sum of int32 values (the radix sort's digit
 * offsets). One workgroup scans a block of SCAN_BLOCK values; longer inputs
 * take a block-sum pass, a scan of the sums, and a block scan that adds them.
 */

export const SCAN_WORKGROUP = 256;
/** Values per invocation. */
export const SCAN_ITEMS = 8;
/** Values per workgroup. */
export const SCAN_BLOCK = SCAN_WORKGROUP * SCAN_ITEMS;

/** `result[b]` = the sum of block b of `values`. */
export function blockSumsSource(): string {
  return `
  var<workgroup> partial : array<i32, ${SCAN_WORKGROUP}>;

  fn main(index : i32) {
    let lane = i32(localIndex);
    let block = index / ${SCAN_WORKGROUP};
    let base = block * ${SCAN_BLOCK} + lane * ${SCAN_ITEMS};
    var sum = 0;
    for (var k = 0; k < ${SCAN_ITEMS}; k++) {
      if (base + k < uniforms.n) {
        sum = sum + values[base + k];
      }
    }
    partial[lane] = sum;
    workgroupBarrier();
    for (var stride = ${SCAN_WORKGROUP / 2}; stride > 0; stride = stride >> 1u) {
      if (lane < stride) {
        partial[lane] = partial[lane] + partial[lane + stride];
      }
      workgroupBarrier();
    }
    if (lane == 0 && block < uniforms.numBlocks) {
      result[block] = partial[0];
    }
  }`;
}

export interface ScanConstants extends Record<string, boolean> {
  /** Adds `blockOffsets[block]` (the scanned block sums) to each block. */
  hasBlockOffsets: boolean;
}

/** `result[i]` = the sum of `values[0..i)` (exclusive prefix sum). */
export function scanSource({hasBlockOffsets}: ScanConstants): string {
  return `
  var<workgroup> sums : array<i32, ${SCAN_WORKGROUP}>;

  fn main(index : i32) {
    let lane = i32(localIndex);
    let block = index / ${SCAN_WORKGROUP};
    let base = block * ${SCAN_BLOCK} + lane * ${SCAN_ITEMS};
    var before : array<i32, ${SCAN_ITEMS}>;
    var total = 0;
    for (var k = 0; k < ${SCAN_ITEMS}; k++) {
      before[k] = total;
      if (base + k < uniforms.n) {
        total = total + values[base + k];
      }
    }
    sums[lane] = total;
    workgroupBarrier();
    // Hillis-Steele inclusive scan of the per-invocation totals.
    for (var offset = 1; offset < ${SCAN_WORKGROUP}; offset = offset << 1u) {
      var acc = sums[lane];
      if (lane >= offset) {
        acc = acc + sums[lane - offset];
      }
      workgroupBarrier();
      sums[lane] = acc;
      workgroupBarrier();
    }
    var prefix = sums[lane] - total;
    ${
      hasBlockOffsets ? `if (block < uniforms.numBlocks) {
      prefix = prefix + blockOffsets[block];
    }` :
                        ''}
    for (var k = 0; k < ${SCAN_ITEMS}; k++) {
      if (base + k < uniforms.n) {
        result[base + k] = prefix + before[k];
      }
    }
  }`;
}
