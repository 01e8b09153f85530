/**
 * `SparseFillEmptyRowsGrad`: dValues is a gather; dDefaultValue adds the
 * gradients of the slots no entry maps to, one by one in ascending order
 * (float32 rounding after each add, or wrapping int32 adds), like the cpu
 * kernel. That sum is sequential by definition, so it runs in one
 * fragment, over chunks of slots per pass (the kernel's SLOTS_PER_PASS) so no single GPU
 * call runs long.
 */
import {header} from './common.glsl';

/** out[i] = G[M[i]], or 0 for an entry out of range. Uniforms: n, numGrads. */
export function gatherGradSource(isInt: boolean): string {
  return `
    ${header([
    'M', 'G'
  ])}
    void main() {
      int i = outputFlatIndex();
      int r = i < n ? fetchMInt(i) : -1;
      bool ok = r >= 0 && r < numGrads;
      setOutput(ok ? ${isInt ? 'float(fetchGInt(r))' : 'fetchG(r)'} : 0.0);
    }`;
}

/**
 * out = A + sum of G[j] over j in [begin, end) with V[j] == 0, in order.
 * A is the running sum (a scalar). Uniforms: begin, end.
 */
export function defaultSumSource(isInt: boolean): string {
  const T = isInt ? 'int' : 'float';
  return `
    ${header([
    'A', 'V', 'G'
  ])}
    void main() {
      ${T} acc = ${isInt ? 'fetchAInt(0)' : 'fetchA(0)'};
      for (int j = begin; j < end; j++) {
        if (fetchV(j) == 0.0) acc += ${isInt ? 'fetchGInt(j)' : 'fetchG(j)'};
      }
      setOutput(float(acc));
    }`;
}
