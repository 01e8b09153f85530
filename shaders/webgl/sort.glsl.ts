/**
 * Sorting, scanning and searching int32 data held in float32 texels, plus
 * zero-fill and copy, all as fragment programs over flat indices (see
 * common.glsl.ts for the fetch helpers and `outputFlatIndex`).
 */
import type {ProgramSpec} from './program_spec';

import {SENTINEL_KEY_GLSL} from './common.glsl';

/**
 * keys[i] = I[i] when pair i is valid, else a sentinel above every valid
 * key, so invalid pairs sort last and no range search finds them. A pair is
 * valid when 0 <= I[i] < numRows and 0 <= S[i] < numSegments (I and S are
 * the pair's index and segment id, in either role).
 */
export const SORT_KEYS: ProgramSpec<{n: 'int', numRows: 'int', numSegments: 'int'}> = {
  name: 'sortKeys',
  inputs: ['I', 'S'],
  uniforms: {n: 'int', numRows: 'int', numSegments: 'int'},
  main: `
    void main() {
      int i = outputFlatIndex();
      if (i >= n) {
        setOutput(0.0);
        return;
      }
      int key = fetchIInt(i);
      int other = fetchSInt(i);
      bool ok = key >= 0 && key < numRows && other >= 0 && other < numSegments;
      setOutput(ok ? float(key) : ${SENTINEL_KEY_GLSL});
    }`,
};

/** out[x] = x: the identity permutation. */
export const IOTA: ProgramSpec<Record<string, never>> = {
  name: 'iota',
  inputs: [],
  uniforms: {},
  main: `
    void main() {
      setOutput(float(outputFlatIndex()));
    }`,
};

/**
 * One compare-exchange step of a bitonic sorting network over a
 * permutation P (length a power of two) of pair numbers, ordered by
 * (keys[p], p): a strict total order, so the sort is stable by key.
 * Entries p >= n are padding and order last.
 */
export const BITONIC_STEP: ProgramSpec<{n: 'int', blockSize: 'int', stride: 'int'}> = {
  name: 'bitonicStep',
  inputs: ['P', 'K'],
  uniforms: {n: 'int', blockSize: 'int', stride: 'int'},
  main: `
    float keyOf(int p) {
      return p < n ? fetchK(p) : 3.4e38;
    }
    bool before(int a, int b) {
      float ka = keyOf(a);
      float kb = keyOf(b);
      return ka < kb || (ka == kb && a < b);
    }
    void main() {
      int x = outputFlatIndex();
      int partner = x ^ stride;
      int a = fetchPInt(x);
      int b = fetchPInt(partner);
      bool ascending = (x & blockSize) == 0;
      bool keepSmaller = (x < partner) == ascending;
      bool aFirst = before(a, b);
      setOutput(float(keepSmaller == aFirst ? a : b));
    }`,
};

/** out[k] = K[P[k]] for k < n: the keys in sorted order. */
export const GATHER_KEYS: ProgramSpec<{n: 'int'}> = {
  name: 'gatherKeys',
  inputs: ['P', 'K'],
  uniforms: {n: 'int'},
  main: `
    void main() {
      int k = outputFlatIndex();
      setOutput(k < n ? fetchK(fetchPInt(k)) : 0.0);
    }`,
};

/**
 * out[k] = 1 where a new run of equal sorted keys starts (k == 0 or
 * key[k] != key[k-1]), else 0.
 */
export const RUN_STARTS: ProgramSpec<{n: 'int'}> = {
  name: 'runStarts',
  inputs: ['K'],
  uniforms: {n: 'int'},
  main: `
    void main() {
      int k = outputFlatIndex();
      if (k >= n) {
        setOutput(0.0);
        return;
      }
      setOutput(k == 0 || fetchK(k) != fetchK(k - 1) ? 1.0 : 0.0);
    }`,
};

/**
 * One step of an inclusive prefix sum (Hillis-Steele):
 * out[k] = A[k] + A[k - stride] (k >= stride). Integer sums, exact below
 * 2^24.
 */
export const SCAN_STEP: ProgramSpec<{n: 'int', stride: 'int'}> = {
  name: 'scanStep',
  inputs: ['A'],
  uniforms: {n: 'int', stride: 'int'},
  main: `
    void main() {
      int k = outputFlatIndex();
      if (k >= n) {
        setOutput(0.0);
        return;
      }
      int v = fetchAInt(k);
      if (k >= stride) v += fetchAInt(k - stride);
      setOutput(float(v));
    }`,
};

/** GLSL: the first position in sorted A[0, n) whose value is >= v. */
// Compares as int32 (fetchAInt): exact for split int32 inputs too; a
// float key at or above 2^31 (the invalid-pair sentinel) reads as int32 max.
const LOWER_BOUND = `
    int lowerBound(int v) {
      int lo = 0;
      int hi = n;
      for (int it = 0; it < 32; it++) {
        if (lo >= hi) break;
        int mid = (lo + hi) / 2;
        if (fetchAInt(mid) < v) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }`;

/**
 * out[x] = lowerBound(A, x + base) for x < outSize: where each value's run
 * starts in sorted A (the run of x + base ends at out[x + 1]).
 */
export const LOWER_BOUNDS: ProgramSpec<{n: 'int', base: 'int', outSize: 'int'}> = {
  name: 'lowerBounds',
  inputs: ['A'],
  uniforms: {n: 'int', base: 'int', outSize: 'int'},
  main: `
    ${LOWER_BOUND}
    void main() {
      int x = outputFlatIndex();
      setOutput(x < outSize ? float(lowerBound(x + base)) : 0.0);
    }`,
};

/**
 * out[x] = K[lowerBound(A, x + 1)] for x < outSize: with A the prefix sum
 * of run starts, the key of run x (the x-th distinct sorted key).
 */
export const RUN_KEYS: ProgramSpec<{n: 'int', outSize: 'int'}> = {
  name: 'runKeys',
  inputs: ['A', 'K'],
  uniforms: {n: 'int', outSize: 'int'},
  main: `
    ${LOWER_BOUND}
    void main() {
      int x = outputFlatIndex();
      if (x >= outSize) {
        setOutput(0.0);
        return;
      }
      int k = lowerBound(x + 1);
      setOutput(k < n ? fetchK(k) : 0.0);
    }`,
};

/** out = [A[n - 1], K[n - 1]]: the number of runs and the last sorted key. */
export const RUN_SUMMARY: ProgramSpec<{n: 'int'}> = {
  name: 'runSummary',
  inputs: ['A', 'K'],
  uniforms: {n: 'int'},
  main: `
    void main() {
      int x = outputFlatIndex();
      setOutput(x == 0 ? fetchA(n - 1) : fetchK(n - 1));
    }`,
};

/** out = [A[index]]. */
export const ELEMENT: ProgramSpec<{index: 'int'}> = {
  name: 'element',
  inputs: ['A'],
  uniforms: {index: 'int'},
  main: `
    void main() {
      setOutput(fetchA(index));
    }`,
};

/** Zeros (an empty gradient, or a starting sum). */
export const ZEROS: ProgramSpec<Record<string, never>> = {
  name: 'zeros',
  inputs: [],
  uniforms: {},
  main: `
    void main() {
      setOutput(0.0);
    }`,
};

/** out[k] = A[k] for k < n, else 0: a copy of a prefix. */
export const COPY: ProgramSpec<{n: 'int'}> = {
  name: 'copy',
  inputs: ['A'],
  uniforms: {n: 'int'},
  main: `
    void main() {
      int k = outputFlatIndex();
      setOutput(k < n ? fetchA(k) : 0.0);
    }`,
};
