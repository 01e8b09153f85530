/**
 * The webgl kernel function shared by `SparseSegment{Sum,Mean,SqrtN}Grad`
 * and their `V2`s.
 *
 * Two GPU paths (flag `SPARSE_GRAD_WEBGL_SCATTER`):
 * - blend: one instanced draw scatter-adds every pair's scaled grad row
 *   into its output row with additive blending, O(N x D). Blending adds in
 *   draw order, so each output element sums in input order, bit-identical
 *   to the cpu kernel.
 * - gather: the pairs are sorted by output row on the GPU (stable), and one
 *   fragment per output element adds its row's contributions in input
 *   order. Needs no blending; bit-identical where the GPU does not fuse
 *   the multiply and add (SwiftShader does not).
 * V2 always sorts (its outputs are the distinct indices) and reads back one
 * number, the distinct count, which sizes the output.
 *
 * Validation (flag `SPARSE_GRAD_VALIDATE`) reads back the int32 `indices`
 * and `segmentIds` and runs the cpu kernel's checks; the float data never
 * leaves the GPU. Without it, pairs with an index or segment id out of
 * range are skipped.
 */
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {shouldValidate} from '../../src/flags';
import type {SegmentReduction} from '../../src/kernel_names';
import {getInputs} from '../../src/validation/inputs';
import {checkSegmentGradDtypes, checkSegmentGradIndices, checkSegmentGradShapes} from '../../src/validation/sparse_segment_grad';
import {SENTINEL_KEY} from '../../shaders/webgl/common.glsl';
import {gatherRowsSource, PERMUTE_SOURCE, segmentScaleSource, SORTED_DST_ROWS_SOURCE} from '../../shaders/webgl/segment_grad.glsl';

import {lowerBounds, numberRuns, runKeys, sortByKey, sortKeys, zeros} from './gpu_primitives';
import {scatterDraw, scatterTarget} from './scatter_draw';
import {scatterMode} from './scatter_mode';
import {disposeAll, readInt32, readScalar, runProgram, uploadInt32, WebGLBackend} from './webgl_util';

/** Float32 counts are exact below 2^24: count larger inputs in chunks. */
const MAX_PAIRS_PER_COUNT = 1 << 24;

export function sparseSegmentGradKernelFunc(
    op: string, reduction: SegmentReduction, isV2: boolean): KernelFunc {
  return ({inputs, backend}) => {
    const webgl = backend as WebGLBackend;
    const [grad, indices, segmentIds, outputDim0] = getInputs(
        op, inputs,
        ['grad', 'indices', 'segmentIds',
         isV2 ? 'denseOutputDim0' : 'outputDim0']);
    checkSegmentGradDtypes(op, grad, indices, segmentIds, outputDim0);
    const geometry = checkSegmentGradShapes(
        op, isV2, grad, indices, segmentIds, outputDim0,
        () => readScalar(webgl, outputDim0));
    const rowShape = geometry.denseShape.slice(1);
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
    // Validation reads the int32 ids back; the segment sizes then come
    // from them for free (index metadata), instead of a GPU counting pass.
    let segmentIdValues: Int32Array|null = null;
    if (shouldValidate()) {
      segmentIdValues = readInt32(webgl, segmentIds);
      checkSegmentGradIndices(
          op, reduction, isV2, readInt32(webgl, indices), segmentIdValues,
          geometry);
    }

    const n = geometry.numIndices;
    const numSegments = geometry.numSegments;
    const rowSize = geometry.innerSize;
    const mode = scatterMode(webgl);
    const scale = reduction === 'sum' ?
        null :
        segmentScales(
            webgl, reduction, mode, indices, segmentIds, segmentIdValues, n,
            geometry.outputDim0, numSegments);
    try {
      if (!isV2) {
        const m = geometry.outputDim0;
        if (mode === 'blend') {
          const out = scatterTarget(webgl, geometry.denseShape, rowSize);
          scatterDraw(webgl, {
            out,
            clear: true,
            dstRows: m,
            rowSize,
            dstIdx: indices,
            count: n,
            src: grad,
            srcIdx: segmentIds,
            srcRows: numSegments,
            scale,
            blend: true,
          });
          return out;
        }
        const keys = sortKeys(webgl, indices, segmentIds, n, m, numSegments);
        const {perm, sortedKeys} = sortByKey(webgl, keys, n);
        const ranges = lowerBounds(webgl, sortedKeys, n, 0, m + 1);
        const out = gatherRows(
            webgl, grad, ranges, perm, segmentIds, scale, m, rowSize,
            geometry.denseShape);
        disposeAll(webgl, [keys, perm, sortedKeys, ranges]);
        return out;
      }
      return gradV2(
          webgl, mode, grad, indices, segmentIds, scale, geometry.outputDim0,
          n, numSegments, rowShape);
    } finally {
      disposeAll(webgl, [scale]);
    }
  };
}

/**
 * V2: sort the pairs by index; the runs of equal indices are the output
 * rows, in ascending index order.
 */
function gradV2(
    webgl: WebGLBackend, mode: 'blend'|'gather', grad: TensorInfo,
    indices: TensorInfo, segmentIds: TensorInfo, scale: TensorInfo|null,
    m: number, n: number, numSegments: number,
    rowShape: number[]): TensorInfo[] {
  const rowSize = rowShape.reduce((a, b) => a * b, 1);
  const keys = sortKeys(webgl, indices, segmentIds, n, m, numSegments);
  const {perm, sortedKeys} = sortByKey(webgl, keys, n);
  const {runs, lastKey} = numberRuns(webgl, sortedKeys, n);
  // Invalid pairs (only without validation) form a last run of sentinels.
  const numUnique = runs.numRuns - (lastKey >= SENTINEL_KEY / 2 ? 1 : 0);
  const temps: TensorInfo[] = [keys, perm, sortedKeys, runs.runNumber];
  try {
    const sortedUniqueIndices = runKeys(webgl, runs, sortedKeys, n, numUnique);
    const outShape = [numUnique, ...rowShape];
    if (mode === 'blend') {
      const dstRows = runProgram(
          webgl, {
            variableNames: ['A', 'K'],
            outputShape: [n],
            userCode: SORTED_DST_ROWS_SOURCE,
            uniforms: [{name: 'n', type: 'int', value: n}],
          },
          [runs.runNumber, sortedKeys], 'int32');
      const srcRows = runProgram(
          webgl, {
            variableNames: ['P', 'S'],
            outputShape: [n],
            userCode: PERMUTE_SOURCE,
            uniforms: [{name: 'n', type: 'int', value: n}],
          },
          [perm, segmentIds], 'int32');
      temps.push(dstRows, srcRows);
      const out = scatterTarget(webgl, outShape, rowSize);
      // Sorted order keeps input order within each output row.
      scatterDraw(webgl, {
        out,
        clear: true,
        dstRows: numUnique,
        rowSize,
        dstIdx: dstRows,
        count: n,
        src: grad,
        srcIdx: srcRows,
        srcRows: numSegments,
        scale,
        blend: true,
      });
      return [out, sortedUniqueIndices];
    }
    const ranges = lowerBounds(webgl, runs.runNumber, n, 1, numUnique + 1);
    temps.push(ranges);
    const out = gatherRows(
        webgl, grad, ranges, perm, segmentIds, scale, numUnique, rowSize,
        outShape);
    return [out, sortedUniqueIndices];
  } finally {
    disposeAll(webgl, temps);
  }
}

/** The gather path: each output element sums its row's sorted range. */
function gatherRows(
    webgl: WebGLBackend, grad: TensorInfo, ranges: TensorInfo,
    perm: TensorInfo, segmentIds: TensorInfo, scale: TensorInfo|null,
    numRows: number, rowSize: number, outShape: number[]): TensorInfo {
  const inputs = [grad, ranges, perm, segmentIds];
  if (scale != null) inputs.push(scale);
  return runProgram(
      webgl, {
        variableNames: scale != null ? ['G', 'R', 'P', 'S', 'W'] :
                                       ['G', 'R', 'P', 'S'],
        outputShape: outShape,
        userCode: gatherRowsSource(scale != null),
        uniforms: [
          {name: 'numRows', type: 'int', value: numRows},
          {name: 'rowSize', type: 'int', value: rowSize},
        ],
      },
      inputs, 'float32');
}

/**
 * The scale of each segment (1 / count or 1 / sqrt(count)) on the GPU, from
 * the number of pairs of each segment. The counts come from the validated
 * segment ids when they were read back; else they are counted on the GPU
 * (pairs with an index or segment id out of range are skipped): by
 * additive blending (blend path) or from the runs of the sorted segment ids
 * (gather path).
 */
function segmentScales(
    webgl: WebGLBackend, reduction: SegmentReduction, mode: 'blend'|'gather',
    indices: TensorInfo, segmentIds: TensorInfo,
    segmentIdValues: Int32Array|null, n: number, m: number,
    numSegments: number): TensorInfo {
  const temps: TensorInfo[] = [];
  try {
    let countInputs: TensorInfo[];
    if (segmentIdValues != null) {
      const counts = new Int32Array(numSegments);
      for (let i = 0; i < n; i++) {
        counts[segmentIdValues[i]]++;
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
    } else if (mode === 'blend') {
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
      temps.push(keys, perm, sortedKeys);
      const runStarts = lowerBounds(webgl, sortedKeys, n, 0, numSegments + 1);
      temps.push(runStarts);
      countInputs = [runStarts];
    }
    const fromRuns = segmentIdValues == null && mode === 'gather';
    return runProgram(
        webgl, {
          variableNames: fromRuns ? ['R'] : countInputs.map((_, k) => `C${k}`),
          outputShape: [numSegments],
          userCode: segmentScaleSource(reduction, countInputs.length, fromRuns),
          uniforms: [{name: 'numSegments', type: 'int', value: numSegments}],
        },
        countInputs, 'float32');
  } finally {
    disposeAll(webgl, temps);
  }
}
