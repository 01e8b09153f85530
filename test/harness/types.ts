/**
 * The shape of the shared case table. Everything under test/harness,
 * test/cases and test/reference runs unchanged in Node (jest, cpu) and in a
 * browser page (webgl, webgpu): no Node APIs here.
 */

export type SpecDtype = 'float32'|'int32'|'bool';

/** A tensor written as plain data. */
export interface TensorSpec {
  shape: number[];
  dtype: SpecDtype;
  values: ArrayLike<number>;
}

/** What a case expects: outputs (in kernel output order) or an error. */
export type Expected = {
  outputs: TensorSpec[];
}|{
  /** Text the error message must contain (TensorFlow's). */
  error: string;
  /** Other accepted texts (e.g. an older TensorFlow's message). */
  alternatives?: string[];
  /** The error class name, e.g. 'InvalidArgumentError'. */
  errorName?: string;
};

/** One row of the table: a kernel call and what it must give. */
export interface KernelCase {
  /** Unique; the test's name. */
  name: string;
  /** TF op name of the kernel to run. */
  kernel: string;
  /** e.g. 'tf-test', 'error', 'edge', 'random', 'large'. */
  tags: string[];
  /** Builds inputs and expectation lazily (large cases cost memory). */
  build(): {
    inputs: Record<string, TensorSpec>,
    /** Kernel attributes (e.g. tfjs's `numSegments` of `UnsortedSegmentSum`). */
    attrs?: Record<string, number|boolean|string>, expected: Expected
  };
}

/** The outcome of running one case on one backend. */
export interface CaseResult {
  name: string;
  ok: boolean;
  /** Why it failed; empty when ok. */
  message: string;
  /** Wall time of the kernel call and readback, ms. */
  ms: number;
}

/** A check that is not a kernel call (autodiff, leaks, state): throws on failure. */
export interface NamedCheck {
  name: string;
  tags: string[];
  run(tf: typeof import('@tensorflow/tfjs'), sg: typeof import('../../src/layers')): Promise<void>;
}
