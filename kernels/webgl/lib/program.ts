/**
 * The fragment programs of this package's webgl kernels, run through tfjs's
 * own `runWebGLProgram` (its texture pool, program cache and shape
 * uniforms).
 *
 * A `ProgramSpec` is a program's whole contract, declared in its shader
 * module (shaders/webgl/) beside the GLSL that reads it: its input textures
 * (read with the generated `fetchX(i)` / `fetchXInt(i)`, which also read
 * exactly the split int32s of `uploadInt32`), its uniforms by
 * name and type, and its `main`. Kernels pass inputs in `inputs` order and
 * uniform values by name.
 */
import type {GPGPUProgram} from '@tensorflow/tfjs-backend-webgl';
import type {DataType, TensorInfo} from '@tensorflow/tfjs-core';

import {header} from '../../../shaders/webgl/common.glsl';

import {isSplitInt32} from './backend_util';
import type {WebGLBackend} from './backend_util';

import type {ProgramSpec, Uniforms, UniformValues} from '../../../shaders/webgl/program_spec';

/** The full fragment code of a spec (tfjs adds its own header before it). */
export function userCode(spec: ProgramSpec): string {
  return `${header([...spec.inputs])}\n${spec.main}`;
}

/**
 * Runs `spec` into a new tensor of `outputShape`. Inputs are moved to the
 * GPU first, so tfjs never passes a small one as a uniform array: the
 * shaders read every input with `texelFetch`. Shape uniforms keep one
 * compiled program for every size.
 */
export function runProgram<U extends Uniforms>(
    backend: WebGLBackend, spec: ProgramSpec<U>, inputs: TensorInfo[], dtype: DataType,
    options: {outputShape: number[], uniforms?: UniformValues<U>}): TensorInfo {
  if (inputs.length !== spec.inputs.length) {
    throw new Error(
        `${spec.name}: ${inputs.length} inputs given for ${spec.inputs.length} bindings`);
  }
  for (const input of inputs) {
    backend.uploadToGPU(input.dataId);
  }
  const values = (options.uniforms ?? {}) as Record<string, number|ArrayLike<number>>;
  const names = Object.keys(spec.uniforms);
  const data = names.map(name => {
    const value = values[name];
    if (value == null) {
      throw new Error(`${spec.name}: no value for uniform '${name}'`);
    }
    return typeof value === 'number' ? [value] : Array.from(value);
  });
  const program: GPGPUProgram = {
    variableNames: [...spec.inputs],
    outputShape: options.outputShape,
    userCode: userCode(spec),
    enableShapeUniforms: true,
    customUniforms: [
      ...names.map((name, k) => {
        const type = spec.uniforms[name];
        return type === 'int[]' ? {name, type: 'int' as const, arrayIndex: data[k].length} :
                                  {name, type};
      }),
      // Whether each input holds split int32s (backend_util.ts, uploadInt32).
      ...spec.inputs.map(name => ({name: `${name}Split`, type: 'int' as const})),
    ],
  };
  const splitFlags = inputs.map(t => [isSplitInt32(t) ? 1 : 0]);
  return backend.runWebGLProgram(program, inputs, dtype, [...data, ...splitFlags]);
}
