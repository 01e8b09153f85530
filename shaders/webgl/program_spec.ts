/**
 * The contract of a webgl program of this package, declared by each shader
 * module of this folder beside its GLSL and run by
 * kernels/webgl/lib/program.ts (tfjs's GPGPU framework).
 */

/** The GLSL type of a uniform; `int[]` is an int array as long as its value. */
export type UniformType = 'int'|'float'|'int[]';

/** A program's uniforms: name -> GLSL type. */
export type Uniforms = Record<string, UniformType>;

/** The values of a program's uniforms, by name. */
export type UniformValues<U extends Uniforms> = {
  [K in keyof U]: U[K] extends 'int[]' ? ArrayLike<number>: number
};

export interface ProgramSpec<U extends Uniforms = Uniforms> {
  /** The program's name (for errors and tests). */
  name: string;
  /** Input texture names, in `inputs` order. */
  inputs: readonly string[];
  /** The uniforms `main` reads, by name, with their GLSL types. */
  uniforms: U;
  /**
   * `void main()` and the functions it calls. The fetch helpers of every
   * input and `outputFlatIndex()` come before it (common.glsl.ts).
   */
  main: string;
}
