/**
 * The webgl kernels of `EmbeddingBag` and `EmbeddingBagGrad`. The int32
 * ids, offsets and features are read on the CPU (index metadata, as every
 * webgl kernel here does) and checked there; the table row of each id is
 * uploaded exactly (also past 2^24, see backend_util.ts). The float work
 * runs in the programs of shaders/webgl/embedding_bag.glsl.ts: the forward
 * pass one fragment per (bag, column), the backward pass one per (id,
 * column), each in the cpu kernel's order.
 */
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {bagClipDotProgram, bagDenominatorProgram, bagForwardProgram, bagGradValuesProgram, bagNormsProgram, bagOutputDotProgram, BagVariant, bagWeightGradProgram} from '../../../shaders/webgl/embedding_bag.glsl';
import {EmbeddingBag, EmbeddingBagGrad} from '../../../src/kernel_names';
import {kernelInputs} from '../../../src/op_registry';
import {BagCall, checkBagCall, checkBagIndices} from '../../../src/validation/embedding_bag';

import {checkTextureSize, disposeAll, readIndices, readInt32, uploadInt32, WebGLBackend, webglBackend} from './backend_util';
import {zeros} from './gpu_primitives';
import {runProgram} from './program';

/** A call's GPU inputs: exact rows and offsets, and the per-id and per-bag helpers. */
interface BagTensors {
  variant: BagVariant;
  rows: Int32Array;
  rowsInput: TensorInfo;
  offsetsInput: TensorInfo;
  norms: TensorInfo|null;
  den: TensorInfo|null;
  temps: TensorInfo[];
}

function prepare(webgl: WebGLBackend, op: string, call: BagCall): BagTensors {
  const features = readInt32(webgl, call.features);
  let bound = 0;
  for (let f = 1; f < features.length; f += 2) bound = Math.max(bound, features[f]);
  const offsets = readIndices(webgl, call.offsets, op, 'offsets', call.numIds + 1);
  const rows =
      checkBagIndices(op, call, readIndices(webgl, call.ids, op, 'ids', bound), offsets, features);
  const variant = {
    combiner: call.combiner,
    weighted: call.weights != null,
    clipped: call.maxNorm > 0,
  };
  const temps: TensorInfo[] = [];
  const rowsInput = uploadInt32(webgl, rows);
  const offsetsInput = uploadInt32(webgl, offsets);
  temps.push(rowsInput, offsetsInput);
  let norms: TensorInfo|null = null;
  if (variant.clipped) {
    norms = runProgram(webgl, bagNormsProgram(), [call.table, rowsInput], 'float32', {
      outputShape: [call.numIds],
      uniforms: {numIds: call.numIds, rowSize: call.rowSize},
    });
    temps.push(norms);
  }
  let den: TensorInfo|null = null;
  if (call.combiner === 'mean' || call.combiner === 'sqrtn') {
    den = runProgram(
        webgl, bagDenominatorProgram(variant),
        [rowsInput, offsetsInput, ...(call.weights != null ? [call.weights] : [])], 'float32',
        {outputShape: [call.numBags], uniforms: {numBags: call.numBags}});
    temps.push(den);
  }
  return {variant, rows, rowsInput, offsetsInput, norms, den, temps};
}

/** The uniforms every bag program takes. */
function bagUniforms(call: BagCall) {
  return {numBags: call.numBags, rowSize: call.rowSize, maxNorm: call.maxNorm};
}

export const embeddingBagKernel: KernelFunc = ({inputs, backend, attrs}) => {
  const webgl = webglBackend(backend);
  const op = EmbeddingBag;
  const call = checkBagCall(op, inputs, attrs);
  const shape = [call.numBags, call.rowSize];
  checkTextureSize(op, shape, 'float32');
  const isMax = call.combiner === 'max';
  if (call.numBags * call.rowSize === 0 || call.numIds === 0 || call.numRows === 0) {
    // Checked as any call; no id (or, with no rows, only padding): every bag is empty.
    checkBagIndices(
        op, call, readInt32(webgl, call.ids), readInt32(webgl, call.offsets),
        readInt32(webgl, call.features));
    const out = zeros(webgl, shape, 'float32');
    const argmax = isMax ?
        webgl.makeTensorInfo(shape, 'int32', new Int32Array(shape[0] * shape[1]).fill(-1)) :
        zeros(webgl, [0], 'int32');
    return [out, argmax];
  }
  const t = prepare(webgl, op, call);
  try {
    const inputsOf = (variant: BagVariant) =>
        [call.table, t.rowsInput, t.offsetsInput, ...(variant.weighted ? [call.weights!] : []),
         ...(variant.clipped ? [t.norms!] : []), ...(t.den != null ? [t.den] : [])];
    const out = runProgram(
        webgl, bagForwardProgram(t.variant), inputsOf(t.variant), 'float32',
        {outputShape: shape, uniforms: bagUniforms(call)});
    const argmax = isMax ? runProgram(
                               webgl, bagForwardProgram(t.variant, true), inputsOf(t.variant),
                               'int32', {outputShape: shape, uniforms: bagUniforms(call)}) :
                           zeros(webgl, [0], 'int32');
    return [out, argmax];
  } finally {
    disposeAll(webgl, t.temps);
  }
};

export const embeddingBagGradKernel: KernelFunc = ({inputs, backend, attrs}) => {
  const webgl = webglBackend(backend);
  const op = EmbeddingBagGrad;
  const call = checkBagCall(op, inputs, attrs);
  const [dy, , , , , , output, argmax] = kernelInputs(op, inputs);
  const weightGrad = attrs?.weightGrad === true;
  checkTextureSize(op, [call.numIds, call.rowSize], 'float32');
  // No ids, no bags, rows of width 0 or no rows (only padding ids, once
  // checked): every float output is zeros.
  if (call.numIds === 0 || call.numBags === 0 || call.rowSize === 0 || call.numRows === 0) {
    const rows = checkBagIndices(
        op, call, readInt32(webgl, call.ids), readInt32(webgl, call.offsets),
        readInt32(webgl, call.features));
    return [
      zeros(webgl, [call.numIds, call.rowSize], 'float32'),
      webgl.makeTensorInfo([call.numIds], 'int32', rows),
      zeros(webgl, [weightGrad ? call.numIds : 0], 'float32'),
    ];
  }
  const t = prepare(webgl, op, call);
  const {variant} = t;
  const uniforms = {...bagUniforms(call), numIds: call.numIds};
  try {
    const gradInputs = [
      t.rowsInput, t.offsetsInput, dy, ...(variant.weighted ? [call.weights!] : []),
      ...(t.den != null ? [t.den] : []), ...(variant.combiner === 'max' ? [argmax] : [])
    ];
    let tg: TensorInfo|null = null;
    if (variant.clipped) {
      tg = runProgram(
          webgl, bagClipDotProgram(variant), [call.table, ...gradInputs], 'float32',
          {outputShape: [call.numIds], uniforms});
      t.temps.push(tg);
    }
    const values = runProgram(
        webgl, bagGradValuesProgram(variant),
        [
          ...(variant.clipped ? [call.table] : []), ...gradInputs,
          ...(variant.clipped ? [t.norms!, tg!] : [])
        ],
        'float32', {outputShape: [call.numIds, call.rowSize], uniforms});
    let dWeights: TensorInfo;
    if (weightGrad && variant.weighted) {
      const combiner = variant.combiner;
      let ydot: TensorInfo|null = null;
      if (combiner !== 'sum') {
        ydot = runProgram(webgl, bagOutputDotProgram(), [output, dy], 'float32', {
          outputShape: [call.numBags],
          uniforms: {numBags: call.numBags, rowSize: call.rowSize}
        });
        t.temps.push(ydot);
      }
      dWeights = runProgram(
          webgl, bagWeightGradProgram(variant),
          [
            call.table, t.rowsInput, t.offsetsInput, dy,
            ...(combiner === 'sqrtn' ? [call.weights!] : []),
            ...(variant.clipped ? [t.norms!] : []), ...(combiner === 'sum' ? [] : [t.den!, ydot!])
          ],
          'float32', {outputShape: [call.numIds], uniforms});
    } else {
      dWeights = zeros(webgl, [weightGrad ? call.numIds : 0], 'float32');
    }
    return [values, webgl.makeTensorInfo([call.numIds], 'int32', t.rows), dWeights];
  } finally {
    disposeAll(webgl, t.temps);
  }
};
