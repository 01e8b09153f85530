/** The layers of this package, as `tf.layers` offers tfjs's. */
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
};
