/**
 * wasm kernel of tfjs's `UnsortedSegmentSum` (gather's gradient), which
 * tfjs-backend-wasm lacks: TensorFlow's validation and its in-order sum
 * (kernels/cpu/impl/unsorted_segment_sum_impl.ts) on the wasm heap.
 */
import type {KernelConfig, KernelFunc} from '@tensorflow/tfjs-core';

import {UnsortedSegmentSum} from '../../src/kernel_names';
import {checkUnsortedSegmentIds, checkUnsortedSegmentSumCall} from '../../src/validation/unsorted_segment_sum';
import {unsortedSegmentSumImpl} from '../cpu/impl/unsorted_segment_sum_impl';

import {heap, heapNumbers, output, wasmBackend} from './lib/backend_util';

const unsortedSegmentSum: KernelFunc = ({inputs, backend, attrs}) => {
  const wasm = wasmBackend(backend);
  const call = checkUnsortedSegmentSumCall(UnsortedSegmentSum, inputs, attrs);
  const {x, segmentIds, numSegments, rowSize, outShape} = call;
  if (!call.isEmpty) {
    checkUnsortedSegmentIds(
        UnsortedSegmentSum, heap(wasm, segmentIds), segmentIds.shape, numSegments);
  }
  const out = output(wasm, outShape, x.dtype);
  if (call.isEmpty) {
    heapNumbers(wasm, out).fill(0);
    return out;
  }
  unsortedSegmentSumImpl(
      heapNumbers(wasm, x), heap(wasm, segmentIds), numSegments, rowSize, heapNumbers(wasm, out));
  return out;
};

export const unsortedSegmentSumConfig: KernelConfig = {
  kernelName: UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum,
};
