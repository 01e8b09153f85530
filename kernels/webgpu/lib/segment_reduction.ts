/**
 * The webgpu kernel function of the forward sparse segment reductions:
 * `SparseSegmentSqrtN`, `SparseSegment{Sum,Mean,SqrtN}WithNumSegments`, and
 * tfjs's own `SparseSegmentMean` / `SparseSegmentSum`, which this package
 * replaces on webgpu because tfjs's versions read the segment ids back
 * synchronously (breaking the WebGPU device once the ids live on the GPU).
 *
 * One invocation per (output row, 4 columns) reduces its segment in TF's CPU
 * order (segment_reduction.wgsl.ts); bit-identical to the cpu kernel where
 * the device's float32 division and sqrt are correctly rounded.
 *
 * The output has `numSegments` rows, or `segmentIds[N-1] + 1` without it:
 * the latter needs the ids on the CPU. Validation (sortedness, ranges) runs
 * on CPU-held values; with GPU-resident ids and a `numSegments`, entries
 * with an out-of-range index read as 0 and unsorted ids give unspecified
 * (but in-bounds and deterministic) rows.
 */
import {SEGMENT_REDUCTION_OPS, SegmentReductionOp} from '../../shared/op_families';
import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import {util} from '@tensorflow/tfjs-core';

import {segmentReductionProgram} from '../../../shaders/webgpu/segment_reduction.wgsl';
import {shouldValidate} from '../../../src/flags';
import type {SegmentReduction} from '../../../src/kernel_names';
import {asyncAlternative, kernelInputs} from '../../../src/op_registry';
import {checkSegmentReductionDtypes, checkSegmentReductionIndices, checkSegmentReductionShapes, SegmentReductionGeometry} from '../../../src/validation/sparse_segment_reduction';

import {fillZeros} from './fill';
import {runProgram} from './program';
import {poisonIfFlagged, reportIfFlagged, validityFlag} from './guard';
import {checkBufferSize, gpuResidentError, scalarValue, HostValueKeeper, hostValues} from './backend_util';


export function segmentReductionKernel(op: SegmentReductionOp): KernelFunc {
  const reduction = SEGMENT_REDUCTION_OPS[op];
  const alternative = asyncAlternative(op);
  return ({inputs, backend}): TensorInfo => {
    const gpu = backend as WebGPUBackend;
    const [data, indices, segmentIds, numSegments = null] = kernelInputs(op, inputs);
    checkSegmentReductionDtypes(op, reduction, data, indices, segmentIds, numSegments);
    const indexValues = hostValues(gpu, indices);
    const segmentIdValues = hostValues(gpu, segmentIds);
    const numIndices = indices.shape[0] ?? 0;
    const readNumSegments = () => scalarValue(gpu, op, numSegments!, 'numSegments', alternative);
    // The shape checks read only the last id (to size or bound the output),
    // after the rank checks. On the GPU it cannot be read: without
    // numSegments that is an error; with it, assume the last id fits.
    const idsForShapes =
        segmentIdValues ?? Object.defineProperty({length: numIndices}, numIndices - 1, {
          get: () => {
            if (numSegments == null) {
              throw gpuResidentError(op, 'segmentIds', alternative);
            }
            return Math.max(0, readNumSegments() - 1);
          }
        }) as unknown as number[];
    const geometry = checkSegmentReductionShapes(
        op, data, indices, segmentIds, numSegments, readNumSegments, idsForShapes);
    const validate = shouldValidate() && numIndices > 0;
    // Index values on the GPU are checked there (lib/guard.ts).
    const guarded = validate && (indexValues == null || segmentIdValues == null);
    if (validate && !guarded) {
      checkSegmentReductionIndices(op, indexValues!, segmentIdValues!, geometry);
    }

    checkBufferSize(gpu, op, geometry.outputShape, data.dtype);
    const out = gpu.makeTensorInfo(geometry.outputShape, data.dtype);
    reduce(gpu, reduction, data, indices, segmentIds, numSegments, geometry, out);
    if (guarded) {
      const flag = validityFlag(
          gpu, 'segmentReduction', [indices, segmentIds], numIndices, geometry.numDataRows,
          geometry.outputRows);
      poisonIfFlagged(gpu, flag, [out]);
      // The host checks on the values the GPU had: TF's shape checks of the
      // last id first (they assumed it fits), then every entry.
      const numSegmentsValue = numSegments != null ? readNumSegments() : 0;
      reportIfFlagged(gpu, op, alternative, flag, [indices, segmentIds], ([i, s]) => {
        const checked = checkSegmentReductionShapes(
            op, data, indices, segmentIds, numSegments, () => numSegmentsValue, s);
        checkSegmentReductionIndices(op, i, s, checked);
      });
    }
    return out;
  };
}

/** Writes the reduction into `out` (entries out of range read as zeros). */
function reduce(
    gpu: WebGPUBackend, reduction: SegmentReduction, data: TensorInfo, indices: TensorInfo,
    segmentIds: TensorInfo, numSegments: TensorInfo|null, geometry: SegmentReductionGeometry,
    out: TensorInfo): void {
  const numIndices = indices.shape[0] ?? 0;
  const d = geometry.innerSize;
  if (numIndices === 0 || util.sizeFromShape(geometry.outputShape) === 0 ||
      geometry.numDataRows === 0) {
    fillZeros(gpu, out);
    return;
  }
  const keeper = new HostValueKeeper(gpu);
  keeper.keep(indices, segmentIds, ...(numSegments != null ? [numSegments] : []));
  try {
    const width = d % 4 === 0 ? 4 : 1;
    const cols = d / width;
    runProgram(
        gpu,
        segmentReductionProgram(
            {reduction, dtype: data.dtype === 'int32' ? 'int32' : 'float32', width}),
        [data, indices, segmentIds], data.dtype, {
          invocations: geometry.outputRows * cols,
          uniforms: {
            n: numIndices,
            numRows: geometry.outputRows,
            cols,
            numDataRows: geometry.numDataRows
          },
          output: out,
        });
  } finally {
    keeper.restore();
  }
}
