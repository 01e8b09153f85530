/**
 * WGSL of `SparseSegment{Sum,Mean,SqrtN}Grad[V2]` after the pairs are sorted
 * by output row (radix_sort.wgsl.ts):
 *
 * - `countSegments`: pairs per segment (integer atomics: the count, not the
 *   order, is what matters, so it is deterministic).
 * - `segmentScales`: 1, 1/count or 1/sqrt(count) per segment, looked up in a
 *   float32 table computed on the CPU in float64 and rounded once, exactly
 *   as TF's CPU kernel rounds it (a float32 1/sqrt on the GPU differs in the
 *   last bit for about a quarter of the counts).
 * - `rowStarts`: where each output row's pairs start in the sorted pairs.
 * - `reduceRows`: one invocation per (output row, up to 4 vec4s of columns)
 *   adds the row's contributions in row order, which is input order (the
 *   sort is stable): `acc = acc + g * scale`, each operation rounded to
 *   float32 like the CPU's `out += fround(g * scale)`. Every output element
 *   is written once, so no atomics and no zero fill; empty rows get 0. It
 *   also serves the CPU-ordered path (segment ids alone, `layout: 'ids'`).
 */
import type {ProgramSpec} from './program_spec';

import {ShaderDtype, wgslType} from './common.wgsl';

const WORKGROUP = 64;

/** Pairs per invocation of `countSegments`. */
export const COUNT_CHUNK = 64;

/**
 * `result[seg]` += the number of valid pairs of segment seg (result is
 * zeroed first). An invocation walks a chunk of pairs and adds each run of
 * equal ids with one atomic: segment ids are mostly sorted (the forward op
 * requires it), so there are few atomics and little contention.
 */
function countSegmentsSource(): string {
  return `
  fn main(index : i32) {
    if (index < uniforms.numChunks) {
      let begin = index * ${COUNT_CHUNK};
      let end = min(begin + ${COUNT_CHUNK}, uniforms.n);
      var current = -1;
      var run = 0;
      for (var i = begin; i < end; i++) {
        let key = keys[i];
        var seg = segments[i];
        if (key < 0 || key >= uniforms.keyLimit || seg < 0 ||
            seg >= uniforms.numSegments) {
          seg = -1;
        }
        if (seg != current) {
          if (current >= 0) {
            atomicAdd(&result[current], run);
          }
          current = seg;
          run = 0;
        }
        run = run + 1;
      }
      if (current >= 0) {
        atomicAdd(&result[current], run);
      }
    }
  }`;
}

/**
 * Adds each segment's valid pairs to the zeroed atomic `[numSegments]`
 * output: one invocation per COUNT_CHUNK pairs.
 */
export function countSegmentsProgram(): ProgramSpec<Record<string, never>, {
  n: 'i32',
  numChunks: 'i32',
  keyLimit: 'i32',
  numSegments: 'i32',
}> {
  return {
    name: 'countSegments',
    constants: {},
    source: countSegmentsSource,
    inputs: ['keys', 'segments'],
    workgroupSize: WORKGROUP,
    atomic: true,
    uniforms: {n: 'i32', numChunks: 'i32', keyLimit: 'i32', numSegments: 'i32'},
  };
}

/** `result[seg]` = `table[count[seg]]`. */
function segmentScalesSource(): string {
  return `
  fn main(index : i32) {
    if (index < uniforms.numSegments) {
      result[index] = table[clamp(counts[index], 0, uniforms.tableSize - 1)];
    }
  }`;
}

/** Each segment's scale: one invocation per segment. */
export function segmentScalesProgram():
    ProgramSpec<Record<string, never>, {numSegments: 'i32', tableSize: 'i32'}> {
  return {
    name: 'segmentScales',
    constants: {},
    source: segmentScalesSource,
    inputs: ['counts', 'table'],
    workgroupSize: WORKGROUP,
    uniforms: {numSegments: 'i32', tableSize: 'i32'},
  };
}

/**
 * `result[row]` = the first sorted pair whose key is >= row, for row in
 * [0, numRows]: invocation p writes the rows between the keys of pairs p-1
 * and p, so each row is written once and the work is N + M in all.
 */
function rowStartsSource({packed}: RowStartsConstants): string {
  const key = packed ? 'pairs[p] >> u32(uniforms.valueBits)' : 'pairs[2 * p]';
  return `
  fn keyAt(p : i32) -> i32 {
    if (p < 0) {
      return -1;
    }
    if (p >= uniforms.n) {
      return uniforms.numRows;
    }
    return clamp(${key}, 0, uniforms.numRows);
  }

  fn main(index : i32) {
    if (index <= uniforms.n) {
      let last = keyAt(index);
      for (var row = keyAt(index - 1) + 1; row <= last; row++) {
        result[row] = index;
      }
    }
  }`;
}

export interface RowStartsConstants extends Record<string, boolean> {
  /** Pairs are one i32 each (`key << valueBits | value`), else two. */
  packed: boolean;
}

/** `[numRows + 1]` row starts: one invocation per sorted pair, plus one. */
export function rowStartsProgram(constants: RowStartsConstants):
    ProgramSpec<RowStartsConstants, {n: 'i32', numRows: 'i32', valueBits: 'i32'}> {
  return {
    name: 'rowStarts',
    constants,
    source: rowStartsSource,
    inputs: ['pairs'],
    workgroupSize: WORKGROUP,
    uniforms: {n: 'i32', numRows: 'i32', valueBits: 'i32'},
  };
}

export interface ReduceRowsConstants extends Record<string, string|number> {
  /** 'sum' adds rows as they are; 'scaled' multiplies each by its segment's scale. */
  mode: 'sum'|'scaled';
  /** Element type of `grad` and the result ('int32' only with 'sum'; i32 adds wrap). */
  dtype: ShaderDtype;
  /** Elements per load: 4 (vec4) or 1. */
  width: number;
  /** Loads (of `width` columns) per invocation, unrolled. */
  loads: number;
  /**
   * What `segments` holds, in row order: 'pairs' (key, segment id) as two
   * i32s, 'packed' pairs (`key << valueBits | segment id`), or 'ids' only.
   */
  layout: 'pairs'|'packed'|'ids';
}

/**
 * `result[row, col]` = the sum over the row's sorted pairs of
 * `grad[seg, col]` (times `segScale[seg]`), in sorted order. An invocation
 * covers `loads` consecutive groups of `width` columns of one row, so a
 * pair's segment id and scale are read once for all of them.
 */
function reduceRowsSource({mode, dtype, width, loads, layout}: ReduceRowsConstants): string {
  const type = wgslType(dtype, width);
  const lines = (f: (k: number) => string) =>
      Array.from({length: loads}, (_, k) => f(k)).join('\n        ');
  const segAt = (p: string) => ({
    pairs: `segments[2 * (${p}) + 1]`,
    packed: `segments[${p}] & ((1 << u32(uniforms.valueBits)) - 1)`,
    ids: `segments[${p}]`
  }[layout]);
  const term = (g: string, scale: string) => mode === 'sum' ? g : `${g} * ${scale}`;
  return `
  fn main(index : i32) {
    let groups = uniforms.cols / ${loads};
    if (index < uniforms.numRows * groups) {
      let row = index / groups;
      let col = (index - row * groups) * ${loads};
      let start = clamp(rowStarts[row], 0, uniforms.numPairs);
      let end = clamp(rowStarts[row + 1], start, uniforms.numPairs);
      ${lines(k => `var acc${k} = ${type}(0);`)}
      var p = start;
      // Two pairs per iteration (added in order): half the loop overhead.
      for (; p + 1 < end; p = p + 2) {
        let segA = ${segAt('p')};
        let segB = ${segAt('p + 1')};
        let baseA = segA * uniforms.cols + col;
        let baseB = segB * uniforms.cols + col;
        ${
      mode === 'sum' ? '' : 'let scaleA = segScale[segA];\n        let scaleB = segScale[segB];'}
        ${lines(k => `acc${k} = acc${k} + ${term(`grad[baseA + ${k}]`, 'scaleA')};`)}
        ${lines(k => `acc${k} = acc${k} + ${term(`grad[baseB + ${k}]`, 'scaleB')};`)}
      }
      if (p < end) {
        let seg = ${segAt('p')};
        let base = seg * uniforms.cols + col;
        ${mode === 'sum' ? '' : 'let scale = segScale[seg];'}
        ${lines(k => `acc${k} = acc${k} + ${term(`grad[base + ${k}]`, 'scale')};`)}
      }
      let out = row * uniforms.cols + col;
      ${lines(k => `result[out + ${k}] = acc${k};`)}
    }
  }`;
}

/**
 * The reduce: one invocation per (row, `loads` groups of `width` columns);
 * writes every element of `[numRows, cols * width]` once.
 */
export function reduceRowsProgram(constants: ReduceRowsConstants): ProgramSpec<
    ReduceRowsConstants, {numRows: 'i32', cols: 'i32', numPairs: 'i32', valueBits: 'i32'}> {
  const scaled = constants.mode === 'scaled';
  const {width} = constants;
  return {
    name: 'reduceRows',
    constants,
    source: reduceRowsSource,
    inputs: scaled ? ['segments', 'rowStarts', 'grad', 'segScale'] :
                     ['segments', 'rowStarts', 'grad'],
    inputComponents: scaled ? [1, 1, width, 1] : [1, 1, width],
    outputComponent: width,
    workgroupSize: WORKGROUP,
    uniforms: {numRows: 'i32', cols: 'i32', numPairs: 'i32', valueBits: 'i32'},
  };
}
