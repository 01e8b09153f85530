/**
 * `SparseFillEmptyRowsGrad`: dValues is a gather; dDefaultValue adds the
 * gradients of the slots no entry maps to, one by one in ascending order
 * (float32 rounding after each add, or wrapping int32 adds), like the cpu
 * kernel. That sum is sequential by definition, so it runs in one
 * fragment, over chunks of slots per pass (the kernel's SLOTS_PER_PASS) so no single GPU
 * call runs long.
 */
import type {ProgramSpec} from './program_spec';

/** out[i] = G[M[i]], or 0 for an entry out of range. */
export function gatherGradProgram(isInt: boolean): ProgramSpec<{n: 'int', numGrads: 'int'}> {
  return {
    name: 'fillEmptyRowsGradGather',
    inputs: ['M', 'G'],
    uniforms: {n: 'int', numGrads: 'int'},
    main: `
    void main() {
      int i = outputFlatIndex();
      int r = i < n ? fetchMInt(i) : -1;
      bool ok = r >= 0 && r < numGrads;
      setOutput(ok ? ${isInt ? 'float(fetchGInt(r))' : 'fetchG(r)'} : 0.0);
    }`,
  };
}

/**
 * out = A + sum of G[j] over j in [begin, end) with V[j] == 0, in order.
 * A is the running sum (a scalar).
 */
export function defaultSumProgram(isInt: boolean): ProgramSpec<{begin: 'int', end: 'int'}> {
  const T = isInt ? 'int' : 'float';
  return {
    name: 'fillEmptyRowsGradDefaultSum',
    inputs: ['A', 'V', 'G'],
    uniforms: {begin: 'int', end: 'int'},
    main: `
    void main() {
      ${T} acc = ${isInt ? 'fetchAInt(0)' : 'fetchA(0)'};
      for (int j = begin; j < end; j++) {
        if (fetchV(j) == 0.0) acc += ${isInt ? 'fetchGInt(j)' : 'fetchG(j)'};
      }
      setOutput(float(acc));
    }`,
  };
}
