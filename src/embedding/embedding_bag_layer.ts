/**
 * `EmbeddingBag`: a `tf.layers.Layer` that maps each row of a padded
 * `[batch, L]` tensor of ids (ids < 0 are padding) to the sum, mean or sqrtn
 * of the embeddings of its ids, optionally weighted: Keras RS's
 * `EmbedReduce`, TF Addons' `EmbeddingBag`, PyTorch's `nn.EmbeddingBag`.
 * Registered for serialisation as `EmbeddingBag`.
 */
import {serialization} from '@tensorflow/tfjs-core';
import type {Tensor} from '@tensorflow/tfjs-core';
import {layers} from '@tensorflow/tfjs-layers';
import type {LayerVariable} from '@tensorflow/tfjs-layers';
import type {LayerArgs} from '@tensorflow/tfjs-layers/dist/engine/topology';

import {InvalidArgumentError} from '../errors';

import {bagAttrs, embeddingBag} from './embedding_bag';
import type {BagCombiner, EmbeddingBagOptions} from './embedding_bag';

type Serializable = serialization.Serializable;

/** A layer's input or output shape; null is the batch dimension. */
export type Shape = Array<number|null>;

/**
 * A tfjs initializer, regularizer or constraint: the object, its
 * identifier ('glorotUniform', 'l1l2', 'maxNorm', ...), or its serialised
 * `{className, config}`.
 */
export type ObjectOrId = serialization.Serializable|string|serialization.ConfigDict;

/** Arguments of `layers.embeddingBag`. */
export interface EmbeddingBagLayerArgs extends LayerArgs {
  /** Vocabulary size: ids are in [0, inputDim). */
  inputDim: number;
  /** Width of the embeddings. */
  outputDim: number;
  /** 'mean' (default), 'sum', 'sqrtn' or 'max'. */
  combiner?: BagCombiner;
  /**
   * An id that is padding, besides every negative id (PyTorch's
   * `padding_idx`: in [-inputDim, inputDim - 1], -1 the last row).
   */
  paddingIdx?: number;
  /** Each looked-up row is clipped to this L2 norm before it is combined. */
  maxNorm?: number;
  /** Initializer of the table (default 'randomUniform', as tfjs's embedding). */
  embeddingsInitializer?: ObjectOrId;
  /** Regularizer of the table. */
  embeddingsRegularizer?: ObjectOrId;
  /** Constraint on the table. */
  embeddingsConstraint?: ObjectOrId;
}

/**
 * The class name of an identifier: its first letter upper-cased
 * ('glorotUniform' -> 'GlorotUniform'), except 'l1l2' -> 'L1L2' (tfjs-layers'
 * REGULARIZER_IDENTIFIER_REGISTRY_SYMBOL_MAP, src/regularizers.ts).
 */
function classNameOf(identifier: string): string {
  return identifier === 'l1l2' ? 'L1L2' : identifier.charAt(0).toUpperCase() + identifier.slice(1);
}

/**
 * Resolves an initializer, regularizer or constraint given as an object, a
 * serialised `{className, config}` or an identifier such as
 * 'glorotUniform', through the classes tfjs registered for serialisation.
 */
export function resolveSerializable(
    value: ObjectOrId|undefined, what: string, layer = 'EmbeddingBag'): Serializable|undefined {
  if (value == null || value instanceof serialization.Serializable) {
    return value as Serializable | undefined;
  }
  const {className, config} = typeof value === 'string' ?
      {className: classNameOf(value), config: {}} :
      value as {className: string, config: serialization.ConfigDict};
  const entry = serialization.SerializationMap.getMap().classNameMap[className];
  if (entry == null) {
    throw new Error(`${layer}: unknown ${what} ${JSON.stringify(value)}`);
  }
  const [cls, fromConfig] = entry;
  return fromConfig(cls, config ?? {});
}

/** The `{className, config}` form tfjs saves, or null. */
export function serializeSerializable(value: Serializable|undefined): serialization.ConfigDict|
    null {
  return value == null ? null : {className: value.getClassName(), config: value.getConfig()};
}

/**
 * A layer of embedding bags. Input: ids `[batch, L]` (int32 or float32
 * holding integers; < 0 is padding), or a list `[ids, weights]` with float32
 * weights of the same shape. Output `[batch, outputDim]`; a row of padding
 * gives zeros. With this package's sparse optimizers, `model.fit` updates
 * only the rows the batch looks up.
 */
export class EmbeddingBag extends layers.Layer {
  /** The name under which the class is registered for serialisation. */
  static className = 'EmbeddingBag';
  private readonly inputDim: number;
  private readonly outputDim: number;
  /** combiner, paddingIdx, maxNorm. */
  private readonly options: Pick<EmbeddingBagOptions, 'combiner'|'paddingIdx'|'maxNorm'>;
  private readonly embeddingsInitializer: Serializable;
  private readonly embeddingsRegularizer?: Serializable;
  private readonly embeddingsConstraint?: Serializable;
  private embeddings: LayerVariable|null = null;

  /** @param args The layer's arguments (see `EmbeddingBagLayerArgs`). */
  constructor(args: EmbeddingBagLayerArgs) {
    super(args);
    for (const name of ['inputDim', 'outputDim'] as const) {
      if (!Number.isInteger(args[name]) || args[name] <= 0) {
        throw new InvalidArgumentError(
            EmbeddingBag.className, `${name} must be a positive integer, got ${args[name]}`);
      }
    }
    this.options = {combiner: args.combiner ?? 'mean'};
    if (args.paddingIdx != null) this.options.paddingIdx = args.paddingIdx;
    if (args.maxNorm != null) this.options.maxNorm = args.maxNorm;
    bagAttrs(EmbeddingBag.className, this.options, args.inputDim);
    this.inputDim = args.inputDim;
    this.outputDim = args.outputDim;
    this.embeddingsInitializer = resolveSerializable(
        args.embeddingsInitializer ??
            {className: 'RandomUniform', config: {minval: -0.05, maxval: 0.05}},
        'initializer')!;
    this.embeddingsRegularizer = resolveSerializable(args.embeddingsRegularizer, 'regularizer');
    this.embeddingsConstraint = resolveSerializable(args.embeddingsConstraint, 'constraint');
  }

  override build(): void {
    this.embeddings = this.addWeight(
        'embeddings', [this.inputDim, this.outputDim], 'float32',
        this.embeddingsInitializer as never, this.embeddingsRegularizer as never, true,
        this.embeddingsConstraint as never);
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape|Shape[]): Shape {
    const ids = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    return [ids[0], this.outputDim];
  }

  override call(inputs: Tensor|Tensor[]): Tensor {
    const [ids, weights] = Array.isArray(inputs) ? inputs : [inputs, null];
    return embeddingBag(this.embeddings!.read(), ids, {...this.options, weights});
  }

  override getConfig(): serialization.ConfigDict {
    return {
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      ...this.options,
      embeddingsInitializer: serializeSerializable(this.embeddingsInitializer),
      embeddingsRegularizer: serializeSerializable(this.embeddingsRegularizer),
      embeddingsConstraint: serializeSerializable(this.embeddingsConstraint),
      ...super.getConfig(),
    };
  }
}
