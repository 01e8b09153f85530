/**
 * The webgl kernel function shared by `SparseSegment{Sum,Mean,SqrtN}Grad`
 * and their `V2`s.
 *
 * Two GPU paths (flag `SPARSE_GRAD_WEBGL_SCATTER`):
 * - blend: one draw scatter-adds every pair's scaled grad row into its
 *   output row with additive blending, O(N x D). Blending adds in draw
 *   order, so each output element sums in input order, bit-identical to
 *   the cpu kernel.
 * - gather: the pairs are ordered by output row (stably), and one fragment
 *   per output element adds its row's contributions in input order. Needs
 *   no blending; bit-identical where the GPU does not fuse the multiply and
 *   the add (SwiftShader does not).
 *
 * Validation (flag `SPARSE_GRAD_VALIDATE`) reads back the int32 `indices`
 * and `segmentIds` and runs the cpu kernel's checks; values of 2^24 or
 * more, which tfjs's float textures cannot hold exactly, reach the programs
 * as exact uploads (backend_util.ts, `exactIndexInput`). Having them, the
 * kernel also builds the index metadata on the CPU (segment sizes, V2's
 * distinct indices, the gather path's row order) and uploads it. Without
 * validation that metadata is built on the GPU (counting draws, a bitonic
 * sort, prefix sums; V2 reads back one number, the distinct count, which
 * sizes its output), and pairs with an index or segment id out of range
 * are skipped. The float data never leaves the GPU.
 */
import {SEGMENT_GRAD_OPS, SegmentGradOp} from '../../shared/op_families';
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {shouldValidate} from '../../../src/flags';
import type {SegmentReduction} from '../../../src/kernel_names';
import {checkSegmentGradCall, checkSegmentGradIndices} from '../../../src/validation/sparse_segment_grad';
import {orderByRow} from '../../shared/row_order';
import {uniqueSortedIndices} from '../../shared/sparse_segment_grad_impl';
import {SENTINEL_KEY} from '../../../shaders/webgl/common.glsl';
import {gatherRowsProgram, PERMUTE, segmentScaleProgram, SORTED_DST_ROWS} from '../../../shaders/webgl/segment_grad.glsl';

import {lowerBounds, numberRuns, runKeys, sortByKey, sortKeys, zeros} from './gpu_primitives';
import {scatterDraw, scatterTarget} from './scatter_draw';
import {scatterMode} from './scatter_mode';
import {checkFloatIndexRange, checkTextureSize, disposeAll, exactIndexInput, readIndices, scalarValue, uploadInt32, WebGLBackend, webglBackend} from './backend_util';
import {runProgram} from './program';

/** Float32 counts are exact below 2^24: count larger inputs in chunks. */
const MAX_PAIRS_PER_COUNT = 1 << 24;

/** The call's sizes, and the int32 values when validation read them. */
interface Call {
  webgl: WebGLBackend;
  mode: 'blend'|'gather';
  grad: TensorInfo;
  indices: TensorInfo;
  segmentIds: TensorInfo;
  /** N, M (outputDim0), S (grad rows), D (row size). */
  n: number;
  m: number;
  numSegments: number;
  rowSize: number;
  values: {indices: Int32Array, segmentIds: Int32Array}|null;
}

/**
 * Where the pairs go. Blend: pair k of the draw adds grad row `srcIdx[k]`
 * to output row `dstIdx[k]` (pairs drawn in an order that keeps input order
 * within each row). Gather: output row r sums pairs perm[ranges[r]] ..
 * perm[ranges[r + 1] - 1], in input order.
 */
interface RowPlan {
  numRows: number;
  dstIdx?: TensorInfo;
  srcIdx?: TensorInfo;
  perm?: TensorInfo;
  ranges?: TensorInfo;
  /** V2's second output. */
  sortedUniqueIndices?: TensorInfo;
  /** Intermediates to dispose. */
  temps: TensorInfo[];
}

export function segmentGradKernel(op: SegmentGradOp): KernelFunc {
  const {reduction, v2: isV2} = SEGMENT_GRAD_OPS[op];
  return ({inputs, backend}) => {
    const webgl = webglBackend(backend);
    const {grad, indices, segmentIds, geometry} =
        checkSegmentGradCall(op, isV2, inputs, t => scalarValue(webgl, t));
    const rowShape = geometry.denseShape.slice(1);
    // V1's output is dense (V2's has one row per distinct index, at most N).
    if (!isV2) checkTextureSize(op, geometry.denseShape, 'float32');
    if (geometry.isEmpty) {
      if (isV2) {
        return [
          webgl.makeTensorInfo([0, ...rowShape], 'float32', new Float32Array(0)),
          webgl.makeTensorInfo([0], 'int32', new Int32Array(0))
        ];
      }
      // TF leaves this buffer unwritten when N == 0 < M; zeros are the answer.
      return zeros(webgl, geometry.denseShape, 'float32');
    }
    const m = geometry.outputDim0;
    const numSegments = geometry.numSegments;
    let values: Call['values'] = null;
    const temps: Array<TensorInfo|null> = [];
    try {
      // The programs read the indices and segment ids exactly: as tfjs's
      // float textures below 2^24, else as exact uploads of their values.
      let indicesInput = indices;
      let segmentIdsInput = segmentIds;
      if (shouldValidate()) {
        values = {
          indices: readIndices(webgl, indices, op, 'indices', m),
          segmentIds: readIndices(webgl, segmentIds, op, 'segment_ids', numSegments)
        };
        checkSegmentGradIndices(op, reduction, isV2, values.indices, values.segmentIds, geometry);
        const exactIndices = exactIndexInput(webgl, indices, values.indices);
        const exactSegmentIds = exactIndexInput(webgl, segmentIds, values.segmentIds);
        temps.push(exactIndices.temp, exactSegmentIds.temp);
        indicesInput = exactIndices.input;
        segmentIdsInput = exactSegmentIds.input;
      } else {
        checkFloatIndexRange(op, 'indices', m);
        checkFloatIndexRange(op, 'segment_ids', numSegments);
      }
      const call: Call = {
        webgl,
        mode: scatterMode(webgl),
        grad,
        indices: indicesInput,
        segmentIds: segmentIdsInput,
        n: geometry.numIndices,
        m,
        numSegments,
        rowSize: geometry.innerSize,
        values,
      };
      const scale = reduction === 'sum' ? null : segmentScales(call, reduction);
      temps.push(scale);
      const plan = isV2 ? (values != null ? cpuPlanV2(call) : gpuPlanV2(call)) :
                          (values != null ? cpuPlanV1(call) : gpuPlanV1(call));
      temps.push(...plan.temps);
      const out = sumRows(call, plan, scale, [plan.numRows, ...rowShape]);
      return isV2 ? [out, plan.sortedUniqueIndices!] : out;
    } finally {
      disposeAll(webgl, temps);
    }
  };
}

/** Runs the blend or gather path over a plan. */
function sumRows(
    call: Call, plan: RowPlan, scale: TensorInfo|null, outShape: number[]): TensorInfo {
  const {webgl, grad, segmentIds, rowSize} = call;
  if (call.mode === 'blend') {
    const out = scatterTarget(webgl, outShape, rowSize);
    scatterDraw(webgl, {
      out,
      clear: true,
      dstRows: plan.numRows,
      rowSize,
      dstIdx: plan.dstIdx!,
      count: call.n,
      src: grad,
      srcIdx: plan.srcIdx!,
      srcRows: call.numSegments,
      scale,
      blend: true,
    });
    return out;
  }
  const inputs = [grad, plan.ranges!, plan.perm!, segmentIds];
  if (scale != null) inputs.push(scale);
  return runProgram(
      webgl, gatherRowsProgram({scaled: scale != null}), inputs, 'float32',
      {outputShape: outShape, uniforms: {numRows: plan.numRows, rowSize}});
}

// ---- plans from the validated int32 values (CPU index metadata) ------------

function gatherPlan(call: Call, rowOfPair: ArrayLike<number>, numRows: number): RowPlan {
  const {perm, ranges} = orderByRow(rowOfPair, numRows);
  const permInfo = uploadInt32(call.webgl, perm);
  const rangesInfo = uploadInt32(call.webgl, ranges);
  return {numRows, perm: permInfo, ranges: rangesInfo, temps: [permInfo, rangesInfo]};
}

function cpuPlanV1(call: Call): RowPlan {
  if (call.mode === 'blend') {
    // Input order is the draw order: nothing to build.
    return {numRows: call.m, dstIdx: call.indices, srcIdx: call.segmentIds, temps: []};
  }
  return gatherPlan(call, call.values!.indices, call.m);
}

/** V2 on the CPU metadata: TF's sorted distinct indices and each pair's row. */
function cpuPlanV2(call: Call): RowPlan {
  const {sortedUniqueIndices, uniqueIdOfPair} = uniqueSortedIndices(call.values!.indices);
  const numRows = sortedUniqueIndices.length;
  const unique = call.webgl.makeTensorInfo([numRows], 'int32', sortedUniqueIndices);
  if (call.mode === 'blend') {
    const dstIdx = uploadInt32(call.webgl, uniqueIdOfPair);
    return {numRows, dstIdx, srcIdx: call.segmentIds, sortedUniqueIndices: unique, temps: [dstIdx]};
  }
  return {...gatherPlan(call, uniqueIdOfPair, numRows), sortedUniqueIndices: unique};
}

// ---- plans built on the GPU (validation off) -------------------------------

function gpuPlanV1(call: Call): RowPlan {
  const {webgl, indices, segmentIds, n, m, numSegments} = call;
  if (call.mode === 'blend') {
    return {numRows: m, dstIdx: indices, srcIdx: segmentIds, temps: []};
  }
  const keys = sortKeys(webgl, indices, segmentIds, n, m, numSegments);
  const {perm, sortedKeys} = sortByKey(webgl, keys, n);
  const ranges = lowerBounds(webgl, sortedKeys, n, 0, m + 1);
  return {numRows: m, perm, ranges, temps: [keys, perm, sortedKeys, ranges]};
}

/**
 * V2 on the GPU: sort the pairs by index; the runs of equal indices are the
 * output rows, in ascending index order. Reads back the number of runs.
 */
function gpuPlanV2(call: Call): RowPlan {
  const {webgl, indices, segmentIds, n, m, numSegments} = call;
  const keys = sortKeys(webgl, indices, segmentIds, n, m, numSegments);
  const {perm, sortedKeys} = sortByKey(webgl, keys, n);
  const {runs, lastKey} = numberRuns(webgl, sortedKeys, n);
  const temps = [keys, perm, sortedKeys, runs.runNumber];
  // Invalid pairs form a last run of sentinel keys: not an output row.
  const numRows = runs.numRuns - (lastKey >= SENTINEL_KEY / 2 ? 1 : 0);
  const sortedUniqueIndices = runKeys(webgl, runs, sortedKeys, n, numRows);
  if (call.mode === 'blend') {
    // Drawn in sorted order, which keeps input order within each row.
    const dstIdx = runProgram(
        webgl, SORTED_DST_ROWS, [runs.runNumber, sortedKeys], 'int32',
        {outputShape: [n], uniforms: {n}});
    const srcIdx =
        runProgram(webgl, PERMUTE, [perm, segmentIds], 'int32', {outputShape: [n], uniforms: {n}});
    return {numRows, dstIdx, srcIdx, sortedUniqueIndices, temps: [...temps, dstIdx, srcIdx]};
  }
  const ranges = lowerBounds(webgl, runs.runNumber, n, 1, numRows + 1);
  return {numRows, perm, ranges, sortedUniqueIndices, temps: [...temps, ranges]};
}

// ---- segment scales ----------------------------------------------------------

/**
 * The scale of each segment (1 / count or 1 / sqrt(count)), computed on the
 * GPU with integer arithmetic from the number of pairs of each segment. The
 * counts come from the validated segment ids when they were read back;
 * else they are counted on the GPU (pairs with an index or segment id out
 * of range are skipped): by additive blending (blend path) or from the runs
 * of the sorted segment ids (gather path).
 */
function segmentScales(call: Call, reduction: SegmentReduction): TensorInfo {
  const {webgl, indices, segmentIds, n, m, numSegments} = call;
  const temps: TensorInfo[] = [];
  try {
    let countInputs: TensorInfo[];
    let fromRuns = false;
    if (call.values != null) {
      const counts = new Int32Array(numSegments);
      for (let i = 0; i < n; i++) {
        counts[call.values.segmentIds[i]]++;
      }
      // tfjs-webgl holds int32 in float32: split counts of 2^24 or more.
      countInputs = [];
      let rest = counts;
      do {
        const part = rest.map(c => Math.min(c, MAX_PAIRS_PER_COUNT - 1));
        countInputs.push(uploadInt32(webgl, part));
        rest = rest.map((c, s) => c - part[s]);
      } while (rest.some(c => c > 0));
      temps.push(...countInputs);
    } else if (call.mode === 'blend') {
      countInputs = [];
      for (let first = 0; first < n; first += MAX_PAIRS_PER_COUNT) {
        const counts = scatterTarget(webgl, [numSegments], 1);
        temps.push(counts);
        countInputs.push(counts);
        scatterDraw(webgl, {
          out: counts,
          clear: true,
          dstRows: numSegments,
          rowSize: 1,
          dstIdx: segmentIds,
          first,
          count: Math.min(MAX_PAIRS_PER_COUNT, n - first),
          src: null,
          srcIdx: indices,  // only to skip pairs with a bad index
          srcRows: m,
          scale: null,
          blend: true,
        });
      }
    } else {
      // Keyed by segment id; a pair with a bad index sorts last too.
      const keys = sortKeys(webgl, segmentIds, indices, n, numSegments, m);
      const {perm, sortedKeys} = sortByKey(webgl, keys, n);
      const runStarts = lowerBounds(webgl, sortedKeys, n, 0, numSegments + 1);
      temps.push(keys, perm, sortedKeys, runStarts);
      countInputs = [runStarts];
      fromRuns = true;
    }
    return runProgram(
        webgl, segmentScaleProgram(reduction, countInputs.length, fromRuns), countInputs, 'float32',
        {outputShape: [numSegments], uniforms: {numSegments}});
  } finally {
    disposeAll(webgl, temps);
  }
}
