/**
 * Runs this package's ops inside tfjs-converter's `GraphModel`, so a
 * TensorFlow graph that contains them (a training graph, a model exported
 * with `sparse_gradient=True`, ...) executes in tfjs.
 */
import {engine} from '@tensorflow/tfjs-core';
import type {NamedTensorMap, Tensor} from '@tensorflow/tfjs-core';

import {SparseFillEmptyRowsGrad, SparseSegmentMeanGrad, SparseSegmentMeanGradV2, SparseSegmentMeanWithNumSegments, SparseSegmentSqrtN, SparseSegmentSqrtNGrad, SparseSegmentSqrtNGradV2, SparseSegmentSqrtNWithNumSegments, SparseSegmentSumGrad, SparseSegmentSumGradV2, SparseSegmentSumWithNumSegments, SparseSlice, SparseSliceGrad} from './kernel_names';

/** What `registerGraphModelOps` needs: tfjs-converter's `registerOp`. */
export interface GraphModelOpRegistry {
  /** tfjs-converter's `registerOp(name, opFunc)`. */
  registerOp(
      name: string,
      opFunc: (node: {inputs: Tensor[], attrs: {[key: string]: unknown}}) =>
          Tensor | Tensor[]): void;
}

/**
 * Each TF op and its kernel's input names, in the order of the TF op's
 * inputs (the order of a graph node's inputs).
 */
const GRAPH_OPS: ReadonlyArray<[string, string[]]> = [
  [SparseSegmentSumGrad, ['grad', 'indices', 'segmentIds', 'outputDim0']],
  [SparseSegmentMeanGrad, ['grad', 'indices', 'segmentIds', 'outputDim0']],
  [SparseSegmentSqrtNGrad, ['grad', 'indices', 'segmentIds', 'outputDim0']],
  [SparseSegmentSumGradV2, ['grad', 'indices', 'segmentIds', 'denseOutputDim0']],
  [SparseSegmentMeanGradV2, ['grad', 'indices', 'segmentIds', 'denseOutputDim0']],
  [SparseSegmentSqrtNGradV2, ['grad', 'indices', 'segmentIds', 'denseOutputDim0']],
  [SparseFillEmptyRowsGrad, ['reverseIndexMap', 'gradValues']],
  [SparseSliceGrad, ['backpropValGrad', 'inputIndices', 'inputStart', 'outputIndices']],
  [SparseSegmentSqrtN, ['data', 'indices', 'segmentIds']],
  [SparseSegmentSumWithNumSegments, ['data', 'indices', 'segmentIds', 'numSegments']],
  [SparseSegmentMeanWithNumSegments, ['data', 'indices', 'segmentIds', 'numSegments']],
  [SparseSegmentSqrtNWithNumSegments, ['data', 'indices', 'segmentIds', 'numSegments']],
  [SparseSlice, ['indices', 'values', 'shape', 'start', 'size']],
];

/**
 * Registers every raw op of this package with tfjs-converter, so that a
 * `GraphModel` whose graph contains `SparseSegmentMeanGrad`,
 * `SparseFillEmptyRowsGrad`, `SparseSliceGrad`, ... runs them with this
 * package's kernels (on the active backend). Pass the module that owns the
 * `GraphModel` loader: `@tensorflow/tfjs` or `@tensorflow/tfjs-converter`
 * (they keep the op registry per copy, which is why it is an argument).
 *
 * ```js
 * import * as tf from '@tensorflow/tfjs';
 * import {registerGraphModelOps} from 'tfjs-sparse-grad';
 * registerGraphModelOps(tf);
 * const model = await tf.loadGraphModel('model/model.json');
 * ```
 *
 * The converter turns TF's int64 tensors into int32, which is what the
 * kernels take. Multi-output ops return their outputs in TF's order, so
 * graph references like `SparseFillEmptyRowsGrad:1` work.
 *
 * @param converter An object with tfjs-converter's `registerOp`.
 * @returns The names of the ops registered.
 */
export function registerGraphModelOps(converter: GraphModelOpRegistry): string[] {
  for (const [opName, inputNames] of GRAPH_OPS) {
    converter.registerOp(opName, node => {
      const inputs: NamedTensorMap = {};
      inputNames.forEach((name, i) => {
        if (node.inputs[i] != null) inputs[name] = node.inputs[i];
      });
      return engine().runKernel(opName, inputs) as Tensor | Tensor[];
    });
  }
  return GRAPH_OPS.map(([opName]) => opName);
}
