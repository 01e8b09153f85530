/** Comparison of kernel outputs with expectations: bit for bit, or within ULPs. */
import type {TensorSpec} from './types';

/** A kernel output read back from a backend. */
export interface ActualTensor {
  shape: number[];
  dtype: string;
  values: ArrayLike<number>;
}

const f32 = new Float32Array(1);
const bits = new Int32Array(f32.buffer);

function float32Bits(x: number): number {
  f32[0] = x;
  return bits[0];
}

/** Maps float32 bit patterns (sign-magnitude) onto consecutive integers. */
function orderedBits(x: number): number {
  const b = float32Bits(x);
  return b < 0 ? -0x80000000 - b - 1 : b;
}

/** Distance in float32 units in the last place; NaN == NaN, -0 vs 0 is 1. */
export function ulpDistance(a: number, b: number): number {
  if (Object.is(a, b)) {
    return 0;
  }
  if (Number.isNaN(a) || Number.isNaN(b)) {
    return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  }
  return Math.abs(orderedBits(a) - orderedBits(b));
}

/**
 * Returns null when `actual` matches `expected`, else a description of the
 * first difference. Floats must be identical bit for bit when `maxUlp` is 0
 * (NaN payloads aside); integers always exactly.
 */
export function compareTensor(actual: ActualTensor, expected: TensorSpec, maxUlp = 0): string|null {
  if (actual.dtype !== expected.dtype) {
    return `dtype ${actual.dtype}, expected ${expected.dtype}`;
  }
  if (actual.shape.join(',') !== expected.shape.join(',')) {
    return `shape [${actual.shape}], expected [${expected.shape}]`;
  }
  const n = expected.values.length;
  if (actual.values.length !== n) {
    return `${actual.values.length} values, expected ${n}`;
  }
  let mismatches = 0;
  let first = -1;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const a = actual.values[i];
    const e = expected.values[i];
    const distance =
        expected.dtype === 'float32' ? ulpDistance(a, Math.fround(e)) : (a === e ? 0 : Infinity);
    if (distance > maxUlp) {
      mismatches++;
      if (first < 0) first = i;
    }
    worst = Math.max(worst, distance);
  }
  if (mismatches === 0) {
    return null;
  }
  const expectedValue =
      expected.dtype === 'float32' ? Math.fround(expected.values[first]) : expected.values[first];
  return `${mismatches} of ${n} values differ (worst ${worst} ulp, allowed ${
      maxUlp}); first at flat index ${first}: got ${actual.values[first]}, expected ${
      expectedValue}`;
}
