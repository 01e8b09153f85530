/**
 * The wasm kernel function shared by `SparseSegment{Sum,Mean,SqrtN}Grad` and
 * their `V2`s: the cpu kernel's validation, then the scatter-add of the
 * scaled grad rows in input order on the wasm heap, by the compiled loop
 * (native/sparse_grad.c) or its TypeScript twin
 * (kernels/shared/sparse_segment_grad_impl.ts); bit-identical to cpu and TF.
 */
import {SEGMENT_GRAD_OPS, SegmentGradOp} from '../../shared/op_families';
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import type {SegmentReduction} from '../../../src/kernel_names';
import {checkSegmentGradCall, checkSegmentGradIndices} from '../../../src/validation/sparse_segment_grad';
import {scatterSegmentGrad, segmentScales, uniqueSortedIndices} from '../../shared/sparse_segment_grad_impl';

import {checkHeapSize, heap, heapF32, scalarValue, offset, output, outputFrom, wasmBackend, WasmBackend, withHeapArrays} from './backend_util';
import {nativeFor} from './native';

export function segmentGradKernel(op: SegmentGradOp): KernelFunc {
  const {reduction, v2: isV2} = SEGMENT_GRAD_OPS[op];
  return ({inputs, backend}) => {
    const wasm = wasmBackend(backend);
    const {grad, indices, segmentIds, geometry} =
        checkSegmentGradCall(op, isV2, inputs, t => scalarValue(wasm, t));
    const rowShape = geometry.denseShape.slice(1);
    // V1's output is dense (V2's has one row per distinct index, at most N).
    if (!isV2) checkHeapSize(wasm, op, geometry.denseShape, 'float32');

    if (geometry.isEmpty) {
      if (isV2) {
        return [output(wasm, op, [0, ...rowShape], 'float32'), output(wasm, op, [0], 'int32')];
      }
      // TF leaves this buffer unwritten when N == 0 < M; zeros are the answer.
      const out = output(wasm, op, geometry.denseShape, 'float32');
      heapF32(wasm, out).fill(0);
      return out;
    }
    checkSegmentGradIndices(
        op, reduction, isV2, heap(wasm, indices), heap(wasm, segmentIds), geometry);

    if (!isV2) {
      const out = output(wasm, op, geometry.denseShape, 'float32');
      scatter(wasm, op, reduction, out, grad, indices, null, segmentIds, geometry);
      return out;
    }
    // V2: the rows are the distinct indices (see the cpu kernel).
    const {sortedUniqueIndices, uniqueIdOfPair} = uniqueSortedIndices(heap(wasm, indices));
    const numUnique = sortedUniqueIndices.length;
    const out = output(wasm, op, [numUnique, ...rowShape], 'float32');
    const unique = outputFrom(wasm, op, [numUnique], 'int32', sortedUniqueIndices);
    scatter(
        wasm, op, reduction, out, grad, null, uniqueIdOfPair, segmentIds,
        {...geometry, outputDim0: numUnique});
    return [out, unique];
  };
}

/**
 * out = 0, then out[row(i)] += grad[segmentIds[i]] * scale, where row(i) is
 * `indices[i]` (a tensor) or `rowOfPair[i]` (V2's unique ids, in JS).
 */
function scatter(
    wasm: WasmBackend, op: string, reduction: SegmentReduction, out: TensorInfo, grad: TensorInfo,
    indices: TensorInfo|null, rowOfPair: Int32Array|null, segmentIds: TensorInfo,
    geometry: {numIndices: number, numSegments: number, outputDim0: number, innerSize: number}):
    void {
  const {numIndices, numSegments, outputDim0, innerSize} = geometry;
  const native = nativeFor(wasm);
  if (native == null) {
    scatterSegmentGrad(
        reduction, heapF32(wasm, grad), indices != null ? heap(wasm, indices) : rowOfPair!,
        heap(wasm, segmentIds), numSegments, outputDim0, innerSize, heapF32(wasm, out));
    return;
  }
  const scales = segmentScales(reduction, heap(wasm, segmentIds), numSegments);
  const temps = [...(rowOfPair != null ? [rowOfPair] : []), ...(scales != null ? [scales] : [])];
  withHeapArrays(wasm, op, temps, offsets => {
    heapF32(wasm, out).fill(0);
    const rows = indices != null ? offset(wasm, indices) : offsets[0];
    const scaleOffset = scales != null ? offsets[offsets.length - 1] : 0;
    native.scatter_rows_f32(
        offset(wasm, out), offset(wasm, grad), rows, offset(wasm, segmentIds), scaleOffset,
        numIndices, innerSize);
  });
}
