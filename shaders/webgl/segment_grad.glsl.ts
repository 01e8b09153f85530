/**
 * Fragment programs of the sparse segment gradients (besides the scatter
 * draw in scatter_blend.glsl.ts).
 */
import type {ProgramSpec} from './program_spec';
import type {SegmentReduction} from '../../src/kernel_names';

import {SENTINEL_KEY_GLSL} from './common.glsl';
import {EXACT_MATH} from './exact_math.glsl';

/**
 * scale[s] = 1 / count (mean) or 1 / sqrt(count) (sqrtn), count at least
 * 1, correctly rounded like the cpu kernel's float64-then-float32 scale.
 * The count is C0[s] + C1[s] + ... (scatter counts, `numCountInputs` of
 * them), or R[s + 1] - R[s] from a table of run starts (`fromRuns`).
 */
export function segmentScaleProgram(
    reduction: SegmentReduction, numCountInputs: number,
    fromRuns: boolean): ProgramSpec<{numSegments: 'int'}> {
  const inputs = fromRuns ? ['R'] : Array.from({length: numCountInputs}, (_, k) => `C${k}`);
  const count = fromRuns ? 'fetchRInt(s + 1) - fetchRInt(s)' :
                           inputs.map(name => `fetch${name}Int(s)`).join(' + ');
  return {
    name: 'segmentScale',
    inputs,
    uniforms: {numSegments: 'int'},
    main: `
    ${EXACT_MATH}
    void main() {
      int s = outputFlatIndex();
      if (s >= numSegments) {
        setOutput(0.0);
        return;
      }
      uint count = uint(max(${count}, 1));
      setOutput(${reduction === 'mean' ? 'recipExact(count)' : 'rsqrtExact(count)'});
    }`,
  };
}

/**
 * V2, blend path: the output row of the k-th sorted pair (its run number,
 * from the prefix sum A of run starts) or -1 for an invalid pair.
 */
export const SORTED_DST_ROWS: ProgramSpec<{n: 'int'}> = {
  name: 'sortedDstRows',
  inputs: ['A', 'K'],
  uniforms: {n: 'int'},
  main: `
    void main() {
      int k = outputFlatIndex();
      bool ok = k < n && fetchK(k) != ${SENTINEL_KEY_GLSL};
      setOutput(ok ? float(fetchAInt(k) - 1) : -1.0);
    }`,
};

/** out[k] = S[P[k]] for k < n: the segment ids in sorted pair order. */
export const PERMUTE: ProgramSpec<{n: 'int'}> = {
  name: 'permute',
  inputs: ['P', 'S'],
  uniforms: {n: 'int'},
  main: `
    void main() {
      int k = outputFlatIndex();
      setOutput(k < n ? fetchS(fetchPInt(k)) : 0.0);
    }`,
};

/** The variant of `gatherRowsProgram`. */
export interface GatherRowsOptions {
  /** Each source row is multiplied by its segment's scale (`scales`). */
  scaled?: boolean;
  /**
   * The source row of a pair is its segment id `segments[order[k]]`
   * (segment gradients; default), else the pair number `order[k]` itself
   * (`UnsortedSegmentSum`).
   */
  bySegment?: boolean;
  /** int32 data: the adds are exact wrapping int32 adds (no scale). */
  int?: boolean;
}

/**
 * The gather path: out[row, c] = sum over k in [rowStarts[row],
 * rowStarts[row + 1]) of grad[src(k), c] (* scales[src(k)]), added one by
 * one in k order, which is input order within a row (the sort is stable).
 * Only valid pairs lie in the ranges. The same names as the webgpu
 * program's (segment_grad.wgsl.ts).
 */
export function gatherRowsProgram(
    {scaled = false, bySegment = true, int = false}: GatherRowsOptions = {}):
    ProgramSpec<{numRows: 'int', rowSize: 'int'}> {
  const type = int ? 'int' : 'float';
  return {
    name: 'gatherRows',
    inputs: [
      'grad', 'rowStarts', 'order', ...(bySegment ? ['segments'] : []),
      ...(scaled ? ['scales'] : [])
    ],
    uniforms: {numRows: 'int', rowSize: 'int'},
    main: `
    void main() {
      int flatIndex = outputFlatIndex();
      int row = flatIndex / rowSize;
      int c = flatIndex - row * rowSize;
      if (row >= numRows) {
        setOutput(0.0);
        return;
      }
      int start = fetchRowStartsInt(row);
      int end = fetchRowStartsInt(row + 1);
      ${type} acc = ${int ? '0' : '0.0'};
      for (int k = start; k < end; k++) {
        int source = ${bySegment ? 'fetchSegmentsInt(fetchOrderInt(k))' : 'fetchOrderInt(k)'};
        ${type} g = ${int ? 'fetchGradInt' : 'fetchGrad'}(source * rowSize + c);
        ${scaled ? 'g *= fetchScales(source);' : ''}
        acc += g;
      }
      setOutput(float(acc));
    }`,
  };
}
