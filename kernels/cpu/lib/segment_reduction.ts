/**
 * The cpu kernel function shared by the forward ops this package adds:
 * `SparseSegmentSqrtN` and `SparseSegment{Sum,Mean,SqrtN}WithNumSegments`.
 */
import {SEGMENT_REDUCTION_OPS, SegmentReductionOp} from '../../shared/op_families';
import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {kernelInputs} from '../../../src/op_registry';
import {checkSegmentReductionDtypes, checkSegmentReductionIndices, checkSegmentReductionShapes} from '../../../src/validation/sparse_segment_reduction';

import {scalarValue, cpuValues} from './backend_util';
import {sparseSegmentReductionImpl} from '../../shared/sparse_segment_reduction_impl';

export function segmentReductionKernel(op: SegmentReductionOp): KernelFunc {
  const reduction = SEGMENT_REDUCTION_OPS[op];
  return ({inputs, backend}): TensorInfo => {
    const cpu = backend as MathBackendCPU;
    const [data, indices, segmentIds, numSegments = null] = kernelInputs(op, inputs);
    checkSegmentReductionDtypes(op, reduction, data, indices, segmentIds, numSegments);
    const indexValues = cpuValues(cpu, indices);
    const segmentIdValues = cpuValues(cpu, segmentIds);
    const geometry = checkSegmentReductionShapes(
        op, data, indices, segmentIds, numSegments, () => scalarValue(cpu, numSegments!),
        segmentIdValues);
    checkSegmentReductionIndices(op, indexValues, segmentIdValues, geometry);
    const out = sparseSegmentReductionImpl(
        op, reduction, cpuValues(cpu, data) as Float32Array | Int32Array, indexValues,
        segmentIdValues, geometry);
    return cpu.makeTensorInfo(geometry.outputShape, data.dtype, out);
  };
}
