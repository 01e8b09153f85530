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
 *
 * `fetchIndexTex(t, info, i)` reads int32 element i of a tensor that is
 * either such a float texture (info.z == 0) or, for int32 values uploaded
 * from the CPU that reach 2^24, split in two texels per element
 * (info.z != 0): `v >> 16` then `v & 0xffff`, both exact in float32, so
 * every int32 comes back exact.
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
    }
    int fetchIndexTex(sampler2D t, ivec3 info, int i) {
      if (info.z != 0) {
        return int(fetchTex(t, info.xy, 2 * i)) * 65536 + int(fetchTex(t, info.xy, 2 * i + 1));
      }
      return floatToInt(fetchTex(t, info.xy, i));
    }`;

/** The name of input `name`'s fetch function: `fetchRowStarts` for `rowStarts`. */
export function fetchName(name: string): string {
  return `fetch${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/**
 * `int fetchXInt(int i)` and `float fetchX(int i)` for input `x` (see
 * `fetchName`); the uniform `xSplit` (set by `runProgram`) says whether x
 * holds split int32s.
 */
export function fetchInput(name: string): string {
  const fetch = fetchName(name);
  return `
    int ${fetch}Int(int i) {
      return fetchIndexTex(${name}, ivec3(${name}TexShape[1], offset${name}, ${name}Split), i);
    }
    float ${fetch}(int i) {
      return ${name}Split != 0 ? float(${fetch}Int(i)) :
          fetchTex(${name}, ivec2(${name}TexShape[1], offset${name}), i);
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
