/**
 * cpu kernel of tfjs's `UnsortedSegmentSum` (`tf.unsortedSegmentSum`, and
 * the gradient of `tf.gather`), replacing tfjs's own, which makes one masked
 * pass over the input per segment (O(numSegments * N * D)). This one is one
 * pass, O(N * D), in input order (deterministic), with TensorFlow's
 * validation and messages.
 */
import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import type {KernelFunc} from '@tensorflow/tfjs-core';
import {util} from '@tensorflow/tfjs-core';

import {UnsortedSegmentSum} from '../../../src/kernel_names';
import {checkUnsortedSegmentIds, checkUnsortedSegmentSumCall} from '../../../src/validation/unsorted_segment_sum';

import {cpuValues} from './backend_util';
import {unsortedSegmentSumImpl} from '../../shared/unsorted_segment_sum_impl';

export const unsortedSegmentSumKernel: KernelFunc = ({inputs, backend, attrs}) => {
  const cpu = backend as MathBackendCPU;
  const call = checkUnsortedSegmentSumCall(UnsortedSegmentSum, inputs, attrs);
  const {x, segmentIds, numSegments, rowSize, outShape} = call;
  if (call.isEmpty) {
    const size = util.sizeFromShape(outShape);
    return cpu.makeTensorInfo(
        outShape, x.dtype, x.dtype === 'int32' ? new Int32Array(size) : new Float32Array(size));
  }
  const ids = cpuValues(cpu, segmentIds);
  checkUnsortedSegmentIds(UnsortedSegmentSum, ids, segmentIds.shape, numSegments);
  const out = unsortedSegmentSumImpl(
      cpuValues(cpu, x) as Float32Array | Int32Array, ids, numSegments, rowSize);
  return cpu.makeTensorInfo(outShape, x.dtype, out);
};
