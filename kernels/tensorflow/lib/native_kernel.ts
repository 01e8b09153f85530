/**
 * The kernels of the `tensorflow` backend that run TensorFlow's op of the
 * same name: the inputs in the op registry's order (TensorFlow's), each type
 * attribute set from the dtype of the input it types, and the int64 inputs
 * and outputs of TensorFlow's sparse ops cast from and to tfjs's int32.
 * TensorFlow validates the inputs and raises its own errors.
 */
import type {KernelFunc} from '@tensorflow/tfjs-core';

import {kernelInputs, OpName, OPS} from '../../../src/op_registry';
import {checkInputDtype} from '../../../src/validation/dtypes';

import {runNative, tensorflowBackend, typeAttr} from './backend_util';

/** How an op of the registry maps onto TensorFlow's op of the same name. */
interface NativeOp {
  /** Type attribute -> the input whose dtype it is (TF's op def, e.g. math_ops.cc). */
  types: Record<string, string>;
  /** Inputs that TensorFlow's op takes as int64. */
  int64Inputs?: readonly string[];
  /** Outputs (by position) that TensorFlow's op returns as int64. */
  int64Outputs?: readonly number[];
  numOutputs: number;
  /**
   * With no indices, TF's kernel leaves its output unwritten (the V1
   * gradients, when N == 0 < outputDim0): the answer is zeros.
   */
  zerosWithoutIndices?: boolean;
}

const SEGMENT = {
  T: 'data',
  Tidx: 'indices',
  Tsegmentids: 'segmentIds'
};
const SEGMENT_GRAD = {
  T: 'grad',
  Tidx: 'indices',
  Tsegmentids: 'segmentIds'
};
const SEGMENT_GRAD_V1 = {
  types: SEGMENT_GRAD,
  numOutputs: 1,
  zerosWithoutIndices: true
};
const NUM_SEGMENTS = {
  ...SEGMENT,
  Tnumsegments: 'numSegments'
};

/** TensorFlow's op defs (math_ops.cc, sparse_ops.cc), for the ops run natively. */
export const NATIVE_OPS = {
  SparseSegmentSumGrad: SEGMENT_GRAD_V1,
  SparseSegmentMeanGrad: SEGMENT_GRAD_V1,
  SparseSegmentSqrtNGrad: SEGMENT_GRAD_V1,
  SparseSegmentSumGradV2: {types: SEGMENT_GRAD, numOutputs: 2},
  SparseSegmentMeanGradV2: {types: SEGMENT_GRAD, numOutputs: 2},
  SparseSegmentSqrtNGradV2: {types: SEGMENT_GRAD, numOutputs: 2},
  SparseFillEmptyRowsGrad:
      {types: {T: 'gradValues'}, int64Inputs: ['reverseIndexMap'], numOutputs: 2},
  SparseSliceGrad: {
    types: {T: 'backpropValGrad'},
    int64Inputs: ['inputIndices', 'inputStart', 'outputIndices'],
    numOutputs: 1
  },
  SparseSegmentSqrtN: {types: SEGMENT, numOutputs: 1},
  SparseSegmentSum: {types: SEGMENT, numOutputs: 1},
  SparseSegmentMean: {types: SEGMENT, numOutputs: 1},
  SparseSegmentSumWithNumSegments: {types: NUM_SEGMENTS, numOutputs: 1},
  SparseSegmentMeanWithNumSegments: {types: NUM_SEGMENTS, numOutputs: 1},
  SparseSegmentSqrtNWithNumSegments: {types: NUM_SEGMENTS, numOutputs: 1},
  SparseSlice: {
    types: {T: 'values'},
    int64Inputs: ['indices', 'shape', 'start', 'size'],
    int64Outputs: [0, 2],
    numOutputs: 3
  },
  SparseFillEmptyRows: {
    types: {T: 'values'},
    int64Inputs: ['indices', 'denseShape'],
    int64Outputs: [0, 3],
    numOutputs: 4
  },
  SparseReshape: {
    types: {},
    int64Inputs: ['inputIndices', 'inputShape', 'newShape'],
    int64Outputs: [0, 1],
    numOutputs: 2
  },
} as const satisfies Partial<Record<OpName, NativeOp>>;

export type NativeOpName = keyof typeof NATIVE_OPS;

/** The kernel function that runs TensorFlow's `op`. */
export function nativeKernel(op: NativeOpName): KernelFunc {
  const def: NativeOp = NATIVE_OPS[op];
  return ({inputs, backend}) => {
    const tf = tensorflowBackend(backend);
    const names: readonly string[] = OPS[op].inputs;
    const values = kernelInputs(op, inputs);
    const dtypeOf = (name: string) => values[names.indexOf(name)].dtype;
    const attrs =
        Object.entries(def.types).map(([attr, input]) => typeAttr(tf, attr, dtypeOf(input)));
    const int64Inputs = (def.int64Inputs ?? []).map(name => names.indexOf(name));
    // TF's int64 inputs are int32 in tfjs: anything else is TF's input error.
    for (const k of int64Inputs) checkInputDtype(op, k, values[k], 'int32');
    const outputs = runNative(
        tf, op, values,
        {attrs, int64Inputs, int64Outputs: def.int64Outputs, numOutputs: def.numOutputs});
    if (def.zerosWithoutIndices && values[names.indexOf('indices')].shape[0] === 0) {
      // TF has validated the call; its output buffer holds whatever was there.
      const zeros = runNative(
          tf, 'ZerosLike', outputs, {attrs: [typeAttr(tf, 'T', outputs[0].dtype)], numOutputs: 1});
      outputs[0].dispose();
      return zeros[0];
    }
    return outputs.length === 1 ? outputs[0] : outputs;
  };
}
