/**
 * webgpu kernel of `SparseFillEmptyRows` (tfjs's op
 * `tf.sparse.sparseFillEmptyRows`), which tfjs's webgpu backend lacks; with
 * it, autodiff through that op runs on webgpu end to end. The index
 * metadata is worked out on the CPU from the CPU-held `indices` and
 * `denseShape` (sparse_fill_empty_rows_select.ts); the values and the
 * default are gathered on the GPU. The output size depends on the index
 * values, so GPU-resident index inputs raise an error.
 */
import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {SparseFillEmptyRows} from '../../../src/kernel_names';
import {kernelInputs} from '../../../src/op_registry';

import {gatherBySource} from './gather';
import {sparseFillEmptyRowsSelect} from './sparse_fill_empty_rows_select';
import {gpuResidentError, hostValues, HostValueKeeper} from './backend_util';

const ALTERNATIVE = 'index tensors created from JS values';

export const sparseFillEmptyRowsKernel: KernelFunc = ({inputs, backend}): TensorInfo[] => {
  const gpu = backend as WebGPUBackend;
  const op = SparseFillEmptyRows;
  const [indices, values, denseShape, defaultValue] = kernelInputs(op, inputs);
  // tfjs's cpu kernel's checks and messages.
  if (denseShape.shape.length !== 1) {
    throw new Error(`Dense shape must be a vector, saw:
      ${denseShape.shape}`);
  }
  if (indices.shape.length !== 2) {
    throw new Error(`Indices must be a matrix, saw:
      ${indices.shape}`);
  }
  if (values.shape.length !== 1) {
    throw new Error(`Values must be a vector, saw:
      ${values.shape}`);
  }
  if (defaultValue.shape.length !== 0) {
    throw new Error(`Default value must be a scalar, saw:
      ${defaultValue.shape}`);
  }
  const indexValues = hostValues(gpu, indices);
  if (indexValues == null) {
    throw gpuResidentError(op, 'indices', ALTERNATIVE);
  }
  const denseShapeValues = hostValues(gpu, denseShape);
  if (denseShapeValues == null) {
    throw gpuResidentError(op, 'denseShape', ALTERNATIVE);
  }
  const [numIndices, rank] = indices.shape;
  const selection = sparseFillEmptyRowsSelect(indexValues, numIndices, rank, denseShapeValues);
  const keeper = new HostValueKeeper(gpu);
  keeper.keep(indices, denseShape);
  try {
    const outputValues = gatherBySource(gpu, values, selection.source, defaultValue);
    return [
      gpu.makeTensorInfo([selection.source.length, rank], indices.dtype, selection.outputIndices),
      outputValues,
      gpu.makeTensorInfo([selection.emptyRowIndicator.length], 'bool', selection.emptyRowIndicator),
      gpu.makeTensorInfo([numIndices], indices.dtype, selection.reverseIndexMap),
    ];
  } finally {
    keeper.restore();
  }
};
