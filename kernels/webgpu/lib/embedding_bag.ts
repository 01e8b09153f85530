/**
 * The webgpu kernels of `EmbeddingBag` and `EmbeddingBagGrad`. The table
 * row of each id is worked out and checked on the CPU when the ids and
 * offsets are held there (tensors made from JS values); else on the GPU
 * (`bagRows`), where the guard (lib/guard.ts) checks them: an invalid call
 * gets NaN outputs and TensorFlow-style error reports, never a plausible
 * answer. The float work runs in the programs of
 * shaders/webgpu/embedding_bag.wgsl.ts, in the cpu kernel's order.
 */
import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import type {KernelFunc, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';

import {bagClipDotProgram, BagConstants, bagDenominatorProgram, bagForwardInputs, bagForwardProgram, bagGradInputs, bagGradValuesProgram, bagNormsProgram, bagOutputDotProgram, bagRowsProgram, bagValidityProgram, bagWeightGradInputs, bagWeightGradProgram} from '../../../shaders/webgpu/embedding_bag.wgsl';
import {shouldValidate} from '../../../src/flags';
import {EmbeddingBag, EmbeddingBagGrad} from '../../../src/kernel_names';
import {kernelInputs} from '../../../src/op_registry';
import {BagCall, checkBagCall, checkBagIndices} from '../../../src/validation/embedding_bag';

import {checkBufferSize, disposeAll, HostValueKeeper, hostValues} from './backend_util';
import {fillInteger, fillZeros, zeros} from './fill';
import {poisonIfFlagged, reportIfFlagged} from './guard';
import {runProgram} from './program';

/** A call's GPU inputs: the table row of each id, and the per-id and per-bag helpers. */
interface Prepared {
  constants: BagConstants;
  /** int32 `[N]`: the table row of each id, on the CPU when it could be worked out there. */
  rows: TensorInfo;
  /** The guard's flag when the ids or offsets are on the GPU (and validation is on). */
  flag: TensorInfo|null;
  norms: TensorInfo|null;
  den: TensorInfo|null;
  temps: TensorInfo[];
}

const ALTERNATIVE = 'ids and offsets created from JS values';

/** The uniforms of the programs that read the ids and offsets. */
function indexUniforms(call: BagCall) {
  return {
    numBags: call.numBags,
    numIds: call.numIds,
    numFeatures: call.numFeatures,
    paddingIdx: call.paddingIdx,
  };
}

/**
 * The guard's flag for ids and offsets on the GPU: set by a GPU pass when
 * one is invalid (null with validation off).
 */
function validityFlag(gpu: WebGPUBackend, call: BagCall): TensorInfo|null {
  if (!shouldValidate()) return null;
  const flag = fillZeros(gpu, gpu.makeTensorInfo([1], 'int32'));
  runProgram(gpu, bagValidityProgram(), [call.ids, call.offsets, call.features], 'int32', {
    invocations: Math.max(call.numIds, call.numBags + 1),
    uniforms: indexUniforms(call),
    output: flag,
  });
  return flag;
}

function prepare(gpu: WebGPUBackend, op: string, call: BagCall): Prepared {
  const constants = {
    combiner: call.combiner,
    weighted: call.weights != null,
    clipped: call.maxNorm > 0,
  };
  const temps: TensorInfo[] = [];
  const [ids, offsets, features] =
      [call.ids, call.offsets, call.features].map(t => hostValues(gpu, t));
  let rows: TensorInfo;
  let flag: TensorInfo|null = null;
  if (ids != null && offsets != null && features != null) {
    const values = checkBagIndices(op, call, ids, offsets, features);
    rows = gpu.makeTensorInfo([call.numIds], 'int32', values);
  } else {
    const indexInputs = [call.ids, call.offsets, call.features];
    rows = runProgram(
        gpu, bagRowsProgram(), indexInputs, 'int32',
        {invocations: call.numIds, uniforms: indexUniforms(call), outputSize: call.numIds});
    flag = validityFlag(gpu, call);
  }
  let norms: TensorInfo|null = null;
  if (constants.clipped) {
    norms = runProgram(gpu, bagNormsProgram(), [call.table, rows], 'float32', {
      invocations: call.numIds,
      uniforms: {numIds: call.numIds, rowSize: call.rowSize},
      outputSize: call.numIds,
    });
    temps.push(norms);
  }
  let den: TensorInfo|null = null;
  if (call.combiner === 'mean' || call.combiner === 'sqrtn') {
    den = runProgram(
        gpu, bagDenominatorProgram(constants),
        [rows, call.offsets, ...(call.weights != null ? [call.weights] : [])], 'float32',
        {invocations: call.numBags, uniforms: {numBags: call.numBags}, outputSize: call.numBags});
    temps.push(den);
  }
  return {constants, rows, flag, norms, den, temps};
}

/** Poisons `outputs` and reports the error when the guard's flag is set. */
function guard(
    gpu: WebGPUBackend, op: string, call: BagCall, flag: TensorInfo|null,
    outputs: TensorInfo[]): void {
  if (flag == null) return;
  poisonIfFlagged(gpu, flag, outputs);
  reportIfFlagged(
      gpu, op, ALTERNATIVE, flag, [call.ids, call.offsets, call.features],
      ([i, o, f]: TypedArray[]) => checkBagIndices(op, call, i, o, f));
}

/** The tensors the forward and backward programs read, by input name. */
function named(call: BagCall, p: Prepared, more: Record<string, TensorInfo|null>):
    Record<string, TensorInfo|null> {
  return {
    table: call.table,
    rows: p.rows,
    offsets: call.offsets,
    weights: call.weights,
    norms: p.norms,
    den: p.den,
    ...more,
  };
}

/** `names` of `tensors`, in order. */
function pick(tensors: Record<string, TensorInfo|null>, names: string[]): TensorInfo[] {
  return names.map(name => tensors[name]!);
}

export const embeddingBagKernel: KernelFunc = ({inputs, backend, attrs}) => {
  const gpu = backend as WebGPUBackend;
  const op = EmbeddingBag;
  const call = checkBagCall(op, inputs, attrs);
  const shape = [call.numBags, call.rowSize];
  checkBufferSize(gpu, op, shape, 'float32');
  const isMax = call.combiner === 'max';
  const keeper = new HostValueKeeper(gpu);
  keeper.keep(call.ids, call.offsets, call.features);
  try {
    if (call.numIds === 0 || call.numBags * call.rowSize === 0 || call.numRows === 0) {
      const [ids, offsets, features] =
          [call.ids, call.offsets, call.features].map(t => hostValues(gpu, t));
      const onHost = ids != null && offsets != null && features != null;
      if (onHost) checkBagIndices(op, call, ids, offsets, features);
      const outputs = [
        zeros(gpu, shape, 'float32'),
        isMax ? fillInteger(gpu, gpu.makeTensorInfo(shape, 'int32'), -1) : zeros(gpu, [0], 'int32'),
      ];
      // With no rows, every id must be padding; on the GPU, the guard tells.
      if (!onHost && call.numRows === 0) guard(gpu, op, call, validityFlag(gpu, call), outputs);
      return outputs;
    }
    const p = prepare(gpu, op, call);
    try {
      const tensors = named(call, p, {});
      const run = (argmax: boolean) => runProgram(
          gpu, bagForwardProgram({...p.constants, argmax}),
          pick(tensors, bagForwardInputs(p.constants)), argmax ? 'int32' : 'float32', {
            invocations: call.numBags * call.rowSize,
            uniforms: {numBags: call.numBags, rowSize: call.rowSize, maxNorm: call.maxNorm},
            output: gpu.makeTensorInfo(shape, argmax ? 'int32' : 'float32'),
          });
      const out = run(false);
      const argmax = isMax ? run(true) : zeros(gpu, [0], 'int32');
      guard(gpu, op, call, p.flag, [out, argmax]);
      return [out, argmax];
    } finally {
      disposeAll(gpu, [...p.temps, p.rows]);
    }
  } finally {
    keeper.restore();
  }
};

export const embeddingBagGradKernel: KernelFunc = ({inputs, backend, attrs}) => {
  const gpu = backend as WebGPUBackend;
  const op = EmbeddingBagGrad;
  const call = checkBagCall(op, inputs, attrs);
  const [dy, , , , , , output, argmax] = kernelInputs(op, inputs);
  const weightGrad = attrs?.weightGrad === true;
  checkBufferSize(gpu, op, [call.numIds, call.rowSize], 'float32');
  const keeper = new HostValueKeeper(gpu);
  keeper.keep(call.ids, call.offsets, call.features);
  try {
    // No ids, no bags, rows of width 0 or no rows (only padding ids, once
    // checked): every float output is zeros.
    if (call.numIds === 0 || call.numBags === 0 || call.rowSize === 0 || call.numRows === 0) {
      const [ids, offsets, features] =
          [call.ids, call.offsets, call.features].map(t => hostValues(gpu, t));
      const onHost = ids != null && offsets != null && features != null;
      const rows = onHost ?
          gpu.makeTensorInfo(
              [call.numIds], 'int32', checkBagIndices(op, call, ids, offsets, features)) :
          runProgram(gpu, bagRowsProgram(), [call.ids, call.offsets, call.features], 'int32', {
            invocations: call.numIds,
            uniforms: indexUniforms(call),
            output: gpu.makeTensorInfo([call.numIds], 'int32'),
          });
      const outputs = [
        zeros(gpu, [call.numIds, call.rowSize], 'float32'),
        rows,
        zeros(gpu, [weightGrad ? call.numIds : 0], 'float32'),
      ];
      // With no rows, every id must be padding; on the GPU, the guard tells.
      if (!onHost && call.numRows === 0) guard(gpu, op, call, validityFlag(gpu, call), outputs);
      return outputs;
    }
    const p = prepare(gpu, op, call);
    const {constants} = p;
    const uniforms = {
      numBags: call.numBags,
      numIds: call.numIds,
      rowSize: call.rowSize,
      maxNorm: call.maxNorm,
    };
    try {
      const tensors = named(call, p, {dy, argmax, output});
      if (constants.clipped) {
        const clip = runProgram(
            gpu, bagClipDotProgram(constants),
            pick(tensors, ['table', ...bagGradInputs(constants), 'norms']), 'float32',
            {invocations: call.numIds, uniforms, outputSize: 2 * call.numIds});
        p.temps.push(clip);
        tensors.clip = clip;
      }
      const valueInputs =
          [...bagGradInputs(constants), ...(constants.clipped ? ['table', 'clip'] : [])];
      const values =
          runProgram(gpu, bagGradValuesProgram(constants), pick(tensors, valueInputs), 'float32', {
            invocations: call.numIds * call.rowSize,
            uniforms,
            output: gpu.makeTensorInfo([call.numIds, call.rowSize], 'float32'),
          });
      let dWeights: TensorInfo;
      if (weightGrad && constants.weighted) {
        if (constants.combiner !== 'sum') {
          const denDot = runProgram(
              gpu, bagOutputDotProgram(), [output, dy, p.den!], 'float32',
              {invocations: call.numBags, uniforms, outputSize: 2 * call.numBags});
          p.temps.push(denDot);
          tensors.denDot = denDot;
        }
        dWeights = runProgram(
            gpu, bagWeightGradProgram(constants), pick(tensors, bagWeightGradInputs(constants)),
            'float32', {invocations: call.numIds, uniforms, outputSize: call.numIds});
      } else {
        dWeights = zeros(gpu, [weightGrad ? call.numIds : 0], 'float32');
      }
      guard(gpu, op, call, p.flag, [values, p.rows, dWeights]);
      return [values, p.rows, dWeights];
    } finally {
      disposeAll(gpu, p.temps);
    }
  } finally {
    keeper.restore();
  }
};
