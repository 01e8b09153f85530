/**
 * tfjs-sparse-grad with its layers: everything of the main entry
 * (`tfjs-sparse-grad`, src/index.ts), plus the layers that need
 * `@tensorflow/tfjs-layers` (the `EmbeddingBag` and `EmbeddingBagCollection`
 * layers, and their factories in `layers`), registered for serialisation.
 *
 * ```js
 * import * as tf from '@tensorflow/tfjs';
 * import * as tfSparseGrad from 'tfjs-sparse-grad/layers';
 * const layer = tfSparseGrad.layers.embeddingBag({inputDim: 1000, outputDim: 8});
 * ```
 *
 * @packageDocumentation
 */
import {registerLayerClasses} from './embedding/layers';

export * from './index';
export {EmbeddingBagCollection} from './embedding/embedding_bag_collection';
export type{EmbeddingBagCollectionArgs, EmbeddingBagTableConfig} from './embedding/embedding_bag_collection';
export {EmbeddingBag} from './embedding/embedding_bag_layer';
export type{EmbeddingBagLayerArgs, ObjectOrId, Shape} from './embedding/embedding_bag_layer';
export {layers} from './embedding/layers';

registerLayerClasses();
