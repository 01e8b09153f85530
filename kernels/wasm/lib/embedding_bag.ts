/**
 * The wasm kernels of `EmbeddingBag` and `EmbeddingBagGrad`: the checks of
 * src/validation/embedding_bag.ts, then one pass per bag over the table in
 * the heap, in place (kernels/shared/embedding_bag_impl.ts on heap views):
 * nothing but the outputs is allocated, and the table is never copied.
 */
import type {KernelFunc} from '@tensorflow/tfjs-core';

import {EmbeddingBag, EmbeddingBagGrad} from '../../../src/kernel_names';
import {kernelInputs} from '../../../src/op_registry';
import {BagCall, checkBagCall, checkBagIndices} from '../../../src/validation/embedding_bag';
import {BagProblem, embeddingBagBackward, embeddingBagForward} from '../../shared/embedding_bag_impl';

import {heap, heapF32, output, outputFrom, WasmBackend, wasmBackend} from './backend_util';

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
  embeddingBagBackward(
      problem(wasm, call, rows), heapF32(wasm, dy), heapF32(wasm, y),
      call.combiner === 'max' ? heap(wasm, argmax) as Int32Array : null,
      {values: heapF32(wasm, values), dWeights: weightGrad ? heapF32(wasm, dWeights) : null});
  return [values, indices, dWeights];
};
