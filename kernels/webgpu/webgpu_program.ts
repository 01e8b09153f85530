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

/** A compile-time constant of a shader. */
export type Constant = number|string|boolean;

/** What a program is: its source is a pure function of `constants`. */
export interface ProgramSpec<C extends Record<string, Constant>> {
  /** The shader's name; with `constants`, it makes the pipeline cache key. */
  name: string;
  /** Every compile-time constant the source depends on. */
  constants: C;
  /** The WGSL of `fn main(index : i32)`, given the constants. */
  source: (constants: C) => string;
  /** Input binding names, in `inputs` order. */
  variableNames: string[];
  /** Vector width of each input (1 or 4); default 1. */
  variableComponents?: number[];
  /** Vector width of the output (1 or 4); default 1. */
  outputComponent?: number;
  /** The output is `array<atomic<i32>>`. */
  atomic?: boolean;
  /** Invocations per workgroup (1-D). */
  workgroupSize: number;
  /** WGSL fields of the program's uniforms, e.g. `n : i32, m : i32,`. */
  uniforms?: string;
}

/** Shader keys seen so far and the code they stand for: two programs must never share a key. */
const codeOfKey = new Map<string, string>();

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

  constructor(
      spec: ProgramSpec<Record<string, Constant>>, outputSize: number,
      workgroups: number) {
    this.outputShape = [outputSize];
    this.workgroupSize = [spec.workgroupSize, 1, 1];
    this.dispatch = [workgroups, 1, 1];
    this.variableNames = spec.variableNames;
    this.outputComponent = spec.outputComponent ?? 1;
    // tfjs gives inputs the output's width unless told otherwise.
    this.variableComponents =
        spec.variableComponents ?? spec.variableNames.map(() => 1);
    this.atomic = spec.atomic ?? false;
    this.uniforms = spec.uniforms;
    // Everything the generated code depends on goes into the key. tfjs adds
    // the input/output dtypes, ranks and its own header's variants.
    this.shaderKey = 'tfjsSparseGrad_' + spec.name + '_' + JSON.stringify([
      spec.constants, spec.workgroupSize, this.outputComponent,
      this.variableComponents, this.atomic, spec.uniforms ?? ''
    ]);
    this.code = spec.source(spec.constants);
    const seen = codeOfKey.get(this.shaderKey);
    if (seen == null) {
      codeOfKey.set(this.shaderKey, this.code);
    } else if (seen !== this.code) {
      throw new Error(`two shaders share the key ${this.shaderKey}`);
    }
  }

  getUserCode(): string {
    return this.code;
  }
}

/** A uniform value of a program: i32 unless said otherwise. */
export type UniformValue = number|{type: 'int32'|'uint32'|'float32', value: number};

/** A flat view of a tensor: the same data, shape `[size]`. */
export function flat(t: TensorInfo): TensorInfo {
  const size = t.shape.reduce((a, b) => a * b, 1);
  return {dataId: t.dataId, shape: [size], dtype: t.dtype};
}

/**
 * Runs `spec` over `invocations` threads (rounded up to whole workgroups),
 * writing `output` (a fresh 1-D tensor of `outputSize` elements when not
 * given). Inputs are bound as flat arrays. Returns the output.
 */
export function runProgram<C extends Record<string, Constant>>(
    backend: WebGPUBackend, spec: ProgramSpec<C>, inputs: TensorInfo[],
    outputDtype: DataType, options: {
      invocations: number,
      uniforms?: UniformValue[],
      output?: TensorInfo,
      outputSize?: number,
    }): TensorInfo {
  const output = options.output != null ?
      flat(options.output) :
      backend.makeTensorInfo([options.outputSize!], outputDtype);
  const workgroups =
      Math.max(1, Math.ceil(options.invocations / spec.workgroupSize));
  const program = new SparseGradProgram(
      spec as unknown as ProgramSpec<Record<string, Constant>>, output.shape[0],
      workgroups);
  const uniformData = (options.uniforms ?? []).map(u => typeof u === 'number' ?
      {type: 'int32', data: [u]} :
      {type: u.type, data: [u.value]});
  backend.runWebGPUProgram(
      program, inputs.map(flat), outputDtype, uniformData, output);
  return options.output ?? output;
}
