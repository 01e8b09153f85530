/**
 * The wasm kernel function shared by the forward
 * `SparseSegment{Sum,Mean,SqrtN}[WithNumSegments]`: the cpu kernel's
 * validation and arithmetic (TensorFlow's order,
 * kernels/cpu/impl/sparse_segment_reduction_impl.ts) on the wasm heap.
 */
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import type {SegmentReduction} from '../../../src/kernel_names';
import {kernelInputs, OpName} from '../../../src/op_registry';
import {checkSegmentReductionDtypes, checkSegmentReductionIndices, checkSegmentReductionShapes} from '../../../src/validation/sparse_segment_reduction';
import {sparseSegmentReductionImpl} from '../../cpu/impl/sparse_segment_reduction_impl';

import {heap, heapNumbers, heapScalar, output, wasmBackend} from './backend_util';

export function sparseSegmentReductionKernelFunc(
    op: OpName, reduction: SegmentReduction): KernelFunc {
  return ({inputs, backend}): TensorInfo => {
    const wasm = wasmBackend(backend);
    const [data, indices, segmentIds, numSegments = null] = kernelInputs(op, inputs);
    checkSegmentReductionDtypes(op, reduction, data, indices, segmentIds, numSegments);
    const geometry = checkSegmentReductionShapes(
        op, data, indices, segmentIds, numSegments, () => heapScalar(wasm, numSegments!),
        heap(wasm, segmentIds));
    checkSegmentReductionIndices(op, heap(wasm, indices), heap(wasm, segmentIds), geometry);
    const out = output(wasm, geometry.outputShape, data.dtype);
    sparseSegmentReductionImpl(
        op, reduction, heapNumbers(wasm, data), heap(wasm, indices), heap(wasm, segmentIds),
        geometry, heapNumbers(wasm, out));
    return out;
  };
}
