/**
 * The one typed registry of the ops whose kernels this package registers:
 * for each kernel name, TensorFlow's inputs in TensorFlow's order (in
 * camelCase), and the package's function and async function that run it.
 *
 * It feeds the public ops (`runOp`, whose input map is typed by it), every
 * backend's kernels (`kernelInputs`, which reads the inputs in this order),
 * the GraphModel registration (a graph node's inputs come in TF's order) and
 * the test harness (a case's inputs must be the kernel's). The `...Inputs`
 * types of kernel_names.ts are derived from it.
 */
import {engine} from '@tensorflow/tfjs-core';
import type {KernelFunc, NamedTensorInfoMap, NamedTensorMap, Tensor, TensorInfo} from '@tensorflow/tfjs-core';

import {InvalidArgumentError} from './errors';

/** The backends this package registers kernels for. */
export const BACKENDS = ['cpu', 'wasm', 'webgl', 'webgpu', 'tensorflow'] as const;

/** A backend this package registers kernels for. */
export type Backend = typeof BACKENDS[number];

/** What the registry knows of one op. */
export interface OpDef {
  /** TensorFlow's inputs, in order, camelCase. */
  readonly inputs: readonly string[];
  /** The package's function of the op ('' for tfjs's own ops). */
  readonly fn: string;
  /** Its async variant, which reads GPU-resident int32 inputs back first. */
  readonly asyncFn?: string;
  /** A TensorFlow op that GraphModels may contain (registered for them). */
  readonly graph?: boolean;
  /**
   * The backends with a kernel of the package (default: all five). tfjs's
   * own ops (`fn` '') are registered over the backend's kernel where it has
   * one, and defer to it when `SPARSE_GRAD_REPLACE_TFJS_KERNELS` is off.
   */
  readonly backends?: readonly Backend[];
}

const SEGMENT_GRAD = ['grad', 'indices', 'segmentIds', 'outputDim0'] as const;
const SEGMENT_GRAD_V2 = ['grad', 'indices', 'segmentIds', 'denseOutputDim0'] as const;
const SEGMENT_REDUCTION = ['data', 'indices', 'segmentIds'] as const;
const WITH_NUM_SEGMENTS = ['data', 'indices', 'segmentIds', 'numSegments'] as const;
const APPLY = ['variable', 'indices', 'values'] as const;
const BAG = ['table', 'ids', 'offsets', 'weights', 'features'] as const;

/** Every op, by kernel name. */
export const OPS = {
  // TensorFlow's gradient ops (TF: math_ops.cc, sparse_ops.cc).
  SparseSegmentSumGrad: {
    inputs: SEGMENT_GRAD,
    fn: 'sparseSegmentSumGrad',
    asyncFn: 'sparseSegmentSumGradAsync',
    graph: true
  },
  SparseSegmentMeanGrad: {
    inputs: SEGMENT_GRAD,
    fn: 'sparseSegmentMeanGrad',
    asyncFn: 'sparseSegmentMeanGradAsync',
    graph: true
  },
  SparseSegmentSqrtNGrad: {
    inputs: SEGMENT_GRAD,
    fn: 'sparseSegmentSqrtNGrad',
    asyncFn: 'sparseSegmentSqrtNGradAsync',
    graph: true
  },
  SparseSegmentSumGradV2: {
    inputs: SEGMENT_GRAD_V2,
    fn: 'sparseSegmentSumGradV2',
    asyncFn: 'sparseSegmentSumGradV2Async',
    graph: true
  },
  SparseSegmentMeanGradV2: {
    inputs: SEGMENT_GRAD_V2,
    fn: 'sparseSegmentMeanGradV2',
    asyncFn: 'sparseSegmentMeanGradV2Async',
    graph: true
  },
  SparseSegmentSqrtNGradV2: {
    inputs: SEGMENT_GRAD_V2,
    fn: 'sparseSegmentSqrtNGradV2',
    asyncFn: 'sparseSegmentSqrtNGradV2Async',
    graph: true
  },
  SparseFillEmptyRowsGrad: {
    inputs: ['reverseIndexMap', 'gradValues'],
    fn: 'sparseFillEmptyRowsGrad',
    asyncFn: 'sparseFillEmptyRowsGradAsync',
    graph: true
  },
  SparseSliceGrad: {
    inputs: ['backpropValGrad', 'inputIndices', 'inputStart', 'outputIndices'],
    fn: 'sparseSliceGrad',
    asyncFn: 'sparseSliceGradAsync',
    graph: true
  },
  // TensorFlow's forward ops that tfjs lacks.
  SparseSegmentSqrtN: {
    inputs: SEGMENT_REDUCTION,
    fn: 'sparseSegmentSqrtN',
    asyncFn: 'sparseSegmentSqrtNAsync',
    graph: true
  },
  SparseSegmentSumWithNumSegments: {
    inputs: WITH_NUM_SEGMENTS,
    fn: 'sparseSegmentSumWithNumSegments',
    asyncFn: 'sparseSegmentSumWithNumSegmentsAsync',
    graph: true
  },
  SparseSegmentMeanWithNumSegments: {
    inputs: WITH_NUM_SEGMENTS,
    fn: 'sparseSegmentMeanWithNumSegments',
    asyncFn: 'sparseSegmentMeanWithNumSegmentsAsync',
    graph: true
  },
  SparseSegmentSqrtNWithNumSegments: {
    inputs: WITH_NUM_SEGMENTS,
    fn: 'sparseSegmentSqrtNWithNumSegments',
    asyncFn: 'sparseSegmentSqrtNWithNumSegmentsAsync',
    graph: true
  },
  SparseSlice: {
    inputs: ['indices', 'values', 'shape', 'start', 'size'],
    fn: 'sparseSlice',
    asyncFn: 'sparseSliceAsync',
    graph: true
  },
  // tfjs's ops whose kernels the package adds or replaces (tfjs-core's
  // names; tfjs-converter already maps them for GraphModels).
  SparseSegmentSum: {inputs: SEGMENT_REDUCTION, fn: ''},
  SparseSegmentMean: {inputs: SEGMENT_REDUCTION, fn: ''},
  // tfjs's webgpu backend and tfjs-node lack it.
  SparseFillEmptyRows: {
    inputs: ['indices', 'values', 'denseShape', 'defaultValue'],
    fn: '',
    backends: ['webgpu', 'tensorflow']
  },
  UnsortedSegmentSum: {inputs: ['x', 'segmentIds'], fn: ''},
  // tfjs-node lacks it.
  SparseReshape:
      {inputs: ['inputIndices', 'inputShape', 'newShape'], fn: '', backends: ['tensorflow']},
  // tfjs-backend-wasm's copies its input; the package's shares it.
  Identity: {inputs: ['x'], fn: '', backends: ['wasm']},
  // PyTorch's EmbeddingBag, one pass per bag (the package's own).
  EmbeddingBag: {inputs: BAG, fn: 'embeddingBag'},
  EmbeddingBagGrad: {inputs: ['dy', ...BAG, 'output', 'argmax'], fn: 'embeddingBag (gradient)'},
  // The sparse optimizers' in-place updates (the package's own).
  SparseGradApplySGD: {inputs: APPLY, fn: 'train.sgd'},
  SparseGradApplyAdagrad: {inputs: [...APPLY, 'accumulator'], fn: 'train.adagrad'},
  SparseGradApplyLazyAdam: {inputs: [...APPLY, 'm', 'v'], fn: 'train.lazyAdam'},
  SparseGradApplyFtrl: {inputs: [...APPLY, 'accumulator', 'linear'], fn: 'train.ftrl'},
  SparseGradApplyMomentum: {inputs: [...APPLY, 'momentum'], fn: 'train.momentum'},
  SparseGradApplyRowwiseAdagrad: {inputs: [...APPLY, 'accumulator'], fn: 'train.rowwiseAdagrad'},
  SparseGradOwnedCopy: {inputs: ['x'], fn: 'train.*'},
  SparseGradSumDuplicates: {inputs: ['indices', 'values'], fn: 'sumDuplicates'},
} as const satisfies Record<string, OpDef>;

/** The kernel name of an op of the registry. */
export type OpName = keyof typeof OPS;

/** The backends of op `K` (all five unless its entry names them). */
type BackendsOf<K extends OpName> =
    typeof OPS[K] extends {backends: ReadonlyArray<infer B>} ? B : Backend;

/** The ops with a kernel on backend `B`. */
export type OpsOn<B extends Backend> = {
  [K in OpName]: B extends BackendsOf<K>? K : never
}[OpName];

/**
 * A backend's kernels, by kernel name: every op of the registry on that
 * backend, and nothing else (kernels/<backend>/index.ts; a missing kernel is
 * a compile error).
 */
export type KernelTable<B extends Backend> = Record<OpsOn<B>, KernelFunc>;

/** The input names of op `K`. */
export type InputName<K extends OpName> = typeof OPS[K]['inputs'][number];

/** The input map of op `K`: one `T` (a `TensorInfo` in kernels) per input. */
export type OpInputs<K extends OpName, T = TensorInfo> = {
  [N in InputName<K>]: T
};

/** The registry, as the package exports it: kernel name -> its inputs and functions. */
export const OP_REGISTRY: Readonly<Record<OpName, OpDef>> = OPS;

/** The kernel names of the TensorFlow ops a GraphModel may contain. */
export const GRAPH_OP_NAMES: readonly OpName[] =
    (Object.keys(OPS) as OpName[]).filter(k => (OPS[k] as OpDef).graph === true);

/**
 * The inputs of a call of kernel `op`, in TF's order; an input that a direct
 * `runKernel` call left out raises an error naming it (TF's op would not
 * build without it).
 */
export function kernelInputs<K extends OpName>(op: K, inputs: NamedTensorInfoMap): TensorInfo[] {
  const names = OPS[op].inputs as readonly string[];
  return names.map(name => {
    const t = inputs[name];
    if (t == null) {
      throw new InvalidArgumentError(
          op, `${op} expects the inputs ${names.join(', ')}, but '${name}' is missing`);
    }
    return t;
  });
}

/** Runs kernel `op` on its inputs (typed by the registry) through the engine. */
export function runOp<K extends OpName>(
    op: K, inputs: OpInputs<K, Tensor>, attrs?: Record<string, number>): Tensor|Tensor[] {
  return engine().runKernel(op, inputs as unknown as NamedTensorMap, attrs) as Tensor | Tensor[];
}

/**
 * What to use instead of op `op` when its int32 inputs live only on the GPU
 * (webgpu): its async variant, or, for tfjs's own ops, inputs made from JS
 * values.
 */
export function asyncAlternative(op: OpName): string {
  return (OPS[op] as OpDef).asyncFn ?? 'index tensors created from JS values';
}
