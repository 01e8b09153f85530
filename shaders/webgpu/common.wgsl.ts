/**
 * Pieces shared by the WGSL sources of this package. Every source is the
 * body of a tfjs webgpu program: tfjs prepends the bindings (`result`, the
 * named inputs, `uniforms`) and the builtins (`localIndex`, ...), and calls
 * `fn main(index : i32)` with the global invocation index.
 */

/** A value type of the shaders: float32, or int32 (tfjs stores bool as i32). */
export type ShaderDtype = 'float32'|'int32';

/** The WGSL type of `width` (1 or 4) elements of `dtype`. */
export function wgslType(dtype: ShaderDtype, width = 1): string {
  const scalar = dtype === 'float32' ? 'f32' : 'i32';
  return width === 1 ? scalar : `vec${width}<${scalar}>`;
}

/**
 * An exact WGSL literal of a float32 value: the shortest decimal that reads
 * back as the same double, which is the float32 itself, so WGSL's f32
 * conversion of it does not round.
 */
export function f32Literal(value: number): string {
  const x = Math.fround(value);
  if (!Number.isFinite(x)) {
    throw new Error(`no WGSL literal for ${x}`);
  }
  const text = String(x);
  return /[.e]/.test(text) ? `${text}f` : `${text}.0f`;
}

/**
 * `fn name(value : i32) -> i32`: the first position p in [0, n) whose key
 * `keyAt(p)` is >= value (n when none): a binary search over sorted keys.
 */
export function lowerBoundSnippet(name: string, keyAt: (p: string) => string, n: string): string {
  return `
  fn ${name}(value : i32) -> i32 {
    var lo = 0;
    var hi = ${n};
    while (lo < hi) {
      let mid = (lo + hi) >> 1u;
      if (${keyAt('mid')} < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }`;
}
