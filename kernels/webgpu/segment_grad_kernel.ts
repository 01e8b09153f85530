/**
 * The webgpu kernel function shared by `SparseSegment{Sum,Mean,SqrtN}Grad`
 * and their `V2`s. Deterministic, and bit-identical to the cpu kernel:
 *
 * 1. Stable radix sort of the (index, segment id) pairs by index
 *    (radix_sort.ts); pairs with an out-of-range index or segment id sort
 *    last and are never read.
 * 2. Mean/SqrtN: pairs per segment (integer atomics) and each segment's
 *    float32 scale from a count-indexed table (scale_table.ts).
 * 3. Where each output row's pairs start (binary search per row).
 * 4. One invocation per (output row, 4 columns) adds the row's scaled grad
 *    rows in input order, the cpu kernel's order, and writes them once.
 *
 * Validation: with `SPARSE_GRAD_VALIDATE` on and both index inputs held on
 * the CPU, TF's checks run on those values first (the cpu kernel's errors,
 * in its order). When either lives only on the GPU, reading it back would
 * take a synchronous readback, so the kernel skips invalid pairs instead
 * (warning once); the `...Async` ops read the values back first and
 * validate. V2 needs the indices on the CPU to size its output (the unique
 * count) and raises an error naming the async op otherwise.
 */
import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import type {KernelFunc, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';

import {COUNT_CHUNK, countSegmentsSource, reduceRowsSource, ReduceRowsConstants, rowStartsSource, segmentScalesSource} from '../../shaders/webgpu/segment_grad.wgsl';
import {shouldValidate} from '../../src/flags';
import type {SegmentReduction} from '../../src/kernel_names';
import {getInputs} from '../../src/validation/inputs';
import {checkSegmentGradDtypes, checkSegmentGradIndices, checkSegmentGradShapes} from '../../src/validation/sparse_segment_grad';

import {fillZeros, zeros} from './fill';
import {sortPairs} from './radix_sort';
import {scaleTable} from './scale_table';
import {runProgram} from './webgpu_program';
import {disposeAll, gpuResidentError, hostScalar, hostValues, HostValueKeeper, warnUnvalidated} from './webgpu_util';

const WORKGROUP = 64;
/**
 * Most loads (vec4 or scalar) one reduce invocation makes per pair: 4 vec4s
 * = 16 columns share one read of the pair's segment id and scale. (On
 * SwiftShader, 4 measured 2x faster than 1; 8 and 16 were no better.)
 */
const LOADS = 4;

/** The public op that validates with GPU-resident indices, for messages. */
function asyncName(reduction: SegmentReduction, isV2: boolean): string {
  const name = {sum: 'Sum', mean: 'Mean', sqrtn: 'SqrtN'}[reduction];
  return `sparseSegment${name}Grad${isV2 ? 'V2' : ''}Async`;
}

export function sparseSegmentGradWebGPU(
    op: string, reduction: SegmentReduction, isV2: boolean): KernelFunc {
  return ({inputs, backend}) => {
    const gpu = backend as WebGPUBackend;
    const dimName = isV2 ? 'denseOutputDim0' : 'outputDim0';
    const [grad, indices, segmentIds, outputDim0] =
        getInputs(op, inputs, ['grad', 'indices', 'segmentIds', dimName]);
    checkSegmentGradDtypes(op, grad, indices, segmentIds, outputDim0);
    const alternative = asyncName(reduction, isV2);
    const geometry = checkSegmentGradShapes(
        op, isV2, grad, indices, segmentIds, outputDim0,
        () => hostScalar(gpu, op, outputDim0, dimName, alternative));
    const rowShape = geometry.denseShape.slice(1);

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
    if (validate) {
      if (indexValues != null && segmentIdValues != null) {
        checkSegmentGradIndices(
            op, reduction, isV2, indexValues, segmentIdValues, geometry);
      } else {
        warnUnvalidated(op, alternative);
      }
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
      let numRows = geometry.outputDim0;
      let sortedUniqueIndices: TensorInfo|null = null;
      if (isV2) {
        const unique = uniqueValid(indexValues!, geometry.outputDim0);
        numRows = unique.sorted.length;
        sortedUniqueIndices =
            gpu.makeTensorInfo([numRows], 'int32', unique.sorted);
        rowKeys = gpu.makeTensorInfo(
            [geometry.numIndices], 'int32', unique.rowOfPair);
        temporaries.push(rowKeys);
      }
      const outShape = [numRows, ...rowShape];
      const out = gpu.makeTensorInfo(outShape, 'float32');
      if (geometry.innerSize === 0 || numRows === 0) {
        // No columns (or, V2 without validation, no valid index): empty or
        // all-zero output; nothing to sort.
        fillZeros(gpu, out);
      } else {
        reduceSegmentGrad(
            gpu, reduction, grad, rowKeys, segmentIds, numRows, geometry.numIndices,
            geometry.numSegments, geometry.innerSize, out, temporaries);
      }
      return isV2 ? [out, sortedUniqueIndices!] : out;
    } finally {
      disposeAll(gpu, temporaries);
      keeper.restore();
    }
  };
}

/** Steps 1 to 4 above, writing `out` (`[numRows, innerSize]` elements). */
function reduceSegmentGrad(
    gpu: WebGPUBackend, reduction: SegmentReduction, grad: TensorInfo,
    rowKeys: TensorInfo, segmentIds: TensorInfo, numRows: number,
    numPairs: number, numSegments: number, innerSize: number,
    out: TensorInfo, temporaries: TensorInfo[]): void {
  const pairs = sortPairs(gpu, rowKeys, segmentIds, numPairs, numRows, numSegments);
  temporaries.push(pairs);

  let segScale: TensorInfo|null = null;
  if (reduction !== 'sum') {
    const counts = fillZeros(gpu, gpu.makeTensorInfo([numSegments], 'int32'));
    temporaries.push(counts);
    runProgram(gpu, {
      name: 'countSegments',
      constants: {},
      source: countSegmentsSource,
      variableNames: ['keys', 'segments'],
      workgroupSize: WORKGROUP,
      atomic: true,
      uniforms: 'n : i32, numChunks : i32, keyLimit : i32, numSegments : i32,',
    }, [rowKeys, segmentIds], 'int32', {
      invocations: Math.ceil(numPairs / COUNT_CHUNK),
      uniforms: [numPairs, Math.ceil(numPairs / COUNT_CHUNK), numRows, numSegments],
      output: counts,
    });
    // A segment has at most numPairs pairs.
    const table = scaleTable(gpu, reduction, numPairs + 1);
    segScale = runProgram(gpu, {
      name: 'segmentScales',
      constants: {},
      source: segmentScalesSource,
      variableNames: ['counts', 'table'],
      workgroupSize: WORKGROUP,
      uniforms: 'numSegments : i32, tableSize : i32,',
    }, [counts, table], 'float32', {
      invocations: numSegments,
      uniforms: [numSegments, table.shape[0]],
      outputSize: numSegments,
    });
    temporaries.push(segScale);
  }

  const rowStarts = runProgram(gpu, {
    name: 'rowStarts',
    constants: {},
    source: rowStartsSource,
    variableNames: ['pairs'],
    workgroupSize: WORKGROUP,
    uniforms: 'n : i32, numRows : i32,',
  }, [pairs], 'int32', {
    invocations: numPairs + 1,
    uniforms: [numPairs, numRows],
    outputSize: numRows + 1,
  });
  temporaries.push(rowStarts);

  // Four columns per load when rows are whole vec4s; as many loads per
  // invocation as divide the row (up to LOADS).
  const width = innerSize % 4 === 0 ? 4 : 1;
  const cols = innerSize / width;
  let loads = LOADS;
  while (cols % loads !== 0) loads >>= 1;
  const scaled = segScale != null;
  runProgram<ReduceRowsConstants>(gpu, {
    name: 'reduceRows',
    constants: {mode: scaled ? 'scaled' : 'sum', width, loads},
    source: reduceRowsSource,
    variableNames: scaled ? ['pairs', 'rowStarts', 'grad', 'segScale'] :
                            ['pairs', 'rowStarts', 'grad'],
    variableComponents: scaled ? [1, 1, width, 1] : [1, 1, width],
    outputComponent: width,
    workgroupSize: WORKGROUP,
    uniforms: 'numRows : i32, cols : i32,',
  }, scaled ? [pairs, rowStarts, grad, segScale!] : [pairs, rowStarts, grad],
     'float32', {
       invocations: numRows * cols / loads,
       uniforms: [numRows, cols],
       output: out,
     });
}

/**
 * V2's rows: the distinct indices in [0, m), ascending, and for each pair
 * the row of its index (`sorted.length`, i.e. skipped, when out of range).
 * With validated input every index is in range and this is the cpu
 * kernel's `uniqueSortedIndices`.
 */
function uniqueValid(indices: TypedArray, m: number):
    {sorted: Int32Array, rowOfPair: Int32Array} {
  const valid = Int32Array.from(indices).filter(v => v >= 0 && v < m).sort();
  let numUnique = 0;
  for (let k = 0; k < valid.length; k++) {
    if (k === 0 || valid[k] !== valid[k - 1]) {
      valid[numUnique++] = valid[k];
    }
  }
  const sorted = valid.slice(0, numUnique);
  const rowOfPair = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const v = indices[i];
    let lo = 0;
    let hi = numUnique;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    rowOfPair[i] = lo < numUnique && sorted[lo] === v ? lo : numUnique;
  }
  return {sorted, rowOfPair};
}
