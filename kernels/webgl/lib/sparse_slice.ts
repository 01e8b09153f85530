/**
 * webgl kernel of TensorFlow's `SparseSlice`: the entries of a sparse
 * tensor that fall inside the box `[start, start + size)`, re-based to
 * `start`.
 *
 * The small `shape`, `start` and `size` vectors are read back (the output
 * shape and TensorFlow's checks depend on them). The selection runs on the
 * GPU: an in-box flag per entry, a prefix sum, one readback of the number
 * of entries kept (it sizes the outputs), then a binary search per output
 * entry gathers its indices and value. With a dense shape past 2^24, the
 * coordinates are selected on their exact int32 values on the CPU instead
 * (tfjs's float textures would round them) and the values gathered on the
 * GPU.
 */
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {SparseSlice} from '../../../src/kernel_names';
import {kernelInputs} from '../../../src/op_registry';
import {checkSparseSliceShapes} from '../../../src/validation/sparse_slice';
import {sparseSliceSelect} from '../../shared/sparse_slice_impl';
import {inBoxProgram, selectProgram, SLICE_GRAD_GATHER} from '../../../shaders/webgl/sparse_slice.glsl';

import {prefix, prefixSum, readElement} from './gpu_primitives';
import {disposeAll, FLOAT_EXACT_INT, int32ValuesBeyondFloat, readIndices, readInt32, uploadInt32, WebGLBackend, webglBackend} from './backend_util';
import {runProgram} from './program';

export const sparseSliceKernel: KernelFunc = ({inputs, backend}): TensorInfo[] => {
  const webgl = webglBackend(backend);
  const op = SparseSlice;
  const [indices, values, shape, start, size] = kernelInputs(op, inputs);
  const [nnz, rank] = checkSparseSliceShapes(op, indices, values, shape, start, size);
  const startValues = Array.from(readInt32(webgl, start));
  const sizeValues = Array.from(readInt32(webgl, size));
  // With no entries, the shared selection does just TF's checks of the
  // dense shape and the box, and computes the output's dense shape.
  const shapeValues = readInt32(webgl, shape);
  const {outputShape} = sparseSliceSelect(op, [], 0, rank, shapeValues, startValues, sizeValues);
  const outputShapeInfo = webgl.makeTensorInfo([rank], 'int32', Int32Array.from(outputShape));
  const empty = (): TensorInfo[] =>
      [webgl.makeTensorInfo([0, rank], 'int32', new Int32Array(0)),
       webgl.makeTensorInfo([0], values.dtype, new Float32Array(0)),
       outputShapeInfo,
  ];
  if (nnz === 0) {
    return empty();
  }
  if (shapeValues.some(d => d > FLOAT_EXACT_INT)) {
    // Coordinates may reach 2^24 (hashed feature ids, say), where tfjs's
    // float textures round them: select on their exact values (raising
    // when they exist only in such a texture), gather the values on the GPU.
    const indexValues = readIndices(webgl, indices, op, 'indices', 2 ** 31 - 1);
    const selection =
        sparseSliceSelect(op, indexValues, nnz, rank, shapeValues, startValues, sizeValues);
    const count = selection.selectedRows.length;
    if (count === 0) {
      return empty();
    }
    return [
      webgl.makeTensorInfo([count, rank], 'int32', selection.outputIndices),
      gatherValues(webgl, values, selection.selectedRows, nnz), outputShapeInfo
    ];
  }
  if (rank === 0) {
    // Every entry of a rank-0 sparse tensor is inside any box.
    return [
      webgl.makeTensorInfo([nnz, 0], 'int32', new Int32Array(0)),
      prefix(webgl, values, nnz),
      outputShapeInfo,
    ];
  }
  const inBox = runProgram(
      webgl, inBoxProgram(rank), [indices], 'int32',
      {outputShape: [nnz], uniforms: {n: nnz, start: startValues, size: sizeValues}});
  const kept = prefixSum(webgl, inBox, nnz);
  disposeAll(webgl, [inBox]);
  try {
    const count = readElement(webgl, kept, nnz - 1);
    if (count === 0) {
      return empty();
    }
    const select = (mode: 'indices'|'values', source: TensorInfo) => runProgram(
        webgl, selectProgram(rank, mode), [kept, source],
        mode === 'indices' ? 'int32' : values.dtype, {
          outputShape: mode === 'indices' ? [count, rank] : [count],
          uniforms: {n: nnz, count, start: startValues}
        });
    return [select('indices', indices), select('values', values), outputShapeInfo];
  } finally {
    disposeAll(webgl, [kept]);
  }
};

/** `values[rows[i]]` for each i: on the GPU, or on the host for int32s past 2^24 it holds. */
function gatherValues(
    webgl: WebGLBackend, values: TensorInfo, rows: Int32Array, nnz: number): TensorInfo {
  const exactInts = int32ValuesBeyondFloat(webgl, values);
  if (exactInts != null) {
    return webgl.makeTensorInfo([rows.length], 'int32', rows.map(r => exactInts[r]));
  }
  const source = uploadInt32(webgl, rows);
  try {
    return runProgram(
        webgl, SLICE_GRAD_GATHER, [source, values], values.dtype,
        {outputShape: [rows.length], uniforms: {n: rows.length, numGrads: nnz}});
  } finally {
    disposeAll(webgl, [source]);
  }
}
