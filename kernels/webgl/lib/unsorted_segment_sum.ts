/**
 * webgl kernel of tfjs's `UnsortedSegmentSum` (`tf.unsortedSegmentSum`, and
 * the gradient of `tf.gather`), replacing tfjs's own, whose fragment program
 * makes every output element scan the whole input (O(numSegments * N * D)).
 * This one scatter-adds in O(N * D) on the scatter paths of the segment
 * gradients (`SPARSE_GRAD_WEBGL_SCATTER`):
 *
 * - blend: one draw adds row i of `x` to output row `segmentIds[i]` with
 *   additive blending, in input order; ids outside [0, numSegments), such as
 *   TF's dropped negative ids, are not drawn.
 * - gather: the rows are ordered by id (stably), and one fragment per output
 *   element adds its id's rows in input order.
 *
 * Either way each output element is the sum in input order, as TensorFlow's
 * CPU kernel computes it, and bit-identical on every run. With validation
 * (`SPARSE_GRAD_VALIDATE`) the int32 ids are read back and checked like the
 * cpu kernel's (never the float data); without, the gather path sorts on the
 * GPU. int32 data always takes the gather path, which adds in exact
 * wrapping int32 arithmetic (blending would add in float32); tfjs-webgl
 * stores int32 values as float32, so they are exact up to 2^24.
 */
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import {util} from '@tensorflow/tfjs-core';

import {shouldValidate} from '../../../src/flags';
import {UnsortedSegmentSum} from '../../../src/kernel_names';
import {checkUnsortedSegmentIds, checkUnsortedSegmentSumCall} from '../../../src/validation/unsorted_segment_sum';
import {gatherRowsProgram} from '../../../shaders/webgl/segment_grad.glsl';
import {orderByRow} from '../../shared/row_order';

import {lowerBounds, sortByKey, sortKeys, zeros} from './gpu_primitives';
import {scatterDraw, scatterTarget} from './scatter_draw';
import {scatterMode} from './scatter_mode';
import {checkFloatIndexRange, checkTextureSize, disposeAll, exactIndexInput, readIndices, uploadInt32, webglBackend} from './backend_util';
import {runProgram} from './program';

export const unsortedSegmentSumKernel: KernelFunc = ({inputs, backend, attrs}) => {
  const webgl = webglBackend(backend);
  const call = checkUnsortedSegmentSumCall(UnsortedSegmentSum, inputs, attrs);
  const {x, segmentIds, numSegments, numIds, rowSize, outShape} = call;
  const dtype = x.dtype as 'float32' | 'int32';
  let ids: Int32Array|null = null;
  if (!call.isEmpty && shouldValidate()) {
    ids = readIndices(webgl, segmentIds, UnsortedSegmentSum, 'segment_ids', numSegments);
    checkUnsortedSegmentIds(UnsortedSegmentSum, ids, segmentIds.shape, numSegments);
  } else if (!call.isEmpty) {
    checkFloatIndexRange(UnsortedSegmentSum, 'segment_ids', numSegments);
  }
  checkTextureSize(UnsortedSegmentSum, outShape, dtype);
  if (call.isEmpty || util.sizeFromShape(outShape) === 0) {
    return zeros(webgl, outShape, dtype);
  }
  // Flat views: the kernels address textures by flat index.
  const flatIds: TensorInfo = {dataId: segmentIds.dataId, shape: [numIds], dtype: 'int32'};
  const rows: TensorInfo = {dataId: x.dataId, shape: [numIds, rowSize], dtype};

  const temps: Array<TensorInfo|null> = [];
  try {
    if (dtype === 'float32' && scatterMode(webgl) === 'blend') {
      // Ids of 2^24 or more reach the draw as an exact upload.
      const dstIdx =
          ids != null ? exactIndexInput(webgl, flatIds, ids) : {input: flatIds, temp: null};
      temps.push(dstIdx.temp);
      const out = scatterTarget(webgl, outShape, rowSize, dtype);
      scatterDraw(webgl, {
        out,
        clear: true,
        dstRows: numSegments,
        rowSize,
        dstIdx: dstIdx.input,
        count: numIds,
        src: rows,
        srcIdx: null,
        srcRows: numIds,
        scale: null,
        blend: true,
      });
      return out;
    }

    let perm: TensorInfo;
    let ranges: TensorInfo;
    if (ids != null) {
      const order = orderByRow(ids, numSegments);
      if (order.perm.length === 0) {
        return zeros(webgl, outShape, dtype);
      }
      perm = uploadInt32(webgl, order.perm);
      ranges = uploadInt32(webgl, order.ranges);
      temps.push(perm, ranges);
    } else {
      const keys = sortKeys(webgl, flatIds, flatIds, numIds, numSegments, numSegments);
      const sorted = sortByKey(webgl, keys, numIds);
      perm = sorted.perm;
      ranges = lowerBounds(webgl, sorted.sortedKeys, numIds, 0, numSegments + 1);
      temps.push(keys, perm, sorted.sortedKeys, ranges);
    }
    return runProgram(
        webgl, gatherRowsProgram({bySegment: false, int: dtype === 'int32'}), [rows, ranges, perm],
        dtype, {outputShape: outShape, uniforms: {numRows: numSegments, rowSize}});
  } finally {
    disposeAll(webgl, temps);
  }
};
