/**
 * The compute programs of this package's webgpu kernels, in tfjs's own
 * program framework (`WebGPUBackend.runWebGPUProgram`).
 *
 * Why tfjs's framework and not raw WebGPU calls on `backend.device`: tfjs
 * records every program into its one batched command encoder, in call order,
 * so our passes are ordered with the tfjs ops before and after them without
 * extra submits; buffers come from tfjs's pool (counted by `tf.memory()`,
 * released only after the commands that use them are submitted); pipelines
 * share tfjs's cache. The price: one writable binding per program (multi-
 * output passes write packed buffers) and read-only inputs.
 *
 * Every program here is 1-D: inputs and outputs are bound as flat arrays,
 * the dispatch layout is flat, and tfjs folds a dispatch of more than 65,535
 * workgroups into 2-D or 3-D (its `getGlobalIndex()` undoes that, and every
 * shader bounds-checks the extra invocations).
 */
import type {WebGPUBackend, WebGPUProgram} from '@tensorflow/tfjs-backend-webgpu';
import type {DataType, TensorInfo} from '@tensorflow/tfjs-core';
import {util} from '@tensorflow/tfjs-core';

import type {Constant, ProgramSpec, Uniforms, UniformType, UniformValues} from '../../../shaders/webgpu/program_spec';

/** The WGSL struct fields of `uniforms`, e.g. `n : i32, m : i32,`. */
function uniformFields(uniforms: Uniforms|undefined): string {
  return Object.entries(uniforms ?? {}).map(([name, type]) => `${name} : ${type},`).join(' ');
}

const UNIFORM_DTYPES: Record<UniformType, 'int32'|'uint32'|'float32'> = {
  i32: 'int32',
  u32: 'uint32',
  f32: 'float32',
};

/** 53-bit FNV-1a style hash of a string (for shader keys). */
function hash53(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return ((h2 >>> 11) * 4294967296 + (h1 >>> 0)).toString(36);
}

/**
 * The code and cache key of each (name, constants, layout): the source is a
 * pure function of them, so it is generated once. The key spells the
 * constants out and ends with a hash of the code itself, so two different
 * programs never share a pipeline, even from two copies of this package
 * with different module constants in one page.
 */
const compiled = new Map<string, {code: string, key: string}>();

/** One class per shader name: tfjs labels pipelines and profiles by class name. */
const classes = new Map<
    string,
    new (spec: ProgramSpec<Record<string, Constant>>, outputSize: number, workgroups: number) =>
        SparseGradProgram>();

/** A `WebGPUProgram` built from a `ProgramSpec`. */
export class SparseGradProgram implements WebGPUProgram {
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: {x: number[]} = {x: [0]};
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  variableNames: string[];
  variableComponents?: number[];
  outputComponent?: number;
  atomic?: boolean;
  uniforms?: string;
  private readonly code: string;

  constructor(spec: ProgramSpec<Record<string, Constant>>, outputSize: number, workgroups: number) {
    this.outputShape = [outputSize];
    this.workgroupSize = [spec.workgroupSize, 1, 1];
    this.dispatch = [workgroups, 1, 1];
    this.variableNames = spec.inputs;
    this.outputComponent = spec.outputComponent ?? 1;
    // tfjs gives inputs the output's width unless told otherwise.
    this.variableComponents = spec.inputComponents ?? spec.inputs.map(() => 1);
    this.atomic = spec.atomic ?? false;
    this.uniforms = uniformFields(spec.uniforms);
    // Everything the generated code depends on goes into the key; tfjs adds
    // the input/output dtypes, ranks and its own header's variants.
    const id = spec.name + '_' + JSON.stringify([
      spec.constants, spec.workgroupSize, this.outputComponent, this.variableComponents,
      this.atomic, this.uniforms
    ]);
    let entry = compiled.get(id);
    if (entry == null) {
      const code = spec.source(spec.constants);
      entry = {code, key: `tfjsSparseGrad_${id}_${hash53(code)}`};
      compiled.set(id, entry);
    }
    this.code = entry.code;
    this.shaderKey = entry.key;
  }

  getUserCode(): string {
    return this.code;
  }
}

/** A program of the class named after `spec.name`. */
function makeProgram(
    spec: ProgramSpec<Record<string, Constant>>, outputSize: number,
    workgroups: number): SparseGradProgram {
  let named = classes.get(spec.name);
  if (named == null) {
    named = {[spec.name]: class extends SparseGradProgram {}}[spec.name];
    classes.set(spec.name, named);
  }
  return new named(spec, outputSize, workgroups);
}

/** A flat view of a tensor: the same data, shape `[size]`. */
export function flat(t: TensorInfo): TensorInfo {
  const size = util.sizeFromShape(t.shape);
  return {dataId: t.dataId, shape: [size], dtype: t.dtype};
}

/**
 * Runs `spec` over `invocations` threads (rounded up to whole workgroups),
 * writing `output` (a fresh 1-D tensor of `outputSize` elements when not
 * given). Inputs are bound as flat arrays. Returns the output.
 */
export function runProgram<C extends Record<string, Constant>, U extends Uniforms>(
    backend: WebGPUBackend, spec: ProgramSpec<C, U>, inputs: TensorInfo[], outputDtype: DataType,
    options: {
      invocations: number,
      uniforms?: UniformValues<U>,
      output?: TensorInfo,
      outputSize?: number,
    }): TensorInfo {
  const output = options.output != null ?
      flat(options.output) :
      backend.makeTensorInfo([options.outputSize!], outputDtype);
  const workgroups = Math.max(1, Math.ceil(options.invocations / spec.workgroupSize));
  const program = makeProgram(
      spec as unknown as ProgramSpec<Record<string, Constant>>, output.shape[0], workgroups);
  const values = (options.uniforms ?? {}) as Record<string, number>;
  const uniformData = Object.entries(spec.uniforms ?? {}).map(([name, type]) => {
    if (typeof values[name] !== 'number') {
      throw new Error(`${spec.name}: no value for uniform '${name}'`);
    }
    return {type: UNIFORM_DTYPES[type], data: [values[name]]};
  });
  backend.runWebGPUProgram(program, inputs.map(flat), outputDtype, uniformData, output);
  return options.output ?? output;
}
