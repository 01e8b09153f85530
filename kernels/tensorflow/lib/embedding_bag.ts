/**
 * The `tensorflow` (tfjs-node) kernels of `EmbeddingBag` and
 * `EmbeddingBagGrad`: the looked-up rows alone are gathered out of
 * TensorFlow (`GatherV2`, O(N * D)), then the cpu kernel's arithmetic runs on
 * them (kernels/shared/embedding_bag_impl.ts), bit-identical to cpu.
 * TensorFlow has no single op for a bag with PyTorch's options; a chain of
 * its ops (gather, multiply, segment sum, divide) would make the same
 * `[N, D]` gather and more passes over it.
 */
import {tensor} from '@tensorflow/tfjs-core';
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {EmbeddingBag, EmbeddingBagGrad} from '../../../src/kernel_names';
import {kernelInputs} from '../../../src/op_registry';
import {BagCall, checkBagCall, checkBagIndices} from '../../../src/validation/embedding_bag';
import {BagProblem, embeddingBagBackward, embeddingBagForward} from '../../shared/embedding_bag_impl';

import {readRows, TensorFlowBackend, tensorflowBackend} from './backend_util';

/**
 * The host-side problem of a checked call, on the gathered rows: the rows of
 * the ids that are not padding, in id order (none when `needTable` is false:
 * the backward pass reads the table only to clip or for the weights'
 * gradient). Also the table rows of the ids.
 */
function problem(tf: TensorFlowBackend, op: string, call: BagCall, needTable = true):
    {p: BagProblem, tableRows: Int32Array} {
  const read = (t: TensorInfo) => tf.readSync(t.dataId) as Int32Array;
  const offsets = read(call.offsets);
  const tableRows = checkBagIndices(op, call, read(call.ids), offsets, read(call.features));
  // Id k reads row rows[k] of the gathered table; padding gathers nothing.
  const rows = new Int32Array(call.numIds).fill(-1);
  const gathered: number[] = [];
  tableRows.forEach((r, k) => {
    if (r >= 0) rows[k] = gathered.push(r) - 1;
  });
  let table: Float32Array = new Float32Array(0);
  if (needTable && gathered.length > 0) {
    const gatherAt = tensor(gathered, [gathered.length], 'int32');
    try {
      table = readRows(tf, call.table, gatherAt);
    } finally {
      gatherAt.dispose();
    }
  }
  return {
    p: {
      combiner: call.combiner,
      table,
      rows,
      offsets,
      weights: call.weights == null ? null : tf.readSync(call.weights.dataId) as Float32Array,
      rowSize: call.rowSize,
      maxNorm: call.maxNorm,
    },
    tableRows,
  };
}

export const embeddingBagKernel: KernelFunc = ({inputs, backend, attrs}) => {
  const tf = tensorflowBackend(backend);
  const call = checkBagCall(EmbeddingBag, inputs, attrs);
  const {p} = problem(tf, EmbeddingBag, call);
  const shape = [call.numBags, call.rowSize];
  const out = new Float32Array(call.numBags * call.rowSize);
  const argmax = call.combiner === 'max' ? new Int32Array(out.length) : null;
  embeddingBagForward(p, out, argmax);
  return [
    tensor(out, shape, 'float32'),
    argmax == null ? tensor([], [0], 'int32') : tensor(argmax, shape, 'int32'),
  ];
};

export const embeddingBagGradKernel: KernelFunc = ({inputs, backend, attrs}) => {
  const tf = tensorflowBackend(backend);
  const call = checkBagCall(EmbeddingBagGrad, inputs, attrs);
  const [dy, , , , , , output, argmax] = kernelInputs(EmbeddingBagGrad, inputs);
  const weightGrad = attrs?.weightGrad === true;
  const {p, tableRows} = problem(tf, EmbeddingBagGrad, call, weightGrad || call.maxNorm > 0);
  const values = new Float32Array(call.numIds * call.rowSize);
  const dWeights = weightGrad ? new Float32Array(call.numIds) : null;
  const read = (t: TensorInfo) => tf.readSync(t.dataId);
  embeddingBagBackward(
      p, read(dy) as Float32Array, read(output) as Float32Array,
      call.combiner === 'max' ? read(argmax) as Int32Array : null, {values, dWeights});
  return [
    tensor(values, [call.numIds, call.rowSize], 'float32'),
    tensor(tableRows, [call.numIds], 'int32'),
    tensor(dWeights ?? new Float32Array(0), [dWeights?.length ?? 0], 'float32'),
  ];
};
