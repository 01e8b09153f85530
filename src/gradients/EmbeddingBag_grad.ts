/**
 * The gradient of `EmbeddingBag` for tfjs's autodiff (`tf.grad`,
 * `tf.variableGrads`, tfjs's own optimizers): the `EmbeddingBagGrad` kernel
 * gives each id's gradient row, scattered into the table's dense `[V, D]`
 * gradient (`unsortedSegmentSum`, padding dropped), and the weights'
 * gradient. (The package's sparse optimizers take the rows as
 * `IndexedSlices` instead: src/embedding/embedding_bag.ts.)
 */
import {engine, unsortedSegmentSum, zeros} from '@tensorflow/tfjs-core';
import type {GradConfig, NamedAttrMap, Tensor, Tensor1D} from '@tensorflow/tfjs-core';

import {EmbeddingBag, EmbeddingBagGrad} from '../kernel_names';

export const embeddingBagGradConfig: GradConfig = {
  kernelName: EmbeddingBag,
  inputsToSave: ['table', 'ids', 'offsets', 'weights', 'features'],
  outputsToSave: [true, true],
  gradFunc: (dys: Tensor|Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const dy = Array.isArray(dys) ? dys[0] : dys;
    const [table, ids, offsets, weights, features, output, argmax] = saved;
    const grad = (weightGrad: boolean) =>
        engine().runKernel(
            EmbeddingBagGrad, {dy, table, ids, offsets, weights, features, output, argmax},
            {...attrs, weightGrad}) as Tensor[];
    return {
      table: () => {
        const [values, rows, dWeights] = grad(false);
        dWeights.dispose();
        return unsortedSegmentSum(values, rows as Tensor1D, table.shape[0]);
      },
      weights: () => {
        const [values, rows, dWeights] = grad(true);
        values.dispose();
        rows.dispose();
        return dWeights;
      },
      ids: () => zeros(ids.shape, 'float32'),
      offsets: () => zeros(offsets.shape, 'float32'),
      features: () => zeros(features.shape, 'float32'),
    };
  },
};
