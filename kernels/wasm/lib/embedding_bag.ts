/**
 * The wasm kernels of `EmbeddingBag` and `EmbeddingBagGrad`: the checks of
 * src/validation/embedding_bag.ts, then one pass per bag over the table in
 * the heap, in place: the compiled loops of native/sparse_grad.c for 'sum',
 * 'mean' and 'sqrtn' without clipping, kernels/shared/embedding_bag_impl.ts
 * on heap views for the rest (and the weights' gradient). Nothing but the
 * outputs (and the ids' table rows) is allocated; the table is never copied.
 */
import type {KernelFunc} from '@tensorflow/tfjs-core';

import {EmbeddingBag, EmbeddingBagGrad} from '../../../src/kernel_names';
import {kernelInputs} from '../../../src/op_registry';
import {BagCall, checkBagCall, checkBagIndices} from '../../../src/validation/embedding_bag';
import {BagProblem, embeddingBagBackward, embeddingBagForward} from '../../shared/embedding_bag_impl';

import {heap, heapF32, offset, output, outputFrom, WasmBackend, wasmBackend, withHeapArrays} from './backend_util';
import {nativeFor} from './native';

/**
 * The mode of the compiled loops (native/sparse_grad.c) for a call they
 * cover: 'sum' 0, 'mean' 1, 'sqrtn' 2, without clipping; else null (the
 * TypeScript loops run).
 */
function nativeMode(call: BagCall): number|null {
  if (call.maxNorm > 0 || call.combiner === 'max') return null;
  return {sum: 0, mean: 1, sqrtn: 2}[call.combiner];
}

/** The table rows of the ids (checked). */
function tableRows(wasm: WasmBackend, op: string, call: BagCall): Int32Array {
  return checkBagIndices(
      op, call, heap(wasm, call.ids), heap(wasm, call.offsets), heap(wasm, call.features));
}

/** The problem on heap views: take it after the last allocation of the call. */
function problem(wasm: WasmBackend, call: BagCall, rows: Int32Array): BagProblem {
  return {
    combiner: call.combiner,
    table: heapF32(wasm, call.table),
    rows,
    offsets: heap(wasm, call.offsets),
    weights: call.weights == null ? null : heapF32(wasm, call.weights),
    rowSize: call.rowSize,
    maxNorm: call.maxNorm,
  };
}

export const embeddingBagKernel: KernelFunc = ({inputs, backend, attrs}) => {
  const wasm = wasmBackend(backend);
  const op = EmbeddingBag;
  const call = checkBagCall(op, inputs, attrs);
  const rows = tableRows(wasm, op, call);
  const shape = [call.numBags, call.rowSize];
  const out = output(wasm, op, shape, 'float32');
  const argmax = output(wasm, op, call.combiner === 'max' ? shape : [0], 'int32');
  const native = nativeFor(wasm);
  const mode = nativeMode(call);
  if (native != null && mode != null) {
    withHeapArrays(wasm, op, [rows], ([rowsAt]) => {
      native.bag_forward_f32(
          offset(wasm, out), offset(wasm, call.table), rowsAt, offset(wasm, call.offsets),
          call.weights == null ? 0 : offset(wasm, call.weights), call.numBags, call.rowSize, mode);
    });
    return [out, argmax];
  }
  embeddingBagForward(
      problem(wasm, call, rows), heapF32(wasm, out),
      call.combiner === 'max' ? heap(wasm, argmax) as Int32Array : null);
  return [out, argmax];
};

export const embeddingBagGradKernel: KernelFunc = ({inputs, backend, attrs}) => {
  const wasm = wasmBackend(backend);
  const op = EmbeddingBagGrad;
  const call = checkBagCall(op, inputs, attrs);
  const [dy, , , , , , y, argmax] = kernelInputs(op, inputs);
  const rows = tableRows(wasm, op, call);
  const weightGrad = attrs?.weightGrad === true;
  const values = output(wasm, op, [call.numIds, call.rowSize], 'float32');
  const indices = outputFrom(wasm, op, [call.numIds], 'int32', rows);
  const dWeights = output(wasm, op, [weightGrad ? call.numIds : 0], 'float32');
  const native = nativeFor(wasm);
  const mode = nativeMode(call);
  if (native != null && mode != null && !weightGrad) {
    withHeapArrays(wasm, op, [rows], ([rowsAt]) => {
      native.bag_backward_f32(
          offset(wasm, values), offset(wasm, dy), rowsAt, offset(wasm, call.offsets),
          call.weights == null ? 0 : offset(wasm, call.weights), call.numBags, call.numIds,
          call.rowSize, mode);
    });
    return [values, indices, dWeights];
  }
  embeddingBagBackward(
      problem(wasm, call, rows), heapF32(wasm, dy), heapF32(wasm, y),
      call.combiner === 'max' ? heap(wasm, argmax) as Int32Array : null,
      {values: heapF32(wasm, values), dWeights: weightGrad ? heapF32(wasm, dWeights) : null});
  return [values, indices, dWeights];
};
