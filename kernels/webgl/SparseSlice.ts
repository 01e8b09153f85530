/**
 * webgl kernel of TensorFlow's `SparseSlice`: the entries of a sparse
 * tensor that fall inside the box `[start, start + size)`, re-based to
 * `start`.
 *
 * The small `shape`, `start` and `size` vectors are read back (the output
 * shape and TensorFlow's checks depend on them). The selection runs on the
 * GPU: an in-box flag per entry, a prefix sum, one readback of the number
 * of entries kept (it sizes the outputs), then a binary search per output
 * entry gathers its indices and value.
 */
import type {KernelConfig, TensorInfo} from '@tensorflow/tfjs-core';

import {SparseSlice} from '../../src/kernel_names';
import {kernelInputs} from '../../src/op_registry';
import {checkSparseSliceShapes} from '../../src/validation/sparse_slice';
import {sparseSliceSelect} from '../cpu/impl/sparse_slice_impl';
import {inBoxProgram, selectProgram} from '../../shaders/webgl/sparse_slice.glsl';

import {prefix, prefixSum, readElement} from './lib/gpu_primitives';
import {disposeAll, readInt32, webglBackend} from './lib/backend_util';
import {runProgram} from './lib/program';

export const sparseSliceConfig: KernelConfig = {
  kernelName: SparseSlice,
  backendName: 'webgl',
  kernelFunc: ({inputs, backend}): TensorInfo[] => {
    const webgl = webglBackend(backend);
    const op = SparseSlice;
    const [indices, values, shape, start, size] = kernelInputs(op, inputs);
    const [nnz, rank] = checkSparseSliceShapes(op, indices, values, shape, start, size);
    const startValues = Array.from(readInt32(webgl, start));
    const sizeValues = Array.from(readInt32(webgl, size));
    // With no entries, the shared selection does just TF's checks of the
    // dense shape and the box, and computes the output's dense shape.
    const {outputShape} =
        sparseSliceSelect(op, [], 0, rank, readInt32(webgl, shape), startValues, sizeValues);
    const outputShapeInfo = webgl.makeTensorInfo([rank], 'int32', Int32Array.from(outputShape));
    const empty = (): TensorInfo[] =>
        [webgl.makeTensorInfo([0, rank], 'int32', new Int32Array(0)),
         webgl.makeTensorInfo([0], values.dtype, new Float32Array(0)),
         outputShapeInfo,
    ];
    if (nnz === 0) {
      return empty();
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
  }
};
