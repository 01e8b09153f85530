/** The layers of this package, as `tf.layers` offers tfjs's. */
import {serialization} from '@tensorflow/tfjs-core';

import {EmbeddingBagCollection, EmbeddingBagCollectionArgs} from './embedding_bag_collection';
import {EmbeddingBag, EmbeddingBagLayerArgs} from './embedding_bag_layer';

/**
 * Layer factories, in the style of `tf.layers`.
 *
 * ```js
 * const model = tf.sequential({layers: [
 *   tfSparseGrad.layers.embeddingBag({inputDim: 10000, outputDim: 16, inputShape: [20]}),
 *   tf.layers.dense({units: 2, activation: 'softmax'}),
 * ]});
 * ```
 */
export const layers = {
  /**
   * An embedding-bag layer: ids `[batch, L]` (< 0 is padding), optionally
   * with weights, to the sum, mean or sqrtn of their embeddings.
   * @param args `inputDim`, `outputDim`, `combiner` ('mean' default),
   *     `embeddingsInitializer`, `embeddingsRegularizer`,
   *     `embeddingsConstraint`, and tfjs's layer arguments.
   */
  embeddingBag: (args: EmbeddingBagLayerArgs) => new EmbeddingBag(args),
  /**
   * Many embedding-bag features in one layer (TorchRec's
   * EmbeddingBagCollection): one tensor of ids per feature, `[batch, L_f]`,
   * to `[batch, sum of widths]`; the tables of one width run as one kernel.
   *
   * ```js
   * const collection = tfSparseGrad.layers.embeddingBagCollection({tables: [
   *   {name: 'items', inputDim: 100000, outputDim: 16, features: ['clicked', 'bought']},
   *   {name: 'users', inputDim: 5000, outputDim: 16, combiner: 'sum', features: ['user']},
   * ]});
   * ```
   * @param args `tables` (each `name`, `inputDim`, `outputDim`, `combiner`,
   *     `features`), `embeddingsInitializer`, and tfjs's layer arguments.
   */
  embeddingBagCollection: (args: EmbeddingBagCollectionArgs) => new EmbeddingBagCollection(args),
};

/** Registers the layers for serialisation (`model.save`, `tf.loadLayersModel`). */
export function registerLayerClasses(): void {
  serialization.registerClass(EmbeddingBag);
  serialization.registerClass(EmbeddingBagCollection);
}
