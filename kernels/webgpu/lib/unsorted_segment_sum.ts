/**
 * webgpu kernel of tfjs's `UnsortedSegmentSum` (`tf.unsortedSegmentSum`, and
 * the gradient of `tf.gather`), replacing tfjs's own, which adds with float
 * atomics in whatever order the GPU runs them: results change from run to
 * run. This one is the segment gradients' deterministic row reduction
 * (lib/segment_grad.ts) with source row i for id i: the rows are ordered
 * by id stably, and one invocation per (output row, columns) adds its rows
 * in input order and writes each output element once. Each element is then
 * the sum in input order, bit-identical to the cpu kernel.
 *
 * Ids held on the CPU (tensors made from JS values) are validated like the
 * cpu kernel's and ordered on the CPU; ids that live only on the GPU cannot
 * be read back synchronously (that breaks WebGPU in Chromium), so they are
 * ordered by the GPU radix sort, and ids outside [0, numSegments) are
 * dropped, as TensorFlow's GPU kernel drops them.
 */
import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import type {KernelFunc, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';
import {util} from '@tensorflow/tfjs-core';

import {shouldValidate} from '../../../src/flags';
import {UnsortedSegmentSum} from '../../../src/kernel_names';
import {checkUnsortedSegmentIds, checkUnsortedSegmentSumCall} from '../../../src/validation/unsorted_segment_sum';
import {orderByRow} from '../../shared/row_order';

import {fillZeros, zeros} from './fill';
import {deviceSegmentGrad, reduceRows} from './segment_grad';
import {checkBufferSize, disposeAll, hostValues, HostValueKeeper} from './backend_util';
import {poisonIfFlagged, reportIfFlagged, validityFlag} from './guard';

export const unsortedSegmentSumKernel: KernelFunc = ({inputs, backend, attrs}) => {
  const gpu = backend as WebGPUBackend;
  const call = checkUnsortedSegmentSumCall(UnsortedSegmentSum, inputs, attrs);
  const {x, segmentIds, numSegments, numIds, outShape} = call;
  const ids = hostValues(gpu, segmentIds);
  const validate = !call.isEmpty && shouldValidate();
  if (validate && ids != null) {
    checkUnsortedSegmentIds(UnsortedSegmentSum, ids, segmentIds.shape, numSegments);
  }
  checkBufferSize(gpu, UnsortedSegmentSum, outShape, x.dtype);
  const out = sum(gpu, call, ids);
  if (validate && ids == null) {
    // The ids live on the GPU: checked there (lib/guard.ts).
    const flatIds: TensorInfo = {dataId: segmentIds.dataId, shape: [numIds], dtype: 'int32'};
    const flag = validityFlag(gpu, 'unsortedSegmentSum', [flatIds], numIds, 0, numSegments);
    poisonIfFlagged(gpu, flag, [out]);
    reportIfFlagged(
        gpu, UnsortedSegmentSum, 'index tensors created from JS values', flag, [segmentIds],
        ([values]) =>
            checkUnsortedSegmentIds(UnsortedSegmentSum, values, segmentIds.shape, numSegments));
  }
  return out;
};

/** The sum (ids outside [0, numSegments) dropped). */
function sum(
    gpu: WebGPUBackend, call: ReturnType<typeof checkUnsortedSegmentSumCall>,
    ids: TypedArray|null): TensorInfo {
  const {x, segmentIds, numSegments, numIds, rowSize, outShape} = call;
  if (call.isEmpty || util.sizeFromShape(outShape) === 0) {
    return zeros(gpu, outShape, x.dtype);
  }
  const flatIds: TensorInfo = {dataId: segmentIds.dataId, shape: [numIds], dtype: 'int32'};
  const rows: TensorInfo = {dataId: x.dataId, shape: [numIds, rowSize], dtype: x.dtype};
  const out = gpu.makeTensorInfo(outShape, x.dtype);
  const shape = {numRows: numSegments, numPairs: numIds, numSegments: numIds, innerSize: rowSize};
  const keeper = new HostValueKeeper(gpu);
  keeper.keep(segmentIds);
  const temporaries: TensorInfo[] = [];
  try {
    if (ids != null) {
      // Source rows in id order, and where each id's rows start.
      const {perm, ranges} = orderByRow(ids, numSegments);
      if (perm.length === 0) {
        return fillZeros(gpu, out);
      }
      const sources = gpu.makeTensorInfo([perm.length], 'int32', perm);
      const rowStarts = gpu.makeTensorInfo([numSegments + 1], 'int32', ranges);
      temporaries.push(sources, rowStarts);
      reduceRows(gpu, {
        grad: rows,
        segments: sources,
        layout: 'ids',
        rowStarts,
        shape: {...shape, numPairs: perm.length},
        out,
      });
    } else {
      const iota =
          gpu.makeTensorInfo([numIds], 'int32', Int32Array.from({length: numIds}, (_, i) => i));
      temporaries.push(iota);
      deviceSegmentGrad(gpu, 'sum', rows, flatIds, iota, shape, out, temporaries);
    }
    return out;
  } finally {
    disposeAll(gpu, temporaries);
    keeper.restore();
  }
}
