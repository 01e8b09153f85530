/**
 * Fragment programs of the sparse segment gradients (besides the scatter
 * draw in scatter_blend.glsl.ts).
 */
import type {ProgramSpec} from '../../kernels/webgl/lib/program';
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

/**
 * The gather path: out[row, c] = sum over k in [R[row], R[row + 1]) of
 * G[src(k), c] (* scale[src(k)]), added one by one in k order, which is
 * input order within a row (the sort is stable). The source row src(k) is
 * the pair's segment id S[P[k]] (segment gradients), or the pair number
 * P[k] itself (`UnsortedSegmentSum`, without S). Only valid pairs lie in
 * the ranges. With `isInt` (int32 data, no scale) the adds are exact
 * wrapping int32 adds.
 */
export function gatherRowsProgram(hasScale: boolean, hasSegments = true, isInt = false):
    ProgramSpec<{numRows: 'int', rowSize: 'int'}> {
  return {
    name: 'gatherRows',
    inputs: ['G', 'R', 'P', ...(hasSegments ? ['S'] : []), ...(hasScale ? ['W'] : [])],
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
      int start = fetchRInt(row);
      int end = fetchRInt(row + 1);
      ${isInt ? 'int' : 'float'} acc = ${isInt ? '0' : '0.0'};
      for (int k = start; k < end; k++) {
        int segment = ${hasSegments ? 'fetchSInt(fetchPInt(k))' : 'fetchPInt(k)'};
        ${isInt ? 'int' : 'float'} g = ${isInt ? 'fetchGInt' : 'fetchG'}(segment * rowSize + c);
        ${hasScale ? 'g *= fetchW(segment);' : ''}
        acc += g;
      }
      setOutput(float(acc));
    }`,
  };
}
