/**
 * The `tensorflow` kernel functions of the sparse optimizers' updates
 * (`SparseGradApply*`) and of `SparseGradOwnedCopy`, in O(rows looked up).
 *
 * An update reads only the looked-up rows of the variable and its slots out
 * of TensorFlow (its `GatherV2`), applies the cpu kernel's arithmetic to
 * them (so the result is bit-identical to the cpu backend's), and writes them
 * back into the variable's own buffer with TensorFlow's `InplaceUpdate`,
 * which writes the rows of its input `x` in place and returns an alias of it
 * (tensorflow/core/kernels/inplace_ops.cc: `Tensor y = x; // This creates
 * an alias intentionally.`).
 *
 * Nothing else may see that write, so the buffer must be the variable's
 * alone: `SparseGradOwnedCopy` makes it with `DeepCopy` (TensorFlow's
 * `Identity` would alias), and it is watched: any TensorFlow op that may
 * return an alias of its input (`Reshape`, `Slice`, `Split`, `Unpack`,
 * `Squeeze`, ... : every op not known to copy) disowns it, and the next
 * update copies it first (src/training/writable.ts).
 */
import {tensor} from '@tensorflow/tfjs-core';
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {kernelInputs, OpName} from '../../../src/op_registry';
import {disown, isOwned} from '../../../src/training/writable';
import {checkSparseApplyCall, checkSparseApplyIndices, checkSumDuplicatesCall} from '../../../src/validation/sparse_apply';
import {applyRows, groupByRow, summedDuplicates} from '../../shared/sparse_apply_impl';

import {OpAttr, readRows, runNative, TensorFlowBackend, tensorflowBackend, typeAttr} from './backend_util';

/** Writes `values` into rows `rows` of `t`'s own buffer (`InplaceUpdate`). */
function writeRows(
    tf: TensorFlowBackend, t: TensorInfo, rows: TensorInfo, rowShape: number[],
    values: Float32Array): void {
  const v = tensor(values, [rows.shape[0], ...rowShape], 'float32');
  const [alias] = runNative(tf, 'InplaceUpdate', [t, rows, v], {
    attrs: [typeAttr(tf, 'T', 'float32')],
    numOutputs: 1,
  });
  // The output is an alias of t's buffer: dropping it leaves t's handle.
  alias.dispose();
  v.dispose();
}

/** The kernel function of one of the `SparseGradApply*` kernels. */
export function sparseApplyKernel(op: OpName): KernelFunc {
  return ({inputs, backend, attrs}) => {
    const tf = tensorflowBackend(backend);
    const call = checkSparseApplyCall(op, inputs, attrs);
    const indices = tf.readSync(call.indices.dataId) as Int32Array;
    checkSparseApplyIndices(op, indices, call.numRows);
    const groups = groupByRow(indices);
    const numRows = groups.rows.length;
    if (numRows === 0) return [];
    for (const t of [call.variable, ...call.slots]) {
      if (!isOwned(t.dataId)) {
        throw new Error(`${op}: the variable's memory is not its own (see SparseGradOwnedCopy)`);
      }
    }
    const rows = tensor(groups.rows, [numRows], 'int32');
    try {
      // The looked-up rows alone, as rows 0 .. numRows - 1.
      const variable = readRows(tf, call.variable, rows);
      const slots = call.slots.map(t => readRows(tf, t, rows));
      const compact = {...groups, rows: Int32Array.from({length: numRows}, (_, i) => i)};
      const values = tf.readSync(call.values.dataId) as Float32Array;
      applyRows(op, variable, slots, compact, values, call.rowSize, call.attrs);
      const rowShape = call.variable.shape.slice(1);
      writeRows(tf, call.variable, rows, rowShape, variable);
      call.slots.forEach((t, k) => writeRows(tf, t, rows, t.shape.slice(1), slots[k]));
    } finally {
      rows.dispose();
    }
    return [];
  };
}

/**
 * TensorFlow ops that never return an alias of an input's buffer while the
 * variable's handle holds it: the lookups and reductions a training step
 * runs on a table, elementwise math (TensorFlow forwards an input buffer to
 * the output only when nothing else holds it), and the update's own ops.
 * Any other op that takes an owned copy disowns it.
 */
const COPYING_OPS = new Set([
  'GatherV2',
  'InplaceUpdate',
  'DeepCopy',
  'SparseSegmentSum',
  'SparseSegmentMean',
  'SparseSegmentSqrtN',
  'SparseSegmentSumWithNumSegments',
  'SparseSegmentMeanWithNumSegments',
  'SparseSegmentSqrtNWithNumSegments',
  'UnsortedSegmentSum',
  'MatMul',
  'BatchMatMulV2',
  'Mul',
  'AddV2',
  'Add',
  'Sub',
  'RealDiv',
  'Square',
  'Sqrt',
  'Neg',
  'Abs',
  'Maximum',
  'Minimum'
]);

/** The data id of each owned copy's TensorFlow handle. */
const ownerOfHandle = new Map<number, object>();
const watched = new WeakSet<object>();

/** Disowns owned copies that an op which may alias its inputs takes (see above). */
function watchAliases(tf: TensorFlowBackend): void {
  if (watched.has(tf)) return;
  watched.add(tf);
  // The native binding's members are read-only: the backend gets an object
  // that inherits them, with its own executeOp.
  const binding = tf.binding;
  const executeOp = binding.executeOp.bind(binding);
  tf.binding = Object.create(binding, {
    executeOp: {
      value: (name: string, attrs: OpAttr[], ids: number[], numOutputs: number) => {
        if (ownerOfHandle.size > 0 && !COPYING_OPS.has(name)) {
          for (const id of ids) {
            const owner = ownerOfHandle.get(id);
            if (owner != null) {
              disown(owner);
              ownerOfHandle.delete(id);
            }
          }
        }
        return executeOp(name, attrs, ids, numOutputs);
      },
    },
  }) as typeof binding;
}

/**
 * `SparseGradOwnedCopy`: a tensor with a TensorFlow buffer of its own
 * (`DeepCopy`), watched for aliases.
 */
export const ownedCopyKernel: KernelFunc = ({inputs, backend}) => {
  const tf = tensorflowBackend(backend);
  const [x] = kernelInputs('SparseGradOwnedCopy', inputs);
  watchAliases(tf);
  const [copy] =
      runNative(tf, 'DeepCopy', [x], {attrs: [typeAttr(tf, 'T', x.dtype)], numOutputs: 1});
  // Handles of disposed copies are forgotten here.
  for (const [id, dataId] of ownerOfHandle) {
    if (!tf.tensorMap.has(dataId)) ownerOfHandle.delete(id);
  }
  ownerOfHandle.set(tf.tensorMap.get(copy.dataId).id, copy.dataId);
  return copy;
};

/**
 * `SparseGradSumDuplicates`: the cpu kernel's arithmetic on the slices read
 * out of TensorFlow (O(N * D), the size of the slices).
 */
export const sumDuplicatesKernel: KernelFunc = ({inputs, backend, attrs}) => {
  const tf = tensorflowBackend(backend);
  const op = 'SparseGradSumDuplicates';
  const call = checkSumDuplicatesCall(inputs, attrs);
  const indices = tf.readSync(call.indices.dataId) as Int32Array;
  checkSparseApplyIndices(op, indices, call.numRows);
  const out =
      summedDuplicates(indices, tf.readSync(call.values.dataId) as Float32Array, call.rowSize);
  return [
    tensor(out.indices, call.indices.shape, 'int32'),
    tensor(out.values, call.values.shape, 'float32'),
  ];
};
