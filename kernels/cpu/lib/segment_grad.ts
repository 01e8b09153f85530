/**
 * The cpu kernel function shared by `SparseSegment{Sum,Mean,SqrtN}Grad` and
 * their `V2`s: TF's validation, then the bit-exact scatter of
 * `kernels/shared/sparse_segment_grad_impl.ts`.
 */
import {SEGMENT_GRAD_OPS, SegmentGradOp} from '../../shared/op_families';
import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import type {KernelFunc} from '@tensorflow/tfjs-core';

import {checkSegmentGradCall, checkSegmentGradIndices} from '../../../src/validation/sparse_segment_grad';

import {scalarValue, cpuValues} from './backend_util';
import {scatterSegmentGrad, uniqueSortedIndices} from '../../shared/sparse_segment_grad_impl';

/**
 * Builds the kernel function of a segment-gradient op. V1 returns the
 * `[outputDim0, ...]` gradient; V2 returns `[output, sortedUniqueIndices]`,
 * one output row per distinct index.
 */
export function segmentGradKernel(op: SegmentGradOp): KernelFunc {
  const {reduction, v2: isV2} = SEGMENT_GRAD_OPS[op];
  return ({inputs, backend}) => {
    const cpu = backend as MathBackendCPU;
    const {grad, indices, segmentIds, geometry} =
        checkSegmentGradCall(op, isV2, inputs, t => scalarValue(cpu, t));
    const rowShape = geometry.denseShape.slice(1);

    if (geometry.isEmpty) {
      if (isV2) {
        return [
          cpu.makeTensorInfo([0, ...rowShape], 'float32', new Float32Array(0)),
          cpu.makeTensorInfo([0], 'int32', new Int32Array(0))
        ];
      }
      // TF leaves this buffer unwritten when N == 0 < M; zeros are the answer.
      return cpu.makeTensorInfo(
          geometry.denseShape, 'float32',
          new Float32Array(geometry.outputDim0 * geometry.innerSize));
    }

    const indexValues = cpuValues(cpu, indices);
    const segmentIdValues = cpuValues(cpu, segmentIds);
    checkSegmentGradIndices(op, reduction, isV2, indexValues, segmentIdValues, geometry);
    const gradValues = cpuValues(cpu, grad) as Float32Array;

    if (!isV2) {
      const out = scatterSegmentGrad(
          reduction, gradValues, indexValues, segmentIdValues, geometry.numSegments,
          geometry.outputDim0, geometry.innerSize);
      return cpu.makeTensorInfo(geometry.denseShape, 'float32', out);
    }
    // V2: TF sorts the pairs stably by index and runs V1 on unique ids; a
    // stable sort keeps each row's input order, so scattering by unique id in
    // input order gives the same bits without sorting the pairs.
    const {sortedUniqueIndices, uniqueIdOfPair} = uniqueSortedIndices(indexValues);
    const numUnique = sortedUniqueIndices.length;
    const out = scatterSegmentGrad(
        reduction, gradValues, uniqueIdOfPair, segmentIdValues, geometry.numSegments, numUnique,
        geometry.innerSize);
    return [
      cpu.makeTensorInfo([numUnique, ...rowShape], 'float32', out),
      cpu.makeTensorInfo([numUnique], 'int32', sortedUniqueIndices)
    ];
  };
}
