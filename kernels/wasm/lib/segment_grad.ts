/**
 * The wasm kernel function shared by `SparseSegment{Sum,Mean,SqrtN}Grad` and
 * their `V2`s: the cpu kernel's validation and arithmetic
 * (kernels/cpu/impl/sparse_segment_grad_impl.ts), reading the inputs and
 * writing the output in the wasm heap; bit-identical to cpu (and TF).
 */
import type {KernelFunc} from '@tensorflow/tfjs-core';

import type {SegmentReduction} from '../../../src/kernel_names';
import type {OpName} from '../../../src/op_registry';
import {checkSegmentGradCall, checkSegmentGradIndices} from '../../../src/validation/sparse_segment_grad';
import {scatterSegmentGrad, uniqueSortedIndices} from '../../cpu/impl/sparse_segment_grad_impl';

import {heap, heapF32, heapScalar, output, outputFrom, wasmBackend} from './backend_util';

export function sparseSegmentGradKernelFunc(
    op: OpName, reduction: SegmentReduction, isV2: boolean): KernelFunc {
  return ({inputs, backend}) => {
    const wasm = wasmBackend(backend);
    const {grad, indices, segmentIds, geometry} =
        checkSegmentGradCall(op, isV2, inputs, t => heapScalar(wasm, t));
    const rowShape = geometry.denseShape.slice(1);

    if (geometry.isEmpty) {
      if (isV2) {
        return [output(wasm, [0, ...rowShape], 'float32'), output(wasm, [0], 'int32')];
      }
      // TF leaves this buffer unwritten when N == 0 < M; zeros are the answer.
      const out = output(wasm, geometry.denseShape, 'float32');
      heapF32(wasm, out).fill(0);
      return out;
    }
    checkSegmentGradIndices(
        op, reduction, isV2, heap(wasm, indices), heap(wasm, segmentIds), geometry);

    if (!isV2) {
      const out = output(wasm, geometry.denseShape, 'float32');
      scatterSegmentGrad(
          reduction, heapF32(wasm, grad), heap(wasm, indices), heap(wasm, segmentIds),
          geometry.numSegments, geometry.outputDim0, geometry.innerSize, heapF32(wasm, out));
      return out;
    }
    // V2: the rows are the distinct indices (see the cpu kernel).
    const {sortedUniqueIndices, uniqueIdOfPair} = uniqueSortedIndices(heap(wasm, indices));
    const numUnique = sortedUniqueIndices.length;
    const out = output(wasm, [numUnique, ...rowShape], 'float32');
    const unique = outputFrom(wasm, [numUnique], 'int32', sortedUniqueIndices);
    scatterSegmentGrad(
        reduction, heapF32(wasm, grad), uniqueIdOfPair, heap(wasm, segmentIds),
        geometry.numSegments, numUnique, geometry.innerSize, heapF32(wasm, out));
    return [out, unique];
  };
}
