/**
 * `tensorflow` (tfjs-node) kernel of tfjs's `UnsortedSegmentSum` (gather's
 * gradient), replacing tfjs-node's: the same native TensorFlow kernel, but
 * its errors come as the package's error classes with TensorFlow's text
 * (`InvalidArgumentError`), as on every other backend.
 */
import {scalar} from '@tensorflow/tfjs-core';
import type {KernelFunc} from '@tensorflow/tfjs-core';

import {UnsortedSegmentSum} from '../../../src/kernel_names';
import {kernelInputs} from '../../../src/op_registry';

import {numberAttr, runNative, tensorflowBackend, typeAttr} from './backend_util';

export const unsortedSegmentSumKernel: KernelFunc = ({inputs, backend, attrs}) => {
  const tf = tensorflowBackend(backend);
  const [x, segmentIds] = kernelInputs(UnsortedSegmentSum, inputs);
  const numSegments = scalar(numberAttr(attrs, 'numSegments'), 'int32');
  try {
    return runNative(tf, UnsortedSegmentSum, [x, segmentIds, numSegments], {
      attrs: [
        typeAttr(tf, 'T', x.dtype), typeAttr(tf, 'Tindices', segmentIds.dtype),
        typeAttr(tf, 'Tnumsegments', 'int32')
      ],
      numOutputs: 1,
    })[0];
  } finally {
    numSegments.dispose();
  }
};
