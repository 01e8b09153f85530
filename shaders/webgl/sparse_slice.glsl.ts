/**
 * `SparseSlice` and `SparseSliceGrad` programs. The slice box comes as
 * uniform int arrays `start` and `size` of the rank's length (exact, unlike
 * int32 tensors in float texels); the rank is a compile-time constant.
 */
import type {ProgramSpec} from './program_spec';

/**
 * out[i] = 1 when row i of the [n, RANK] indices lies in the box
 * [start, start + size), else 0. The differences are taken as unsigned so
 * that start + size never overflows.
 */
export function inBoxProgram(rank: number): ProgramSpec<{n: 'int', start: 'int[]', size: 'int[]'}> {
  return {
    name: 'sliceInBox',
    inputs: ['I'],
    uniforms: {n: 'int', start: 'int[]', size: 'int[]'},
    main: `
    void main() {
      int i = outputFlatIndex();
      bool inside = i < n;
      for (int d = 0; d < ${rank}; d++) {
        if (!inside) break;
        int index = fetchIInt(i * ${rank} + d);
        inside = index >= start[d] && size[d] > 0 &&
            uint(index - start[d]) < uint(size[d]);
      }
      setOutput(inside ? 1.0 : 0.0);
    }`,
  };
}

/**
 * For the k-th selected row (the first position where the prefix sum A of
 * the in-box flags reaches k + 1): its indices relative to start
 * (mode 'indices', output [count, RANK]) or its value (mode 'values').
 */
export function selectProgram(
    rank: number, mode: 'indices'|'values'): ProgramSpec<{n: 'int', count: 'int', start: 'int[]'}> {
  return {
    name: `sliceSelect_${mode}`,
    inputs: mode === 'indices' ? ['A', 'I'] : ['A', 'X'],
    // The values mode reads no start; tfjs binds a declared uniform either way.
    uniforms: {n: 'int', count: 'int', start: 'int[]'},
    main: `
    int selectedRow(int k) {
      int lo = 0;
      int hi = n;
      for (int it = 0; it < 32; it++) {
        if (lo >= hi) break;
        int mid = (lo + hi) / 2;
        if (fetchAInt(mid) < k + 1) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return min(lo, n - 1);
    }
    void main() {
      int flatIndex = outputFlatIndex();
      ${
        mode === 'indices' ? `
      int k = flatIndex / ${rank};
      int d = flatIndex - k * ${rank};
      if (k >= count) {
        setOutput(0.0);
        return;
      }
      int row = selectedRow(k);
      setOutput(float(fetchIInt(row * ${rank} + d) - start[d]));` :
                             `
      if (flatIndex >= count) {
        setOutput(0.0);
        return;
      }
      setOutput(fetchX(selectedRow(flatIndex)));`}
    }`,
  };
}

/**
 * `SparseSliceGrad`: out[i] = G[S[i]] where S[i] is the output row matched
 * to input row i, or 0 when S[i] < 0.
 */
export const SLICE_GRAD_GATHER: ProgramSpec<{n: 'int', numGrads: 'int'}> = {
  name: 'sliceGradGather',
  inputs: ['S', 'G'],
  uniforms: {n: 'int', numGrads: 'int'},
  main: `
    void main() {
      int i = outputFlatIndex();
      int j = i < n ? fetchSInt(i) : -1;
      setOutput(j >= 0 && j < numGrads ? fetchG(j) : 0.0);
    }`,
};
