/** Every webgl kernel of this package. */
import type {KernelConfig} from '@tensorflow/tfjs-core';

import {sparseSegmentMeanGradConfig} from './SparseSegmentMeanGrad';
import {sparseSegmentMeanGradV2Config} from './SparseSegmentMeanGradV2';
import {sparseSegmentSqrtNGradConfig} from './SparseSegmentSqrtNGrad';
import {sparseSegmentSqrtNGradV2Config} from './SparseSegmentSqrtNGradV2';
import {sparseSegmentSumGradConfig} from './SparseSegmentSumGrad';
import {sparseSegmentSumGradV2Config} from './SparseSegmentSumGradV2';

export const webglKernels: KernelConfig[] = [
  sparseSegmentSumGradConfig,
  sparseSegmentMeanGradConfig,
  sparseSegmentSqrtNGradConfig,
  sparseSegmentSumGradV2Config,
  sparseSegmentMeanGradV2Config,
  sparseSegmentSqrtNGradV2Config,
];
