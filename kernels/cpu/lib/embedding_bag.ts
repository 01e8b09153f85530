/**
 * The cpu kernels of `EmbeddingBag` and `EmbeddingBagGrad`: the checks of
 * src/validation/embedding_bag.ts, then one pass per bag on the typed
 * arrays (kernels/shared/embedding_bag_impl.ts).
 */
import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {EmbeddingBag, EmbeddingBagGrad} from '../../../src/kernel_names';
import {kernelInputs} from '../../../src/op_registry';
import {BagCall, checkBagCall, checkBagIndices} from '../../../src/validation/embedding_bag';
import {BagProblem, embeddingBagBackward, embeddingBagForward} from '../../shared/embedding_bag_impl';

import {cpuValues} from './backend_util';

/** The host-side problem of a checked call. */
function problem(cpu: MathBackendCPU, op: string, call: BagCall): BagProblem {
  const rows = checkBagIndices(
      op, call, cpuValues(cpu, call.ids), cpuValues(cpu, call.offsets),
      cpuValues(cpu, call.features));
  return {
    combiner: call.combiner,
    table: cpuValues(cpu, call.table) as Float32Array,
    rows,
    offsets: cpuValues(cpu, call.offsets),
    weights: call.weights == null ? null : cpuValues(cpu, call.weights) as Float32Array,
    rowSize: call.rowSize,
    maxNorm: call.maxNorm,
  };
}

export const embeddingBagKernel: KernelFunc = ({inputs, backend, attrs}) => {
  const cpu = backend as MathBackendCPU;
  const call = checkBagCall(EmbeddingBag, inputs, attrs);
  const p = problem(cpu, EmbeddingBag, call);
  const size = call.numBags * call.rowSize;
  const out = new Float32Array(size);
  const argmax = call.combiner === 'max' ? new Int32Array(size) : null;
  embeddingBagForward(p, out, argmax);
  const shape = [call.numBags, call.rowSize];
  return [
    cpu.makeTensorInfo(shape, 'float32', out),
    argmax == null ? cpu.makeTensorInfo([0], 'int32', new Int32Array(0)) :
                     cpu.makeTensorInfo(shape, 'int32', argmax),
  ];
};

export const embeddingBagGradKernel: KernelFunc = ({inputs, backend, attrs}) => {
  const cpu = backend as MathBackendCPU;
  const call = checkBagCall(EmbeddingBagGrad, inputs, attrs);
  const [dy, , , , , , output, argmax] = kernelInputs(EmbeddingBagGrad, inputs);
  const p = problem(cpu, EmbeddingBagGrad, call);
  const values = new Float32Array(call.numIds * call.rowSize);
  const dWeights = attrs?.weightGrad === true ? new Float32Array(call.numIds) : null;
  embeddingBagBackward(
      p, cpuValues(cpu, dy) as Float32Array, cpuValues(cpu, output) as Float32Array,
      call.combiner === 'max' ? cpuValues(cpu, argmax) as Int32Array : null, {values, dWeights});
  const outputs: TensorInfo[] = [
    cpu.makeTensorInfo([call.numIds, call.rowSize], 'float32', values),
    cpu.makeTensorInfo([call.numIds], 'int32', p.rows),
    cpu.makeTensorInfo([dWeights?.length ?? 0], 'float32', dWeights ?? new Float32Array(0)),
  ];
  return outputs;
};
