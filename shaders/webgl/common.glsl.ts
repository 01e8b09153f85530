/**
 * GLSL shared by this package's fragment programs, which tfjs compiles
 * with `enableShapeUniforms`: tfjs declares, for every input `X`, the
 * sampler `X`, `offsetX` (flat offset of a sliced view) and `XTexShape`
 * (rows, columns), and for the output `outTexShape`.
 *
 * Unpacked tfjs textures hold one value per texel, flat index i at
 * (i % width, i / width); reading with texelFetch and integer coordinates
 * is exact at any size, where float texture coordinates are not.
 */

/**
 * `fetchTex(t, info, i)`: element i of a tensor in texture t, with
 * info = (texture width, flat offset of a sliced view); and `floatToInt`.
 * tfjs-webgl keeps int32 tensors in float32 texels: integers are exact up
 * to 2^24 in magnitude. 2^31 (int32 max, rounded up) wraps like the
 * Int32Array that tfjs reads back; anything larger clamps, so a bad value
 * can never become an in-range index by accident.
 */
export const FETCH_TEX = `
    float fetchTex(sampler2D t, ivec2 info, int i) {
      int k = i + info.y;
      int row = k / info.x;
      return texelFetch(t, ivec2(k - row * info.x, row), 0).r;
    }
    int floatToInt(float v) {
      if (v >= 2147483648.0) {
        return v == 2147483648.0 ? -2147483647 - 1 : 2147483647;
      }
      return v < -2147483648.0 ? -2147483647 - 1 : int(v);
    }`;

/** `float fetchX(int i)` and `int fetchXInt(int i)` for input `X`. */
export function fetchInput(name: string): string {
  return `
    float fetch${name}(int i) {
      return fetchTex(${name}, ivec2(${name}TexShape[1], offset${name}), i);
    }
    int fetch${name}Int(int i) {
      return floatToInt(fetch${name}(i));
    }`;
}

/** `int outputFlatIndex()`: the flat index of the texel being written. */
export const OUTPUT_FLAT_INDEX = `
    int outputFlatIndex() {
      ivec2 p = ivec2(gl_FragCoord.xy);
      return p.y * outTexShape[1] + p.x;
    }`;

/** The helpers above plus a fetch function for each input. */
export function header(inputs: string[]): string {
  return [FETCH_TEX, OUTPUT_FLAT_INDEX, ...inputs.map(fetchInput)].join('\n');
}

/** A key above every valid index (< 2^24): invalid pairs sort last. */
export const SENTINEL_KEY = 3.0e38;
export const SENTINEL_KEY_GLSL = '3.0e38';
