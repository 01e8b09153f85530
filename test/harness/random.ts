/** A seeded random source, so that every backend sees the same random cases. */

/** mulberry32: small, fast, and the same in every JS engine. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6D2B79F5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo));
  }

  /** float32 values: a mix of integers, fractions and signs, so sums round. */
  floats(n: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const r = this.next();
      out[i] = r < 0.2 ? this.int(-8, 9) : (this.next() - 0.5) * 20 / 3;
    }
    return out;
  }

  ints(n: number, lo: number, hi: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = this.int(lo, hi);
    }
    return out;
  }
}
