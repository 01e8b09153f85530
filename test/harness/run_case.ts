/**
 * Runs one case of the table on the active backend: builds the inputs,
 * calls the kernel through `tf.engine().runKernel`, reads every output back
 * asynchronously (a sync readback would break webgpu in Chromium), compares,
 * disposes, and checks that no tensor leaked.
 */
import type * as tfType from '@tensorflow/tfjs';

import {OPS} from '../../src/op_registry';

import {compareTensor} from './compare';
import {sizeOf} from './specs';
import type {CaseResult, KernelCase, TensorSpec} from './types';

type TF = typeof tfType;
type Tensor = tfType.Tensor;

export interface RunOptions {
  /** Allowed float32 difference in ULPs (0: bit for bit). */
  maxUlp?: number;
  /**
   * Before the call, release NaN-filled tensors of the expected output
   * shapes to the backend's memory pool, so outputs the kernel forgets to
   * write show up as NaN.
   */
  poison?: boolean;
  /** Move the int32 inputs to the device first (they come out of an op). */
  indicesOnDevice?: boolean;
  /**
   * With `indicesOnDevice`: move only these inputs (by name) instead of
   * every int32 input, e.g. the index tensors but not sizes such as
   * `outputDim0` (callers pass JS numbers) nor int32 data values.
   */
  deviceInputs?: string[];
}

export async function runCase(
    tf: TF, kernelCase: KernelCase, options: RunOptions = {}): Promise<CaseResult> {
  const start = performance.now();
  const result = (message: string): CaseResult =>
      ({name: kernelCase.name, ok: message === '', message, ms: performance.now() - start});
  const {inputs, attrs, expected} = kernelCase.build();
  // The table names inputs as the op registry does (a case may leave one
  // out, to test the error).
  const known: readonly string[]|undefined =
      (OPS as Record<string, {inputs: readonly string[]}>)[kernelCase.kernel]?.inputs;
  const stray = Object.keys(inputs).filter(name => known != null && !known.includes(name));
  if (known == null || stray.length > 0) {
    return result(
        known == null ? `kernel ${kernelCase.kernel} is not in the op registry` :
                        `inputs ${stray.join(', ')} are not inputs of ${kernelCase.kernel}`);
  }
  if (options.poison && 'outputs' in expected) {
    poison(tf, expected.outputs);
  }
  const tensorsBefore = tf.memory().numTensors;
  const inputTensors =
      makeInputs(tf, inputs, options.indicesOnDevice ?? false, options.deviceInputs);

  let message = '';
  let outputs: Tensor[] = [];
  try {
    const out = tf.engine().runKernel(kernelCase.kernel, inputTensors, attrs);
    outputs = Array.isArray(out) ? out as Tensor[] : [out as Tensor];
    const values = await Promise.all(outputs.map(t => t.data()));
    if ('error' in expected) {
      message = `expected the error "${expected.error}" but the kernel returned`;
    } else if (outputs.length !== expected.outputs.length) {
      message = `${outputs.length} outputs, expected ${expected.outputs.length}`;
    } else {
      for (let k = 0; k < outputs.length && message === ''; k++) {
        const actual = {
          shape: outputs[k].shape,
          dtype: outputs[k].dtype,
          values: values[k] as ArrayLike<number>
        };
        const diff = compareTensor(actual, expected.outputs[k], options.maxUlp ?? 0);
        if (diff != null) {
          message = `output ${k}: ${diff}`;
        }
      }
    }
  } catch (e) {
    message = checkError(e, expected);
  }
  tf.dispose(outputs);
  tf.dispose(Object.values(inputTensors));
  const leaked = tf.memory().numTensors - tensorsBefore;
  if (message === '' && leaked !== 0) {
    message = `${leaked} tensors leaked`;
  }
  return result(message);
}

function makeInputs(
    tf: TF, specs: Record<string, TensorSpec>, onDevice: boolean,
    deviceInputs?: string[]): Record<string, Tensor> {
  const tensors: Record<string, Tensor> = {};
  for (const [name, spec] of Object.entries(specs)) {
    if (spec == null) continue;  // a case of a missing input
    const t = tf.tensor(spec.values as number[], spec.shape, spec.dtype);
    if (onDevice && spec.dtype === 'int32' &&
        (deviceInputs == null || deviceInputs.includes(name))) {
      // An op's output lives where the backend computes: on the GPU.
      tensors[name] = tf.tidy(() => tf.add(t, tf.scalar(0, 'int32')));
      t.dispose();
    } else {
      tensors[name] = t;
    }
  }
  return tensors;
}

function poison(tf: TF, outputs: TensorSpec[]): void {
  tf.tidy(() => {
    for (const spec of outputs) {
      if (spec.dtype === 'bool' || sizeOf(spec.shape) === 0) continue;
      const fill = spec.dtype === 'int32' ? -77777 : NaN;
      // add() makes the backend write the poison into its own memory.
      tf.add(tf.fill(spec.shape, fill, spec.dtype), tf.scalar(0, spec.dtype));
    }
  });
}

function checkError(e: unknown, expected: ReturnType<KernelCase['build']>['expected']): string {
  const err = e as Error;
  const text = err?.message ?? String(e);
  if (!('error' in expected)) {
    return `threw ${err?.name}: ${text}`;
  }
  const accepted = [expected.error, ...(expected.alternatives ?? [])];
  if (!accepted.some(t => text.includes(t))) {
    return `threw "${text}", expected a message containing "${expected.error}"`;
  }
  if (expected.errorName != null && err?.name !== expected.errorName) {
    return `threw a ${err?.name}, expected a ${expected.errorName}`;
  }
  return '';
}
