/**
 * The `tensorflow` backend of `@tensorflow/tfjs-node` (TensorFlow's C
 * library) as this package's kernels use it: they run TensorFlow's own ops
 * by name through its eager API, so results and error messages are
 * TensorFlow's.
 *
 * tfjs-node is an optional peer dependency and the package does not import
 * it, not even its types: the few members used here are declared below.
 */
import {scalar} from '@tensorflow/tfjs-core';
import type {NamedAttrMap, Tensor, TensorInfo} from '@tensorflow/tfjs-core';

import {tensorFlowError} from '../../../src/errors';

/** An attribute of a TensorFlow op, as tfjs-node's binding takes it. */
export interface OpAttr {
  name: string;
  type: number;
  value: unknown;
}

/** What tfjs-node's binding says of a tensor an op returned. */
interface OutputMetadata {
  id: number;
  shape: number[];
  dtype: number;
}

/** The part of tfjs-node's native binding used here. */
interface Binding {
  executeOp(name: string, attrs: OpAttr[], inputIds: number[], numOutputs: number):
      OutputMetadata[];
  deleteTensor(id: number): void;
  TF_ATTR_TYPE: number;
  TF_ATTR_BOOL: number;
  TF_ATTR_INT: number;
  TF_FLOAT: number;
  TF_INT32: number;
  TF_INT64: number;
  TF_BOOL: number;
}

/** The part of tfjs-node's `NodeJSKernelBackend` used here. */
export interface TensorFlowBackend {
  binding: Binding;
  /** The native handles of `tensors` (made now for tensors held as JS values). */
  getInputTensorIds(tensors: TensorInfo[]): number[];
  /** A tfjs tensor that owns native handle `metadata.id`. */
  createOutputTensor(metadata: OutputMetadata): Tensor;
  /** Per data id: the native handle, or the JS values not yet handed to TensorFlow. */
  tensorMap: {
    get(dataId: object): {id: number, values: unknown, shape: number[]},
    has(dataId: object): boolean,
  };
  readSync(dataId: object): unknown;
}

/** The backend a kernel received, with the members used here checked. */
export function tensorflowBackend(backend: unknown): TensorFlowBackend {
  const b = backend as TensorFlowBackend;
  if (typeof b?.binding?.executeOp !== 'function' || typeof b.getInputTensorIds !== 'function' ||
      typeof b.createOutputTensor !== 'function') {
    throw new Error(
        'tfjs-sparse-grad: this @tensorflow/tfjs-node does not have the API the package ' +
        'uses (binding.executeOp, getInputTensorIds, createOutputTensor); 4.x has it');
  }
  return b;
}

/** TensorFlow's type enum of a tfjs dtype (int64 for index inputs cast up). */
function tfType(backend: TensorFlowBackend, dtype: string): number {
  const b = backend.binding;
  switch (dtype) {
    case 'float32':
      return b.TF_FLOAT;
    case 'int32':
      return b.TF_INT32;
    case 'int64':
      return b.TF_INT64;
    case 'bool':
      return b.TF_BOOL;
    default:
      throw new Error(`tfjs-sparse-grad: no TensorFlow type for dtype ${dtype}`);
  }
}

/** A type attribute, e.g. `T` = float. */
export function typeAttr(backend: TensorFlowBackend, name: string, dtype: string): OpAttr {
  return {name, type: backend.binding.TF_ATTR_TYPE, value: tfType(backend, dtype)};
}

/** Runs `op` on native handles; TensorFlow's failure becomes the package's error class. */
function execute(
    backend: TensorFlowBackend, op: string, attrs: OpAttr[], ids: number[],
    numOutputs: number): OutputMetadata[] {
  try {
    return backend.binding.executeOp(op, attrs, ids, numOutputs);
  } catch (e) {
    // tfjs-node's text: "Invalid TF_Status: <code>\nMessage: <TensorFlow's message>".
    const text = String((e as Error)?.message ?? e);
    const match = /Invalid TF_Status: (\d+)\s*Message: ([\s\S]*)$/.exec(text);
    throw match == null ? e : tensorFlowError(op, Number(match[1]), match[2].trim());
  }
}

/** A native cast of handle `id` (int32 <-> int64); the caller deletes the result. */
function cast(backend: TensorFlowBackend, id: number, from: string, to: string): OutputMetadata {
  const attrs = [
    typeAttr(backend, 'SrcT', from), typeAttr(backend, 'DstT', to),
    {name: 'Truncate', type: backend.binding.TF_ATTR_BOOL, value: false}
  ];
  return execute(backend, 'Cast', attrs, [id], 1)[0];
}

export interface NativeCall {
  /** Type attributes and others, e.g. `T` = float32. */
  attrs: OpAttr[];
  /** Positions of inputs that TensorFlow takes as int64 (cast up from int32). */
  int64Inputs?: readonly number[];
  /** Positions of outputs that TensorFlow returns as int64 (cast down to int32). */
  int64Outputs?: readonly number[];
  numOutputs: number;
}

/**
 * Runs TensorFlow's op `op` on `inputs` and returns its outputs as tfjs
 * tensors. tfjs has no int64: int32 inputs that TensorFlow's op takes as
 * int64 are cast up, and its int64 outputs cast down, natively. Every
 * intermediate native handle is deleted, also when the op fails.
 */
export function runNative(
    backend: TensorFlowBackend, op: string, inputs: TensorInfo[], call: NativeCall): Tensor[] {
  const temporaries: number[] = [];
  try {
    const ids = backend.getInputTensorIds(inputs).map((id, k) => {
      if (!(call.int64Inputs ?? []).includes(k)) return id;
      const wide = cast(backend, id, 'int32', 'int64').id;
      temporaries.push(wide);
      return wide;
    });
    const outputs = execute(backend, op, call.attrs, ids, call.numOutputs);
    const int64 = new Set(call.int64Outputs ?? []);
    // Until each output has its tfjs tensor, its handle is deleted on failure.
    temporaries.push(...outputs.map(meta => meta.id));
    const final = outputs.map((meta, k) => {
      if (!int64.has(k)) return meta;
      const narrow = cast(backend, meta.id, 'int64', 'int32');
      temporaries.push(narrow.id);
      return narrow;
    });
    const kept = new Set(final.map(meta => meta.id));
    temporaries.splice(0, temporaries.length, ...temporaries.filter(id => !kept.has(id)));
    return final.map(meta => backend.createOutputTensor(meta));
  } finally {
    for (const id of temporaries) backend.binding.deleteTensor(id);
  }
}

/** The kernel's attribute `name` as a number. */
export function numberAttr(attrs: NamedAttrMap|undefined, name: string): number {
  return Number(attrs?.[name]);
}

/** `GatherV2(t, rows, axis = 0)` read back: the rows `rows` of `t`. */
export function readRows(tf: TensorFlowBackend, t: TensorInfo, rows: TensorInfo): Float32Array {
  const axis = scalar(0, 'int32');
  const [gathered] = runNative(tf, 'GatherV2', [t, rows, axis], {
    attrs: [
      typeAttr(tf, 'Tparams', t.dtype), typeAttr(tf, 'Tindices', 'int32'),
      typeAttr(tf, 'Taxis', 'int32'), {name: 'batch_dims', type: tf.binding.TF_ATTR_INT, value: 0}
    ],
    numOutputs: 1,
  });
  axis.dispose();
  const values = tf.readSync(gathered.dataId) as Float32Array;
  gathered.dispose();
  return values;
}
