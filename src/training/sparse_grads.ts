/**
 * Row-sparse gradients of variables that a loss reads only through lookups,
 * as TensorFlow's `IndexedSlices`.
 *
 * How it works. `sparseVariableGrads(f)` runs `f` under tfjs's gradient tape
 * (`engine().gradients`) and, before the backward pass, reads the tape tfjs
 * recorded: a variable whose every use is a lookup (a `GatherV2` on axis 0,
 * or a `SparseSegment{Sum,Mean,SqrtN}[WithNumSegments]` of its rows) is taken
 * out of the variables tfjs differentiates, and the outputs of its lookups
 * are put in instead. tfjs then computes the gradient of each lookup's
 * output (O(rows looked up)), never the `[V, D]` gradient of the variable.
 * Each lookup's output gradient becomes the variable's slices the way
 * TensorFlow's gradients of these ops produce `IndexedSlices`:
 *
 * - `gather(table, ids)`: the ids (flattened) and the output gradient rows;
 * - `sparseSegment{Sum,Mean,SqrtN}(table, ids, segmentIds)`: the ids, and
 *   row i = the gradient row of segment `segmentIds[i]` times its scale
 *   (`SparseSegment*Grad` with one output row per pair).
 *
 * A variable with any other use (a matMul, a regularizer, a lookup on
 * another axis) gets tfjs's ordinary dense gradient, for all of its uses.
 *
 * Limits: this reads tfjs's internal tape (`engine().state.activeTape`) and
 * relies on `engine().gradients` reading its list of tensors to
 * differentiate after `f` has run (true of tfjs 4.x); a test checks both. A
 * gather whose axis cannot be told from the shapes is treated as dense.
 */
import {concat, engine, getKernel, keep, reshape, tensor1d, tidy} from '@tensorflow/tfjs-core';
import type {NamedTensorMap, Scalar, Tensor, Tensor1D, Variable} from '@tensorflow/tfjs-core';

import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';

import {keepingIntValues} from '../../kernels/webgpu/lib/backend_util';
import {SparseSegmentMean, SparseSegmentMeanWithNumSegments, SparseSegmentSqrtN, SparseSegmentSqrtNWithNumSegments, SparseSegmentSum, SparseSegmentSumWithNumSegments} from '../kernel_names';
import {sparseSegmentMeanGrad, sparseSegmentSqrtNGrad, sparseSegmentSumGrad} from '../ops/sparse_segment_grad';

/**
 * The gradient of a variable as the rows a step looked up: TensorFlow's
 * `IndexedSlices`. The dense gradient is `values` scattered-added into a
 * zero tensor of `denseShape` at rows `indices`.
 */
export type IndexedSlices = {
  /**
   * int32 `[K]`: the variable row of each slice. Rows may repeat (their
   * slices add up); a negative index is a slice of no row (padding), which
   * carries no gradient.
   */
  indices: Tensor1D;
  /** float32 `[K, ...denseShape.slice(1)]`: the gradient rows. */
  values: Tensor;
  /** The variable's shape. */
  denseShape: number[];
};

// IndexedSlices and SparseGradMap are type aliases, not interfaces, so that
// `tf.dispose` takes them as `TensorContainer`s.

/** A gradient map whose entries are dense tensors or `IndexedSlices`. */
export type SparseGradMap = {
  [variableName: string]: Tensor|IndexedSlices;
};

/** What `sparseVariableGrads` returns. */
export interface SparseVariableGrads {
  /** The value of the loss. */
  value: Scalar;
  /** The gradient of each variable, by name. */
  grads: SparseGradMap;
}

/** True for an `IndexedSlices` (and not a tensor). */
export function isIndexedSlices(x: unknown): x is IndexedSlices {
  return x != null && typeof x === 'object' && 'indices' in x && 'values' in x && 'denseShape' in x;
}

/** The tape node fields this module reads (tfjs-core's `TapeNode`). */
interface TapeNode {
  kernelName: string;
  inputs: NamedTensorMap;
  outputs: Tensor[];
}

/** A lookup of a variable found on the tape, ready to turn its gradient into slices. */
interface Lookup {
  variable: Variable;
  /** The lookup op's output: the tensor whose gradient is taken. */
  output: Tensor;
  /** Kept copies of the index tensors, disposed at the end. */
  kept: Tensor[];
  toSlices(dy: Tensor): {indices: Tensor1D, values: Tensor};
}

/** The segment reductions whose `data` input is a lookup, and their gradient ops. */
const SEGMENT_LOOKUPS: Record<string, typeof sparseSegmentSumGrad> = {
  [SparseSegmentSum]: sparseSegmentSumGrad,
  [SparseSegmentMean]: sparseSegmentMeanGrad,
  [SparseSegmentSqrtN]: sparseSegmentSqrtNGrad,
  [SparseSegmentSumWithNumSegments]: sparseSegmentSumGrad,
  [SparseSegmentMeanWithNumSegments]: sparseSegmentMeanGrad,
  [SparseSegmentSqrtNWithNumSegments]: sparseSegmentSqrtNGrad,
};

/** How an op of this package turns its output's gradient into slices of its table. */
export type SlicesOf = (dy: Tensor, kept: Tensor[]) => {
  indices: Tensor1D, values: Tensor
};

/** A lookup op that gives its own slices (see `setLookupSlices`). */
interface CustomLookup {
  /** The op's input that is the table. */
  inputName: string;
  /** Kept copies of the tensors `toSlices` reads. */
  kept: Tensor[];
  toSlices: SlicesOf;
}

/** The capture in progress: lookups that give their own slice indices or slices. */
interface Capture {
  /** Lookup output tensor id -> the indices its slices carry (kept). */
  indexOverrides: Map<number, Tensor>;
  /** Lookup output tensor id -> how its slices come. */
  customLookups: Map<number, CustomLookup>;
}

let activeCapture: Capture|null = null;

/**
 * Tells a capture in progress that the slices of the lookup whose output is
 * `rows` (a `gather` of a variable) carry `indices` instead of the gathered
 * ids: the same number of entries, with -1 where the gathered row is
 * padding and must not count as looked up. Outside a capture it does
 * nothing. Used by this package's embedding layer and lookups.
 */
export function setLookupIndices(rows: Tensor, indices: Tensor): void {
  if (activeCapture != null) {
    activeCapture.indexOverrides.set(rows.id, keep(indices.clone()));
  }
}

/**
 * Tells a capture in progress how the lookup whose output is `output` (an
 * op of this package, such as `EmbeddingBag`, reading its table through
 * input `inputName`) gives its slices: `toSlices(dy, kept)`, where `kept`
 * are copies of `tensors` kept until then. Outside a capture it does
 * nothing.
 */
export function setLookupSlices(
    output: Tensor, inputName: string, tensors: Tensor[], toSlices: SlicesOf): void {
  if (activeCapture != null) {
    activeCapture.customLookups.set(
        output.id, {inputName, kept: tensors.map(t => keep(t.clone())), toSlices});
  }
}

/**
 * Whether a `GatherV2` node gathered along axis 0 with no batch dimensions:
 * tfjs does not record attributes on the tape, so this is read from the
 * shapes, and only when no other (axis, batchDims) gives the same output
 * shape.
 */
function isAxis0Gather(x: Tensor, indices: Tensor, output: Tensor): boolean {
  const shapeOf =
      (axis: number,
       batchDims: number) => [...x.shape.slice(0, axis), ...indices.shape.slice(batchDims),
                              ...x.shape.slice(axis + 1)]
                                 .join();
  const actual = output.shape.join();
  let matches = 0;
  for (let axis = 0; axis < x.rank; axis++) {
    for (let b = 0; b <= Math.min(axis, indices.rank); b++) {
      if (shapeOf(axis, b) === actual) matches++;
    }
  }
  return matches === 1 && shapeOf(0, 0) === actual;
}

/**
 * A kept copy of index tensor `t`. An op disposes the tensors it makes from
 * plain arrays when it returns; tfjs's clone of such a tensor, saved for the
 * backward pass, is still alive then.
 */
function keepIndices(t: Tensor, clones: Map<number, Tensor[]>): Tensor {
  const live = t.isDisposed ? clones.get(t.id)?.find(c => !c.isDisposed) : t;
  if (live == null) {
    throw new Error('sparseVariableGrads: a lookup\'s indices were disposed');
  }
  return keep(live.clone());
}

/** The lookup that `node` makes of `variable` through input `inputName`, or null. */
function asLookup(
    node: TapeNode, inputName: string, variable: Variable, capture: Capture,
    clones: Map<number, Tensor[]>): Lookup|null {
  const output = node.outputs[0];
  const rowShape = variable.shape.slice(1);
  const custom = output == null ? undefined : capture.customLookups.get(output.id);
  if (custom != null) {
    if (custom.inputName !== inputName) return null;
    const kept = custom.kept.map(t => keep(t.clone()));
    return {variable, output, kept, toSlices: dy => custom.toSlices(dy, kept)};
  }
  if (node.kernelName === 'GatherV2' && inputName === 'x') {
    const ids = node.inputs.indices;
    if (ids == null || !isAxis0Gather(variable, ids, output)) return null;
    const indices = capture.indexOverrides.get(output.id)?.clone() ?? keepIndices(ids, clones);
    keep(indices);
    return {
      variable,
      output,
      kept: [indices],
      toSlices: dy => ({
        indices: reshape(indices, [-1]),
        values: reshape(dy, [indices.size, ...rowShape]),
      }),
    };
  }
  const gradOp = SEGMENT_LOOKUPS[node.kernelName];
  if (gradOp != null && inputName === 'data') {
    const indices = keepIndices(node.inputs.indices, clones) as Tensor1D;
    const segmentIds = keepIndices(node.inputs.segmentIds, clones);
    const n = indices.size;
    return {
      variable,
      output,
      kept: [indices, segmentIds],
      // Row i of the slices is the gradient of pair i alone: the raw grad
      // op with one output row per pair (indices 0..n-1).
      toSlices: dy => ({
        indices,
        values:
            gradOp(dy, tensor1d(Int32Array.from({length: n}, (_, i) => i), 'int32'), segmentIds, n),
      }),
    };
  }
  return null;
}

/**
 * Whether `node` is a copy of its input: what `tf.clone` records (kernel
 * `Identity`), and what tfjs records when it saves an op's inputs for the
 * backward pass (`engine.clone`: a node named after the op's scope, not a
 * kernel). Its one input is `x` and its output has `x`'s shape and dtype;
 * on most backends it also shares `x`'s memory, on wasm it is a copy.
 * (Custom-gradient nodes, also named after a scope, name their inputs
 * '0', '1', ..., never `x`.)
 */
function isClone(node: TapeNode): boolean {
  const names = Object.keys(node.inputs);
  const x = node.inputs.x;
  if (names.length !== 1 || x == null || node.outputs.length !== 1) return false;
  const y = node.outputs[0];
  if (y.shape.join() !== x.shape.join() || y.dtype !== x.dtype) return false;
  return y.dataId === x.dataId || node.kernelName === 'Identity' ||
      getKernel(node.kernelName, engine().backendName) == null;
}

/** The lookups of each variable on the tape, and the variables used otherwise. */
function readTape(tape: TapeNode[], variables: Variable[], capture: Capture):
    {lookups: Lookup[], dense: Variable[]} {
  // Tensor id -> the variable it is (a clone of the variable is the variable).
  const byId = new Map<number, Variable>(variables.map(v => [v.id, v]));
  // Tensor id -> its clones on the tape.
  const clones = new Map<number, Tensor[]>();
  const uses: Array<[TapeNode, string, Variable]> = [];
  for (const node of tape) {
    if (isClone(node)) {
      const x = node.inputs.x;
      clones.set(x.id, [...(clones.get(x.id) ?? []), node.outputs[0]]);
      const variable = byId.get(x.id);
      if (variable != null) byId.set(node.outputs[0].id, variable);
      continue;
    }
    for (const [name, input] of Object.entries(node.inputs)) {
      const variable = input == null ? undefined : byId.get(input.id);
      if (variable != null) uses.push([node, name, variable]);
    }
  }
  // Copies of the index tensors are made after the walk: a copy is itself
  // recorded on the tape.
  const lookups: Lookup[] = [];
  const dense = new Set<Variable>();
  for (const [node, name, variable] of uses) {
    const lookup = dense.has(variable) ? null : asLookup(node, name, variable, capture, clones);
    if (lookup == null) {
      dense.add(variable);
    } else {
      lookups.push(lookup);
    }
  }
  const sparse = lookups.filter(l => !dense.has(l.variable));
  for (const l of lookups) {
    if (dense.has(l.variable)) l.kept.forEach(t => t.dispose());
  }
  return {lookups: sparse, dense: variables.filter(v => dense.has(v))};
}

/**
 * The value of `f` and the gradient of each variable in `varList` (default:
 * every trainable variable): `IndexedSlices` for a variable that `f` reads
 * only through lookups (`tf.gather` on axis 0, `tf.sparse.sparseSegmentSum`
 * / `sparseSegmentMean`, this package's `sparseSegmentSqrtN` and
 * `...WithNumSegments` ops, its embedding lookups and `EmbeddingBag`
 * layer), a dense tensor for any other. No `[V, D]` tensor is made for a
 * looked-up variable: the cost is O(rows looked up). Variables `f` does not
 * use are left out, as in `tf.variableGrads`.
 *
 * ```js
 * const table = tf.variable(tf.randomNormal([100000, 16]));
 * const {value, grads} = tfSparseGrad.sparseVariableGrads(
 *     () => tf.gather(table, [3, 7, 3]).sum(), [table]);
 * const g = grads[table.name];  // {indices: [3, 7, 3], values: [3, 16] ones, denseShape}
 * ```
 *
 * @param f A function of the variables that returns a scalar loss.
 * @param varList The variables to differentiate (default: all trainable).
 * @returns `value` (the loss) and `grads`, keyed by variable name; dispose
 *     both (`tf.dispose(grads)` disposes slices too).
 * @throws Error when there is no variable to differentiate or `f` does not
 *     return a scalar; the errors of the ops `f` runs.
 */
export function sparseVariableGrads(f: () => Scalar, varList?: Variable[]): SparseVariableGrads {
  const variables = varList ?? Object.values(engine().registeredVariables).filter(v => v.trainable);
  if (variables.length === 0) {
    throw new Error(
        'sparseVariableGrads() expects at least one trainable variable, but none were found');
  }
  for (const v of variables) {
    if (v.isDisposed) {
      throw new Error(`sparseVariableGrads(): variable '${v.name}' was disposed`);
    }
  }
  const capture: Capture = {indexOverrides: new Map(), customLookups: new Map()};
  // What to differentiate: decided after f runs (tfjs reads it afterwards).
  const xs: Tensor[] = [...variables];
  let lookups: Lookup[] = [];
  let dense: Variable[] = [];
  const outer = activeCapture;
  activeCapture = capture;
  let result: {value: Scalar, grads: Tensor[]};
  try {
    result =
        withIdsOnHost(() => engine().gradients(() => {
          const y = f();
          if (y.rank !== 0) {
            throw new Error(
                `The f passed in sparseVariableGrads(f) must return a scalar, but it returned a rank-${
                    y.rank} tensor`);
          }
          ({lookups, dense} =
               readTape(engine().state.activeTape as unknown as TapeNode[], variables, capture));
          xs.splice(0, xs.length, ...dense, ...lookups.map(l => l.output));
          return y;
        }, xs, undefined, true)) as {value: Scalar, grads: Tensor[]};
  } catch (e) {
    lookups.forEach(l => l.kept.forEach(t => t.dispose()));
    throw e;
  } finally {
    activeCapture = outer;
    capture.indexOverrides.forEach(t => t.dispose());
    capture.customLookups.forEach(c => c.kept.forEach(t => t.dispose()));
  }
  const {value, grads} = result;
  const found = new Map<Variable, Tensor|IndexedSlices>();
  dense.forEach((v, k) => {
    if (grads[k] != null) found.set(v, grads[k]);
  });
  const slicesOf = new Map<Variable, Array<{indices: Tensor1D, values: Tensor}>>();
  lookups.forEach((lookup, k) => {
    const dy = grads[dense.length + k];
    if (dy != null) {
      const slices = tidy(() => lookup.toSlices(dy));
      dy.dispose();
      const list = slicesOf.get(lookup.variable) ?? [];
      list.push(slices);
      slicesOf.set(lookup.variable, list);
    }
    lookup.kept.forEach(t => {
      // Still needed when the slices are the kept indices themselves.
      if (!isPartOf(t, slicesOf.get(lookup.variable))) t.dispose();
    });
  });
  for (const [variable, list] of slicesOf) {
    found.set(variable, combine(list, variable.shape));
  }
  if (found.size === 0) {
    value.dispose();
    // tfjs's variableGrads raises this too.
    throw new Error(
        'Cannot find a connection between any variable and the result of the loss function ' +
        'y=f(x). Please make sure the operations that use variables are inside the function f ' +
        'passed to minimize().');
  }
  // In the variables' order, as tfjs's variableGrads gives them (the sparse
  // optimizers' slots belong to variables by position).
  const out: SparseGradMap = {};
  for (const v of variables) {
    const g = found.get(v);
    if (g != null) out[v.name] = g;
  }
  return {value, grads: out};
}

/**
 * Runs `f` (a step's forward and backward pass) so that ids made from JS
 * values reach the sparse updates on the host, where they are validated:
 * on webgpu, where a GPU op would otherwise drop their CPU copy.
 */
function withIdsOnHost<T>(f: () => T): T {
  return engine().backendName === 'webgpu' ?
      keepingIntValues(engine().backend as unknown as WebGPUBackend, f) :
      f();
}

function isPartOf(t: Tensor, list?: Array<{indices: Tensor1D, values: Tensor}>): boolean {
  return list?.some(s => s.indices === t || s.values === t) ?? false;
}

/** One `IndexedSlices` from the slices of several lookups of a variable. */
function combine(
    list: Array<{indices: Tensor1D, values: Tensor}>, denseShape: number[]): IndexedSlices {
  if (list.length === 1) {
    return {...list[0], denseShape};
  }
  const combined = tidy(() => ({
                          indices: concat(list.map(s => s.indices)) as Tensor1D,
                          values: concat(list.map(s => s.values)),
                        }));
  list.forEach(s => {
    s.indices.dispose();
    s.values.dispose();
  });
  return {...combined, denseShape};
}
