/**
 * `EmbeddingBagCollection`: many id features in one call, as TorchRec's
 * `EmbeddingBagCollection` and FBGEMM's table-batched embedding do. The
 * tables of one width are rows of one variable (`embeddings_<width>`), and
 * all the features of a width and combiner are one `EmbeddingBag` kernel
 * call: bag (b, f) is feature f of example b, whose ids address its table's
 * rows. So a step runs one forward kernel, one backward kernel and one
 * optimizer update for all those tables together, not one per table.
 */
import {concat, gather, reshape, serialization, tensor1d, tidy} from '@tensorflow/tfjs-core';
import type {Tensor} from '@tensorflow/tfjs-core';
import {layers} from '@tensorflow/tfjs-layers';
import type {LayerVariable} from '@tensorflow/tfjs-layers';
import type {LayerArgs} from '@tensorflow/tfjs-layers/dist/engine/topology';

import {InvalidArgumentError} from '../errors';
import {checkCombiner} from '../validation/embedding_bag';

import {idsTensor, runEmbeddingBag} from './embedding_bag';
import {heldValues} from './host_ints';
import type {BagCombiner} from './embedding_bag';
import {ObjectOrId, resolveSerializable, serializeSerializable, Shape} from './embedding_bag_layer';

/** One table of a collection, as TorchRec's `EmbeddingBagConfig`. */
export interface EmbeddingBagTableConfig {
  /** The table's name (unique in the collection). */
  name: string;
  /** Rows: its ids are in [0, inputDim). */
  inputDim: number;
  /** Width of its embeddings. */
  outputDim: number;
  /** 'mean' (default), 'sum', 'sqrtn' or 'max'. */
  combiner?: BagCombiner;
  /** The features that look rows up in it (names, unique in the collection). */
  features: string[];
}

/** The options of a table. */
const TABLE_KEYS: readonly string[] = ['name', 'inputDim', 'outputDim', 'combiner', 'features'];

/** Arguments of `layers.embeddingBagCollection`. */
export interface EmbeddingBagCollectionArgs extends LayerArgs {
  /** The tables, each with the features that look rows up in it. */
  tables: EmbeddingBagTableConfig[];
  /** Initializer of every table (default 'randomUniform' in [-0.05, 0.05]). */
  embeddingsInitializer?: ObjectOrId;
}

/** A feature's place: its table, its rows in its width's variable. */
interface FeaturePlan {
  name: string;
  table: EmbeddingBagTableConfig;
  combiner: BagCombiner;
  width: number;
  /** The table's first row in the variable of its width. */
  rowOffset: number;
  /** Its columns in the output. */
  column: number;
}

/** The features of one width and combiner: one kernel call. */
interface Group {
  width: number;
  combiner: BagCombiner;
  /** Indices into the feature list, in order. */
  features: number[];
}

/**
 * A layer of many embedding-bag features. Inputs: one tensor of ids per
 * feature, `[batch, L_f]` (int32, or float32 holding integers; < 0 pads), in
 * the order of the tables and, within a table, of its features. Output
 * `[batch, sum of the features' widths]`: the features' bags side by side
 * in that order. A table listed for several features is one table.
 */
export class EmbeddingBagCollection extends layers.Layer {
  /** The name under which the class is registered for serialisation. */
  static className = 'EmbeddingBagCollection';
  private readonly tables: EmbeddingBagTableConfig[];
  private readonly embeddingsInitializer: serialization.Serializable;
  private readonly plan: FeaturePlan[] = [];
  private readonly groups: Group[] = [];
  /** Rows of the variable of each width. */
  private readonly rowsOfWidth = new Map<number, number>();
  private readonly variables = new Map<number, LayerVariable>();
  private readonly outputWidth: number;

  /** @param args The layer's arguments (see `EmbeddingBagCollectionArgs`). */
  constructor(args: EmbeddingBagCollectionArgs) {
    super(args);
    const op = EmbeddingBagCollection.className;
    if (!Array.isArray(args.tables) || args.tables.length === 0) {
      throw new InvalidArgumentError(op, 'tables must list at least one table');
    }
    this.tables = args.tables.map(t => {
      const unknown = Object.keys(t).filter(key => !TABLE_KEYS.includes(key));
      if (unknown.length > 0) {
        throw new InvalidArgumentError(
            op,
            `table '${t.name}': unknown option${unknown.length > 1 ? 's' : ''} ${
                unknown.map(key => `'${key}'`).join(', ')} (a table takes ${
                TABLE_KEYS.join(', ')})`);
      }
      if (!Array.isArray(t.features) || t.features.some(f => typeof f !== 'string')) {
        throw new InvalidArgumentError(
            op,
            `table '${t.name}': features must be a list of feature names, got ${
                JSON.stringify(t.features)}`);
      }
      return {...t, features: [...t.features]};
    });
    const tableNames = new Set<string>();
    const featureNames = new Set<string>();
    let column = 0;
    for (const table of this.tables) {
      for (const key of ['inputDim', 'outputDim'] as const) {
        if (!Number.isInteger(table[key]) || table[key] <= 0) {
          throw new InvalidArgumentError(
              op, `table '${table.name}': ${key} must be a positive integer, got ${table[key]}`);
        }
      }
      if (tableNames.has(table.name)) {
        throw new InvalidArgumentError(op, `two tables are named '${table.name}'`);
      }
      tableNames.add(table.name);
      if (table.features.length === 0) {
        throw new InvalidArgumentError(op, `table '${table.name}' lists no features`);
      }
      const combiner = checkCombiner(op, table.combiner ?? 'mean');
      const width = table.outputDim;
      const rowOffset = this.rowsOfWidth.get(width) ?? 0;
      this.rowsOfWidth.set(width, rowOffset + table.inputDim);
      for (const name of table.features) {
        if (featureNames.has(name)) {
          throw new InvalidArgumentError(op, `two features are named '${name}'`);
        }
        featureNames.add(name);
        this.plan.push({name, table, combiner, width, rowOffset, column});
        column += width;
      }
    }
    this.outputWidth = column;
    this.plan.forEach((feature, k) => {
      let group =
          this.groups.find(g => g.width === feature.width && g.combiner === feature.combiner);
      if (group == null) {
        group = {width: feature.width, combiner: feature.combiner, features: []};
        this.groups.push(group);
      }
      group.features.push(k);
    });
    this.embeddingsInitializer = resolveSerializable(
        args.embeddingsInitializer ??
            {className: 'RandomUniform', config: {minval: -0.05, maxval: 0.05}},
        'initializer', op)!;
  }

  override build(): void {
    for (const [width, rows] of this.rowsOfWidth) {
      this.variables.set(
          width,
          this.addWeight(
              `embeddings_${width}`, [rows, width], 'float32', this.embeddingsInitializer as never,
              undefined, true));
    }
    this.built = true;
  }

  /**
   * Throws unless there is one input per feature, each `[batch, length]`
   * with the first one's batch (a null dimension, of a symbolic input,
   * matches any).
   */
  private checkInputShapes(shapes: Shape[]): void {
    const op = EmbeddingBagCollection.className;
    if (shapes.length !== this.plan.length) {
      throw new InvalidArgumentError(
          op,
          `expected ${this.plan.length} inputs (${this.plan.map(f => f.name).join(', ')}), got ${
              shapes.length}`);
    }
    const batch = shapes[0][0];
    shapes.forEach((shape, k) => {
      if (shape.length !== 2 || (batch != null && shape[0] != null && shape[0] !== batch)) {
        throw new InvalidArgumentError(
            op,
            `feature '${this.plan[k].name}' must be ids [batch, length] with the batch of ${
                this.plan[0].name} (${batch}), got [${shape}]`);
      }
    });
  }

  override computeOutputShape(inputShape: Shape|Shape[]): Shape {
    const shapes = (Array.isArray(inputShape[0]) ? inputShape : [inputShape]) as Shape[];
    this.checkInputShapes(shapes);
    return [shapes[0][0], this.outputWidth];
  }

  override call(inputs: Tensor|Tensor[]): Tensor {
    const op = EmbeddingBagCollection.className;
    const list = Array.isArray(inputs) ? inputs : [inputs];
    this.checkInputShapes(list.map(t => t.shape));
    return tidy(() => {
      const ids = list.map((t, k) => this.checkedIds(k, idsTensor(op, t)));
      const batch = ids[0].shape[0];
      const outputs = this.groups.map(group => this.callGroup(group, ids, batch));
      if (this.groups.length === 1) return outputs[0];
      // The groups' columns, back in the features' order.
      const columns: number[] = [];
      let start = 0;
      const startOf = new Map<number, number>();
      for (const group of this.groups) {
        for (const k of group.features) {
          startOf.set(k, start);
          start += this.plan[k].width;
        }
      }
      this.plan.forEach((feature, k) => {
        for (let c = 0; c < feature.width; c++) columns.push(startOf.get(k)! + c);
      });
      return gather(concat(outputs, 1), tensor1d(columns, 'int32'), 1);
    });
  }

  /**
   * `ids` of feature k, checked against its table where their values are on
   * the host, so that the error names the feature (GPU-held ids are checked
   * by the kernel, in the merged ids of the feature's group).
   */
  private checkedIds(k: number, ids: Tensor): Tensor {
    const values = heldValues(ids);
    const {name, table} = this.plan[k];
    const length = ids.shape[1] as number;
    for (let i = 0; values != null && i < values.length; i++) {
      if (values[i] >= table.inputDim) {
        throw new InvalidArgumentError(
            EmbeddingBagCollection.className,
            `feature '${name}': ids[${Math.floor(i / length)}, ${i % length}] = ${
                values[i]} is not in [0, ${table.inputDim}) (table '${table.name}')`);
      }
    }
    return ids;
  }

  /** One kernel call for the features of `group`: `[batch, their widths]`. */
  private callGroup(group: Group, ids: Tensor[], batch: number): Tensor {
    const features = group.features.map(k => this.plan[k]);
    const lengths = group.features.map(k => ids[k].shape[1] as number);
    const total = lengths.reduce((a, b) => a + b, 0);
    // Bag (b, j): example b's ids of the group's j-th feature.
    const merged =
        features.length === 1 ? ids[group.features[0]] : concat(group.features.map(k => ids[k]), 1);
    const offsets = new Int32Array(batch * features.length + 1);
    let bag = 0;
    for (let b = 0; b < batch; b++) {
      let start = b * total;
      for (const length of lengths) {
        offsets[bag++] = start;
        start += length;
      }
    }
    offsets[bag] = batch * total;
    const out = runEmbeddingBag(
        this.variables.get(group.width)!.read(), {
          ids: reshape(merged, [batch * total]),
          offsets: tensor1d(offsets, 'int32'),
          weights: tensor1d([], 'float32'),
          features: tensor1d(features.flatMap(f => [f.rowOffset, f.table.inputDim]), 'int32'),
        },
        {combiner: group.combiner, paddingIdx: -1, maxNorm: 0});
    return reshape(out, [batch, features.length * group.width]);
  }

  override getConfig(): serialization.ConfigDict {
    return {
      tables: this.tables.map(t => ({...t})) as unknown as serialization.ConfigDictArray,
      embeddingsInitializer: serializeSerializable(this.embeddingsInitializer),
      ...super.getConfig(),
    };
  }
}
