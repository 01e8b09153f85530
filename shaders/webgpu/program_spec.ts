/**
 * The contract of a webgpu program of this package, declared by each shader
 * module of this folder beside its WGSL and run by
 * kernels/webgpu/lib/program.ts (tfjs's program framework).
 */

/** A compile-time constant of a shader. */
export type Constant = number|string|boolean;

/**
 * A program's whole contract: its name, compile-time constants and source,
 * its bindings (input names and widths, output), workgroup size and
 * uniforms. Each lives in its shader module (shaders/webgpu/), beside the
 * WGSL that reads them; kernels pass inputs in `inputs` order and uniform
 * values by name.
 */
export interface ProgramSpec<C extends Record<string, Constant>, U extends Uniforms = Uniforms> {
  /** The shader's name; with `constants`, it makes the pipeline cache key. */
  name: string;
  /** Every compile-time constant the source depends on. */
  constants: C;
  /** The WGSL of `fn main(index : i32)`, given the constants. */
  source: (constants: C) => string;
  /** Input binding names, in the order kernels pass the inputs. */
  inputs: string[];
  /** Vector width of each input (1 or 4); default 1. */
  inputComponents?: number[];
  /** Vector width of the output (1 or 4); default 1. */
  outputComponent?: number;
  /** The output is `array<atomic<i32>>`. */
  atomic?: boolean;
  /** Invocations per workgroup (1-D). */
  workgroupSize: number;
  /**
   * The program's uniforms by name, with their WGSL types, in declaration
   * order: the source reads `uniforms.<name>`, and `runProgram` takes their
   * values by the same names.
   */
  uniforms?: U;
}

/** The WGSL type of a uniform. */
export type UniformType = 'i32'|'u32'|'f32';

/** A program's uniforms: name -> WGSL type. */
export type Uniforms = Record<string, UniformType>;

/** The values of a program's uniforms, by name. */
export type UniformValues<U extends Uniforms> = {
  [K in keyof U]: number
};
