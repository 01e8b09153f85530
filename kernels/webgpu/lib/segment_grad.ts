/**
 * The webgpu kernel function shared by `SparseSegment{Sum,Mean,SqrtN}Grad`
 * and their `V2`s. Deterministic, and bit-identical to the cpu kernel:
 *
 * 1. Order the (index, segment id) pairs by output row, stably (pairs of a
 *    row keep input order); pairs with an out-of-range index or segment id
 *    are dropped.
 * 2. Mean/SqrtN: pairs per segment and each segment's float32 scale,
 *    1/count or 1/sqrt(count) computed in float64 and rounded once, as TF's
 *    CPU kernel rounds it.
 * 3. Where each output row's pairs start.
 * 4. On the GPU, one invocation per (output row, 16 columns) adds the row's
 *    scaled grad rows in that order, the cpu kernel's order, and writes each
 *    output element once (no atomics, no zero fill).
 *
 * Steps 1 to 3 read only int32 index values. When both index inputs are
 * held on the CPU (tensors made from JS values; also kept there by this
 * kernel), the CPU does them in O(N + M) (a counting sort) and uploads the
 * order; otherwise the GPU does them: a stable LSD radix sort
 * (radix_sort.ts), a run-length count with integer atomics and a
 * count-indexed scale table (scale_table.ts), and a row-boundary pass. Both
 * give the same order, so the same bits.
 *
 * Validation: with `SPARSE_GRAD_VALIDATE` on and both index inputs held on
 * the CPU, TF's checks run on those values first (the cpu kernel's errors,
 * in its order). When either lives only on the GPU, reading it back would
 * take a synchronous readback: the GPU checks them instead, and an invalid
 * call's output is NaN and its error reported asynchronously (lib/guard.ts);
 * the `...Async` ops read the values back first and raise it. V2 needs the
 * indices on the CPU to size its output (the unique count) and raises an
 * error naming the async op otherwise.
 */
import {SEGMENT_GRAD_OPS, SegmentGradOp} from '../../shared/op_families';
import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import type {KernelFunc, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';

import {COUNT_CHUNK, countSegmentsProgram, reduceRowsProgram, rowStartsProgram, segmentScalesProgram} from '../../../shaders/webgpu/segment_grad.wgsl';
import {shouldValidate} from '../../../src/flags';
import type {SegmentReduction} from '../../../src/kernel_names';
import {orderByRow} from '../../shared/row_order';
import {scaleOfCount, uniqueSortedIndices} from '../../shared/sparse_segment_grad_impl';
import {checkSegmentGradCall, checkSegmentGradIndices} from '../../../src/validation/sparse_segment_grad';

import {fillZeros, zeros} from './fill';
import {poisonIfFlagged, reportIfFlagged, validityFlag} from './guard';
import {sortPairs} from './radix_sort';
import {scaleTable} from './scale_table';
import {runProgram} from './program';
import {checkBufferSize, disposeAll, gpuResidentError, scalarValue, HostValueKeeper, hostValues} from './backend_util';
import {asyncAlternative} from '../../../src/op_registry';

/**
 * Most loads (vec4 or scalar) one reduce invocation makes per pair: 4 vec4s
 * = 16 columns share one read of the pair's segment id and scale. (On
 * SwiftShader, 4 measured 2x faster than 1; 8 and 16 were no better.)
 */
const LOADS = 4;

export function segmentGradKernel(op: SegmentGradOp): KernelFunc {
  const {reduction, v2: isV2} = SEGMENT_GRAD_OPS[op];
  return ({inputs, backend}) => {
    const gpu = backend as WebGPUBackend;
    const dimName = isV2 ? 'denseOutputDim0' : 'outputDim0';
    const alternative = asyncAlternative(op);
    const {grad, indices, segmentIds, outputDim0, geometry} =
        checkSegmentGradCall(op, isV2, inputs, t => scalarValue(gpu, op, t, dimName, alternative));
    const rowShape = geometry.denseShape.slice(1);
    // V1's output is dense (V2's has one row per distinct index, at most N).
    if (!isV2) checkBufferSize(gpu, op, geometry.denseShape, 'float32');

    if (geometry.isEmpty) {
      if (isV2) {
        return [
          gpu.makeTensorInfo([0, ...rowShape], 'float32', new Float32Array(0)),
          gpu.makeTensorInfo([0], 'int32', new Int32Array(0))
        ];
      }
      // TF leaves this buffer unwritten when N == 0 < M; zeros are the answer.
      return zeros(gpu, geometry.denseShape, 'float32');
    }

    const indexValues = hostValues(gpu, indices);
    const segmentIdValues = hostValues(gpu, segmentIds);
    const validate = shouldValidate();
    // Index values on the GPU are checked there (lib/guard.ts).
    const guarded = validate && (indexValues == null || segmentIdValues == null);
    if (validate && !guarded) {
      checkSegmentGradIndices(op, reduction, isV2, indexValues!, segmentIdValues!, geometry);
    }
    if (isV2 && indexValues == null) {
      throw gpuResidentError(op, 'indices', alternative);
    }

    const keeper = new HostValueKeeper(gpu);
    keeper.keep(indices, segmentIds, outputDim0);
    const temporaries: TensorInfo[] = [];
    try {
      // V2: rows are the distinct valid indices, ascending (CPU metadata).
      let rowKeys = indices;
      let rowKeyValues = indexValues;
      let numRows = geometry.outputDim0;
      let sortedUniqueIndices: TensorInfo|null = null;
      if (isV2) {
        const unique = uniqueSortedIndices(indexValues!, geometry.outputDim0);
        numRows = unique.sortedUniqueIndices.length;
        sortedUniqueIndices = gpu.makeTensorInfo([numRows], 'int32', unique.sortedUniqueIndices);
        rowKeyValues = unique.uniqueIdOfPair;
        rowKeys = gpu.makeTensorInfo([geometry.numIndices], 'int32', unique.uniqueIdOfPair);
        temporaries.push(rowKeys);
      }
      const outShape = [numRows, ...rowShape];
      const out = gpu.makeTensorInfo(outShape, 'float32');
      const shape = {
        numRows,
        numPairs: geometry.numIndices,
        numSegments: geometry.numSegments,
        innerSize: geometry.innerSize
      };
      if (geometry.innerSize === 0 || numRows === 0) {
        // No columns (or, V2 without validation, no valid index): empty or
        // all-zero output; nothing to sort.
        fillZeros(gpu, out);
      } else if (rowKeyValues != null && segmentIdValues != null) {
        const order =
            hostRowOrder(reduction, rowKeyValues, segmentIdValues, numRows, geometry.numSegments);
        if (order.numValid === 0) {
          fillZeros(gpu, out);
        } else {
          const segments = gpu.makeTensorInfo([order.numValid], 'int32', order.segments);
          const rowStarts = gpu.makeTensorInfo([numRows + 1], 'int32', order.rowStarts);
          const segScale = order.scales == null ?
              null :
              gpu.makeTensorInfo([geometry.numSegments], 'float32', order.scales);
          temporaries.push(segments, rowStarts, ...(segScale ? [segScale] : []));
          reduceRows(gpu, {
            grad,
            segments,
            layout: 'ids',
            rowStarts,
            segScale,
            shape: {...shape, numPairs: order.numValid},
            out,
          });
        }
      } else {
        deviceSegmentGrad(gpu, reduction, grad, rowKeys, segmentIds, shape, out, temporaries);
      }
      if (guarded) {
        const flag = validityFlag(
            gpu, 'segmentGrad', [indices, segmentIds], geometry.numIndices, geometry.outputDim0,
            geometry.numSegments);
        poisonIfFlagged(gpu, flag, [out]);
        reportIfFlagged(
            gpu, op, alternative, flag, [indices, segmentIds],
            ([i, s]) => checkSegmentGradIndices(op, reduction, isV2, i, s, geometry));
      }
      return isV2 ? [out, sortedUniqueIndices!] : out;
    } finally {
      disposeAll(gpu, temporaries);
      keeper.restore();
    }
  };
}

/** The sizes of a segment-gradient call. */
export interface GradShape {
  numRows: number;
  numPairs: number;
  numSegments: number;
  innerSize: number;
}

/**
 * Steps 1 to 4 above, all on the GPU (index values on the GPU), writing
 * `out` (`[numRows, innerSize]` elements).
 */
export function deviceSegmentGrad(
    gpu: WebGPUBackend, reduction: SegmentReduction, grad: TensorInfo, rowKeys: TensorInfo,
    segmentIds: TensorInfo, shape: GradShape, out: TensorInfo, temporaries: TensorInfo[]): void {
  const {numRows, numPairs, numSegments} = shape;
  const {pairs, valueBits} = sortPairs(gpu, rowKeys, segmentIds, numPairs, numRows, numSegments);
  temporaries.push(pairs);
  const packed = valueBits > 0;

  let segScale: TensorInfo|null = null;
  if (reduction !== 'sum') {
    const counts = fillZeros(gpu, gpu.makeTensorInfo([numSegments], 'int32'));
    temporaries.push(counts);
    runProgram(gpu, countSegmentsProgram(), [rowKeys, segmentIds], 'int32', {
      invocations: Math.ceil(numPairs / COUNT_CHUNK),
      uniforms: {
        n: numPairs,
        numChunks: Math.ceil(numPairs / COUNT_CHUNK),
        keyLimit: numRows,
        numSegments
      },
      output: counts,
    });
    // A segment has at most numPairs pairs.
    const table = scaleTable(gpu, reduction, numPairs + 1);
    temporaries.push(table);
    segScale = runProgram(gpu, segmentScalesProgram(), [counts, table], 'float32', {
      invocations: numSegments,
      uniforms: {numSegments, tableSize: table.shape[0]},
      outputSize: numSegments,
    });
    temporaries.push(segScale);
  }

  const rowStarts = runProgram(gpu, rowStartsProgram({packed}), [pairs], 'int32', {
    invocations: numPairs + 1,
    uniforms: {n: numPairs, numRows, valueBits},
    outputSize: numRows + 1,
  });
  temporaries.push(rowStarts);

  reduceRows(gpu, {
    grad,
    segments: pairs,
    layout: packed ? 'packed' : 'pairs',
    valueBits,
    rowStarts,
    segScale,
    shape,
    out,
  });
}

/** What `reduceRows` adds up, and where. */
export interface RowReduction {
  /** The rows to add (`[numSegments, innerSize]`). */
  grad: TensorInfo;
  /** The segment id of each pair, in row order (see `layout`). */
  segments: TensorInfo;
  /** How `segments` holds them: the GPU sort's pairs, packed or not, or ids alone. */
  layout: 'pairs'|'packed'|'ids';
  /** Bits of the value in a packed pair. */
  valueBits?: number;
  /** int32 `[numRows + 1]`: where each output row's pairs start. */
  rowStarts: TensorInfo;
  /** float32 `[numSegments]`: each segment's scale (Mean, SqrtN), or none. */
  segScale?: TensorInfo|null;
  shape: GradShape;
  /** Written: `[numRows, innerSize]`. */
  out: TensorInfo;
}

/**
 * Step 4: each output row adds its pairs' scaled grad rows in order.
 * `segments` holds the segment ids in row order: as the GPU sort's pairs
 * ('pairs' or 'packed' with `valueBits`), or alone ('ids', from the CPU).
 */
export function reduceRows(gpu: WebGPUBackend, rows: RowReduction): void {
  const {grad, segments, layout, valueBits = 0, rowStarts, segScale = null, out} = rows;
  const {numRows, numPairs, innerSize} = rows.shape;
  // Four columns per load when rows are whole vec4s; as many loads per
  // invocation as divide the row (up to LOADS).
  const width = innerSize % 4 === 0 ? 4 : 1;
  const cols = innerSize / width;
  let loads = LOADS;
  while (cols % loads !== 0) loads >>= 1;
  const scaled = segScale != null;
  const dtype = grad.dtype === 'int32' ? 'int32' : 'float32';
  runProgram(
      gpu, reduceRowsProgram({mode: scaled ? 'scaled' : 'sum', dtype, width, loads, layout}),
      scaled ? [segments, rowStarts, grad, segScale!] : [segments, rowStarts, grad], dtype, {
        invocations: numRows * cols / loads,
        uniforms: {numRows, cols, numPairs, valueBits},
        output: out,
      });
}

/**
 * Steps 1 to 3 on the CPU, from CPU-held int32 values (index metadata only:
 * the float rows are added on the GPU): a stable counting sort of the valid
 * pairs by row, where each row's pairs start, and each segment's float32
 * scale (the same float64-then-rounded value as the GPU table's).
 */
function hostRowOrder(
    reduction: SegmentReduction, rowKeys: TypedArray|number[], segmentIds: TypedArray|number[],
    numRows: number, numSegments: number):
    {segments: Int32Array, rowStarts: Int32Array, scales: Float32Array|null, numValid: number} {
  // A pair with an out-of-range segment id belongs to no row.
  const rowOfPair = Int32Array.from(
      rowKeys, (row, i) => segmentIds[i] >= 0 && segmentIds[i] < numSegments ? row : -1);
  const {perm, ranges: rowStarts} = orderByRow(rowOfPair, numRows);
  const numValid = perm.length;
  const segments = Int32Array.from(perm, i => segmentIds[i]);
  let scales: Float32Array|null = null;
  if (reduction !== 'sum') {
    const counts = new Int32Array(numSegments);
    for (const seg of segments) counts[seg]++;
    scales = Float32Array.from(counts, count => scaleOfCount(reduction, count));
  }
  return {segments, rowStarts, scales, numValid};
}
