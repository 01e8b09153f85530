/**
 * wasm kernel of tfjs's `UnsortedSegmentSum` (gather's gradient), which
 * tfjs-backend-wasm lacks: TensorFlow's validation and its in-order sum on
 * the wasm heap, by the compiled loop (native/sparse_grad.c) or its
 * TypeScript twin (kernels/shared/unsorted_segment_sum_impl.ts).
 */
import type {KernelFunc} from '@tensorflow/tfjs-core';

import {UnsortedSegmentSum} from '../../../src/kernel_names';
import {checkUnsortedSegmentIds, checkUnsortedSegmentSumCall} from '../../../src/validation/unsorted_segment_sum';
import {unsortedSegmentSumImpl} from '../../shared/unsorted_segment_sum_impl';

import {heap, heapNumbers, offset, output, wasmBackend} from './backend_util';
import {nativeFor} from './native';

export const unsortedSegmentSumKernel: KernelFunc = ({inputs, backend, attrs}) => {
  const wasm = wasmBackend(backend);
  const call = checkUnsortedSegmentSumCall(UnsortedSegmentSum, inputs, attrs);
  const {x, segmentIds, numSegments, rowSize, outShape} = call;
  if (!call.isEmpty) {
    checkUnsortedSegmentIds(
        UnsortedSegmentSum, heap(wasm, segmentIds), segmentIds.shape, numSegments);
  }
  const out = output(wasm, UnsortedSegmentSum, outShape, x.dtype);
  if (call.isEmpty) {
    heapNumbers(wasm, out).fill(0);
    return out;
  }
  const native = nativeFor(wasm);
  if (native == null) {
    unsortedSegmentSumImpl(
        heapNumbers(wasm, x), heap(wasm, segmentIds), numSegments, rowSize, heapNumbers(wasm, out));
    return out;
  }
  heapNumbers(wasm, out).fill(0);
  const n = segmentIds.shape.reduce((a, b) => a * b, 1);
  if (x.dtype === 'int32') {
    native.scatter_rows_i32(
        offset(wasm, out), offset(wasm, x), offset(wasm, segmentIds), n, rowSize);
  } else {
    native.scatter_rows_f32(
        offset(wasm, out), offset(wasm, x), offset(wasm, segmentIds), 0, 0, n, rowSize);
  }
  return out;
};
