/**
 * Gradients of the sparse segment reductions with respect to `data`, as
 * TensorFlow's `math_grad.py` defines them: each forward op's gradient is the
 * matching raw grad op, with `outputDim0 = data.shape[0]`. Integer inputs
 * get zero gradients (tfjs requires float32 gradients of their shape).
 *
 * Forward kernels: tfjs's `SparseSegmentSum` and `SparseSegmentMean`, and
 * this package's `SparseSegmentSqrtN` and `...WithNumSegments` ops.
 */
import {zeros} from '@tensorflow/tfjs-core';
import type {GradConfig, Tensor} from '@tensorflow/tfjs-core';

import {SparseSegmentMean, SparseSegmentMeanWithNumSegments, SparseSegmentSqrtN, SparseSegmentSqrtNWithNumSegments, SparseSegmentSum, SparseSegmentSumWithNumSegments} from '../kernel_names';
import {sparseSegmentMeanGrad, sparseSegmentSqrtNGrad, sparseSegmentSumGrad} from '../ops/sparse_segment_grad';

type SegmentGradOp = typeof sparseSegmentSumGrad;

function segmentReductionGrad(
    kernelName: string, gradOp: SegmentGradOp, hasNumSegments: boolean): GradConfig {
  const inputsToSave = ['data', 'indices', 'segmentIds'];
  if (hasNumSegments) {
    inputsToSave.push('numSegments');
  }
  return {
    kernelName,
    inputsToSave,
    gradFunc: (dy: Tensor|Tensor[], saved: Tensor[]) => {
      const [data, indices, segmentIds, numSegments] = saved;
      const grads: {[inputName: string]: () => Tensor} = {
        data: () => gradOp(dy as Tensor, indices, segmentIds, data.shape[0]),
        indices: () => zeros(indices.shape, 'float32'),
        segmentIds: () => zeros(segmentIds.shape, 'float32'),
      };
      if (hasNumSegments) {
        grads.numSegments = () => zeros(numSegments.shape, 'float32');
      }
      return grads;
    }
  };
}

export const sparseSegmentReductionGradConfigs: GradConfig[] = [
  segmentReductionGrad(SparseSegmentSum, sparseSegmentSumGrad, false),
  segmentReductionGrad(SparseSegmentMean, sparseSegmentMeanGrad, false),
  segmentReductionGrad(SparseSegmentSqrtN, sparseSegmentSqrtNGrad, false),
  segmentReductionGrad(SparseSegmentSumWithNumSegments, sparseSegmentSumGrad, true),
  segmentReductionGrad(SparseSegmentMeanWithNumSegments, sparseSegmentMeanGrad, true),
  segmentReductionGrad(SparseSegmentSqrtNWithNumSegments, sparseSegmentSqrtNGrad, true),
];
