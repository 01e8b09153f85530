/**
 * Correctly rounded float32 results computed with integer arithmetic only,
 * so they are the same on every GPU (GLSL ES lets `/`, `sqrt` and
 * `inversesqrt` be off by ulps; SwiftShader's inversesqrt is).
 *
 * - recipExact(c)  = float32(1 / c)
 * - rsqrtExact(c)  = float32(1 / sqrt(c))
 * - sqrtExact(n)   = float32(sqrt(n))
 *
 * for integers 1 <= c, n < 2^27. For counts up to 2^26 (more pairs than a
 * WebGL texture holds), the first two equal the cpu kernel's
 * `Math.fround(1 / c)` and `Math.fround(1 / Math.sqrt(c))` (float64 first,
 * then float32): checked exhaustively, the float64 step never lands on a
 * float32 rounding boundary there. Rounding is to nearest, ties to even.
 */
export const EXACT_MATH = `
    // 2^e, exact for -126 <= e <= 127.
    float pow2(int e) {
      return uintBitsToFloat(uint(e + 127) << 23);
    }

    // Number of significant bits of x (0 for 0).
    int bitLength(uint x) {
      int bits = 0;
      for (int i = 0; i < 32; i++) {
        if (x == 0u) break;
        x >>= 1;
        bits++;
      }
      return bits;
    }

    // m * 2^e rounded to float32, where m has bits > 24 significant bits
    // and sticky says whether nonzero bits were cut off below m.
    float roundToFloat(uint m, int bits, bool sticky, int e) {
      int drop = bits - 24;
      uint q = m >> uint(drop);
      uint rest = m - (q << uint(drop));
      uint halfway = 1u << uint(drop - 1);
      bool up = rest > halfway ||
          (rest == halfway && (sticky || (q & 1u) == 1u));
      if (up) q += 1u;
      return float(q) * pow2(e + drop);
    }

    // floor(sqrt(X)) of X = hi * 2^32 + lo < 2^54, and whether it is inexact.
    uint isqrt54(uint hi, uint lo, out bool inexact) {
      uint root = 0u;
      uint rem = 0u;
      for (int i = 26; i >= 0; i--) {
        int shift = 2 * i;
        uint pair = shift >= 32 ? (hi >> uint(shift - 32)) & 3u
                                : (lo >> uint(shift)) & 3u;
        rem = (rem << 2) | pair;
        uint trial = (root << 2) | 1u;
        root <<= 1;
        if (rem >= trial) {
          rem -= trial;
          root |= 1u;
        }
      }
      inexact = rem != 0u;
      return root;
    }

    float recipExact(uint c) {
      int b = bitLength(c);
      if ((c & (c - 1u)) == 0u) return pow2(1 - b);  // a power of two
      // q = floor(2^(b+24) / c), 25 bits; r is the remainder.
      uint r = 1u;
      uint q = 0u;
      for (int i = 0; i < 64; i++) {
        if (i >= b + 24) break;
        r <<= 1;
        q <<= 1;
        if (r >= c) {
          r -= c;
          q |= 1u;
        }
      }
      return roundToFloat(q, 25, r != 0u, -(b + 24));
    }

    float rsqrtExact(uint c) {
      int b = bitLength(c);
      // X = floor(2^E / c) in [2^50, 2^52] with E even, so
      // 1 / sqrt(c) = sqrt(2^E / c) * 2^(-E/2).
      int e = b + 50 + ((b + 50) & 1);
      uint r = 1u;
      uint hi = 0u;
      uint lo = 0u;
      for (int i = 0; i < 96; i++) {
        if (i >= e) break;
        r <<= 1;
        uint bit = 0u;
        if (r >= c) {
          r -= c;
          bit = 1u;
        }
        hi = (hi << 1) | (lo >> 31);
        lo = (lo << 1) | bit;
      }
      bool inexact;
      uint root = isqrt54(hi, lo, inexact);
      return roundToFloat(root, bitLength(root), inexact || r != 0u, -e / 2);
    }

    float sqrtExact(uint n) {
      int b = bitLength(n);
      // X = n * 2^(2k) in [2^50, 2^52), so sqrt(n) = sqrt(X) * 2^-k.
      int k = (52 - b) / 2;
      int shift = 2 * k;
      uint hi = shift >= 32 ? n << uint(shift - 32)
                            : (shift == 0 ? 0u : n >> uint(32 - shift));
      uint lo = shift >= 32 ? 0u : n << uint(shift);
      bool inexact;
      uint root = isqrt54(hi, lo, inexact);
      return roundToFloat(root, bitLength(root), inexact, -k);
    }
`;
