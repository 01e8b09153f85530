/**
 * Sparse optimizers: `tf.Optimizer`s whose training step costs O(rows looked
 * up) for embedding tables, not O(vocabulary).
 *
 * `minimize` (and so `model.fit`) takes its gradients from
 * `sparseVariableGrads`: a variable read only through lookups gets
 * `IndexedSlices`, which are applied in place to the looked-up rows by the
 * `SparseGradApply*` kernels (no `[V, D]` gradient, no `[V, D]` temporary);
 * any other variable gets tfjs's dense update, operation for operation as
 * `tf.train.sgd`, `tf.train.adagrad` and `tf.train.adam` compute it.
 *
 * - `SparseSGDOptimizer` and `SparseAdagradOptimizer` give the values of
 *   `tf.train.sgd` and `tf.train.adagrad` (rows without gradient do not move
 *   under either).
 * - `LazyAdamOptimizer` applies `tf.train.adam`'s formula (tfjs's placement
 *   of epsilon, bias correction from the global step count) to the rows a
 *   step looked up; the other rows and their moments stay as they are. Dense
 *   Adam instead decays every row's moments and moves every row with a
 *   non-zero moment, each step: the two differ once a row is skipped.
 * - `SparseFtrlOptimizer` and `SparseMomentumOptimizer` apply TensorFlow's
 *   `ResourceSparseApplyFtrlV2` and `ResourceSparseApplyMomentum` to the
 *   looked-up rows (lazily: a row not looked up keeps its slots and value).
 * - `RowwiseAdagradOptimizer` is FBGEMM's exact row-wise Adagrad: one
 *   accumulator per row.
 *
 * Slots are named as tfjs names them (`<variable>/accumulator`,
 * `<variable>/m`, `<variable>/v`, `<variable>/momentum`; FTRL's
 * `<variable>/linear`), so `getWeights`/`setWeights` exchange state with
 * tfjs's optimizers. Every optimizer takes Keras's gradient clipping options
 * (`clipNorm`, `clipValue`, `globalClipNorm`; see clipping.ts).
 */
import {add, clipByValue, dispose, div, engine, fill, keep, mul, Optimizer, pow, reshape, scalar, serialization, sqrt, square, sub, sum, tidy, zerosLike} from '@tensorflow/tfjs-core';

import type {NamedTensorMap, Scalar, Tensor, Variable} from '@tensorflow/tfjs-core';

/** A named tensor, as `Optimizer.getWeights` returns them (tfjs-core's `NamedTensor`). */
export interface NamedTensor {
  /** The tensor's name. */
  name: string;
  /** The tensor. */
  tensor: Tensor;
}

import {heldValues} from '../embedding/host_ints';
import {InvalidArgumentError} from '../errors';
import {SparseGradApplyAdagrad, SparseGradApplyFtrl, SparseGradApplyLazyAdam, SparseGradApplyMomentum, SparseGradApplyRowwiseAdagrad, SparseGradApplySGD} from '../kernel_names';

import {checkSlicesShape, checkSparseApplyIndices} from '../validation/sparse_apply';

import {checkClipping, clipGradients, Gradient, GradientClipping} from './clipping';
import {IndexedSlices, isIndexedSlices, SparseGradMap, sparseVariableGrads} from './sparse_grads';
import {ensureWritable} from './writable';

/** A gradient by variable name: a dense tensor or `IndexedSlices`. */
export interface NamedGradient {
  /** The variable's name. */
  name: string;
  /** Its gradient. */
  tensor: Tensor|IndexedSlices;
}

/** Gradients as `applyGradients` takes them: dense tensors or `IndexedSlices`. */
export type GradientsToApply = NamedTensorMap|NamedTensor[]|SparseGradMap|NamedGradient[];

/** A slot variable and the name `getWeights` gives it (tfjs's `OptimizerVariable`). */
interface Slot {
  originalName: string;
  variable: Variable;
}

/**
 * The base of the sparse optimizers: sparse gradients in `minimize`, and an
 * `applyGradients` that takes `IndexedSlices` as well as dense tensors.
 *
 * Slots belong to variables by position, as in tfjs's optimizers: slot `k`
 * of the `i`-th variable of `applyGradients`' list (the order of `minimize`'s
 * `varList`, which `model.fit` gives as the model's trainable weights). So a
 * model loaded with its optimizer (`tf.loadLayersModel`), whose variables
 * may have other names, resumes with its restored slots, and `getWeights`
 * lists them as tfjs's optimizers do: the step count, then every variable's
 * first slot, then every variable's second slot.
 */
export abstract class SparseOptimizer extends Optimizer {
  /** `slots[k][i]`: slot `k` of the `i`-th variable. */
  private slots: Slot[][] = [];
  /** The gradient clipping of every step (Keras's options; at most one set). */
  protected readonly clipping: GradientClipping;

  /**
   * @param clipping Keras's clipping options, in an options object that may
   *     also hold `otherOptions` (the subclass's own), and nothing else.
   */
  constructor(clipping?: GradientClipping, otherOptions: readonly string[] = []) {
    super();
    this.clipping = checkClipping(clipping, this.getClassName(), otherOptions);
  }

  /** The slot suffixes of this optimizer (`/m`, ...), as tfjs names them. */
  protected abstract readonly slotNames: readonly string[];
  /** The kernel that applies an `IndexedSlices` gradient in place. */
  protected abstract readonly sparseKernel: string;

  /** Updates `variable` from its dense gradient, as tfjs's optimizer does. */
  protected abstract applyDense(variable: Variable, gradient: Tensor, slots: Variable[]): void;

  /** Updates the looked-up rows of `variable` in place. */
  protected abstract applySparse(variable: Variable, slices: IndexedSlices, slots: Variable[]):
      void;

  /** A new slot of `variable` (zeros, or the initial accumulator). */
  protected abstract initialSlot(variable: Variable, slot: number): Tensor;

  /** The shape slot `slot` of a variable of shape `shape` has (default: the variable's). */
  protected slotShape(shape: number[], _slot: number): number[] {
    return shape;
  }

  /** Runs before the variables of a step are updated. */
  protected beforeStep(): void {}
  /** Runs after the variables of a step are updated. */
  protected afterStep(): void {}

  /**
   * One training step: the gradient of `f` (row-sparse where `f` only looks
   * rows up, see `sparseVariableGrads`), then the update.
   */
  override minimize(f: () => Scalar, returnCost = false, varList?: Variable[]): Scalar|null {
    const {value, grads} = sparseVariableGrads(f, varList);
    try {
      // As tfjs's minimize: with a varList, its order is the slots' order.
      this.applyGradients(
          varList == null ? grads : varList.map(v => ({name: v.name, tensor: grads[v.name]})));
    } catch (e) {
      value.dispose();
      throw e;
    } finally {
      dispose(grads as unknown as Tensor[]);
    }
    if (returnCost) {
      return value;
    }
    value.dispose();
    return null;
  }

  /**
   * Applies gradients by variable name: an `IndexedSlices` updates the rows
   * it names in place; a dense tensor updates the whole variable. Every
   * gradient's dtype and shape, and its indices where their values are on
   * the host (always on cpu, wasm and tensorflow), are checked before any
   * variable changes; indices only on a GPU are checked by the update
   * kernel (webgpu skips that variable's update and reports it).
   */
  override applyGradients(variableGradients: GradientsToApply): void {
    const entries: Array<[string, Gradient]> = Array.isArray(variableGradients) ?
        variableGradients.map((g): [string, Gradient] => [g.name, g.tensor]) :
        Object.entries(variableGradients);
    const variables =
        entries.map(([name, gradient]) => checkedVariable(name, gradient, this.sparseKernel));
    const slots = variables.map((variable, i) => this.slotsAt(i, variable));
    const clipped = clipGradients(entries.map(([, gradient]) => gradient), this.clipping);
    try {
      this.update(variables, clipped ?? entries.map(([, gradient]) => gradient), slots);
    } finally {
      if (clipped != null) dispose(clipped as unknown as Tensor[]);
    }
    this.incrementIterations();
  }

  /** Applies each variable's gradient (a step's updates). */
  private update(variables: Variable[], gradients: Gradient[], slots: Variable[][]): void {
    this.beforeStep();
    gradients.forEach((gradient, i) => {
      if (gradient == null) return;
      const variable = variables[i];
      if (isIndexedSlices(gradient)) {
        ensureWritable(variable);
        slots[i].forEach(ensureWritable);
        this.applySparse(variable, gradient, slots[i]);
      } else {
        tidy(() => this.applyDense(variable, gradient, slots[i]));
      }
    });
    this.afterStep();
  }

  /** The slots of the `i`-th variable, made when it has none yet. */
  private slotsAt(i: number, variable: Variable): Variable[] {
    return this.slotNames.map((suffix, k) => {
      const column = this.slots[k] ??= [];
      if (column[i] == null) {
        column[i] = {
          originalName: `${variable.name}/${suffix}`,
          variable: tidy(() => this.initialSlot(variable, k).variable(false)),
        };
      }
      const slot = column[i].variable;
      const expected = this.slotShape(variable.shape, k);
      if (slot.shape.join() !== expected.join()) {
        throw new Error(
            `${this.getClassName()}: slot '${column[i].originalName}' has shape [${
                slot.shape}], but variable ${i} ('${variable.name}') needs [${expected}]` +
            ' (slots belong to variables by position, as in tfjs\'s optimizers)');
      }
      return slot;
    });
  }

  override dispose(): void {
    this.disposeSlots();
    super.dispose();
  }

  private disposeSlots(): void {
    for (const column of this.slots) {
      dispose(column.filter(s => s != null).map(s => s.variable));
    }
    this.slots = [];
  }

  /** `[iterations, ...every first slot, ...every second slot]`, as tfjs orders them. */
  override async getWeights(): Promise<NamedTensor[]> {
    const weights: NamedTensor[] = [await this.saveIterations()];
    for (const column of this.slots) {
      for (const slot of column) {
        if (slot != null) weights.push({name: slot.originalName, tensor: slot.variable});
      }
    }
    return weights;
  }

  /**
   * Restores the step count and slots from a `getWeights()` list (this
   * optimizer's or the tfjs optimizer's it matches): by position, as tfjs's
   * optimizers do.
   */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    const numSlots = this.slotNames.length;
    if (numSlots === 0 ? rest.length !== 0 : rest.length % numSlots !== 0) {
      throw new Error(`${this.getClassName()}: setWeights got ${rest.length} slots after 'iter', ${
          numSlots === 0 ? 'but it has none' : `not a multiple of ${numSlots}`}`);
    }
    const perSlot = numSlots === 0 ? 0 : rest.length / numSlots;
    this.disposeSlots();
    this.slots = this.slotNames.map(
        (_, k) =>
            rest.slice(k * perSlot, (k + 1) * perSlot)
                .map(({name, tensor}) => ({originalName: name, variable: tensor.variable(false)})));
    this.afterSetWeights();
  }

  /** The clipping options `getConfig` adds (those that are set). */
  protected clippingConfig(): serialization.ConfigDict {
    return {...this.clipping};
  }

  /** Recomputes state that depends on the step count (lazy Adam's beta powers). */
  protected afterSetWeights(): void {}

  /** Runs an in-place update kernel on the rows of `slices`. */
  protected runApply(
      variable: Variable, slices: IndexedSlices, slots: Record<string, Variable>,
      attrs: Record<string, number>): void {
    engine().runKernel(
        this.sparseKernel, {variable, indices: slices.indices, values: slices.values, ...slots},
        attrs);
  }
}

/**
 * The variable named `name`, checked for an update with `gradient`: it
 * exists and is not disposed; a dense gradient is float32 of its shape; an
 * `IndexedSlices` gradient is of its shape, with indices in its rows where
 * their values are on the host (reported as `kernel`, which applies it).
 */
function checkedVariable(
    name: string, gradient: Tensor|IndexedSlices|undefined, kernel: string): Variable {
  const variable = engine().registeredVariables[name];
  if (variable == null || variable.isDisposed) {
    throw new Error(`applyGradients: no variable named '${name}'${
        variable?.isDisposed ? ' (it was disposed)' : ''}`);
  }
  if (gradient == null) return variable;
  if (!isIndexedSlices(gradient)) {
    if (gradient.dtype !== 'float32' || gradient.shape.join() !== variable.shape.join()) {
      throw new InvalidArgumentError(
          'applyGradients',
          `the gradient of '${name}' is ${gradient.dtype} [${gradient.shape}], but the variable ` +
              `is float32 [${variable.shape}]`);
    }
    return variable;
  }
  if (gradient.denseShape.join() !== variable.shape.join()) {
    throw new InvalidArgumentError(
        'applyGradients',
        `the IndexedSlices of '${name}' have dense shape [${
            gradient.denseShape}], but the variable's shape is [${variable.shape}]`);
  }
  checkSlicesShape(kernel, variable.shape, gradient.indices, gradient.values);
  const indices = heldValues(gradient.indices);
  if (indices != null) checkSparseApplyIndices(kernel, indices, variable.shape[0]);
  return variable;
}

/**
 * Stochastic gradient descent with sparse updates: the values of
 * `tf.train.sgd`, at O(rows looked up) per step for lookup tables.
 */
export class SparseSGDOptimizer extends SparseOptimizer {
  /** The name under which the class is registered for serialisation. */
  static get className(): string {
    return 'SparseSGD';
  }
  protected readonly slotNames: readonly string[] = [];
  protected readonly sparseKernel = SparseGradApplySGD;
  private c: Scalar;

  /**
   * @param learningRate The step size.
   * @param clipping Keras's gradient clipping options (at most one).
   */
  constructor(protected learningRate: number, clipping?: GradientClipping) {
    super(clipping);
    checkLearningRate(this.getClassName(), learningRate);
    this.c = keep(scalar(-learningRate));
  }

  /** Sets the learning rate of the next steps. */
  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
    this.c.dispose();
    this.c = keep(scalar(-learningRate));
  }

  protected applyDense(variable: Variable, gradient: Tensor): void {
    variable.assign(add(mul(this.c, gradient), variable));
  }

  protected applySparse(variable: Variable, slices: IndexedSlices): void {
    this.runApply(variable, slices, {}, {learningRate: this.learningRate});
  }

  protected initialSlot(): Tensor {
    throw new Error('SGD has no slots');
  }

  override dispose(): void {
    super.dispose();
    this.c.dispose();
  }

  override getConfig(): serialization.ConfigDict {
    return {learningRate: this.learningRate, ...this.clippingConfig()};
  }

  /** Makes the optimizer from `getConfig()`'s dictionary (deserialisation). */
  static fromConfig<T extends serialization.Serializable>(
      cls: serialization.SerializableConstructor<T>, config: serialization.ConfigDict): T {
    return new cls(config.learningRate, clippingOf(config));
  }
}

/**
 * Adagrad with sparse updates: the values of `tf.train.adagrad`, at
 * O(rows looked up) per step for lookup tables.
 */
export class SparseAdagradOptimizer extends SparseOptimizer {
  /** The name under which the class is registered for serialisation. */
  static get className(): string {
    return 'SparseAdagrad';
  }
  protected readonly slotNames: readonly string[] = ['accumulator'];
  protected readonly sparseKernel = SparseGradApplyAdagrad;

  /**
   * @param learningRate The step size.
   * @param initialAccumulatorValue The accumulators' start value (>= 0).
   * @param clipping Keras's gradient clipping options (at most one).
   */
  constructor(
      protected learningRate: number, private initialAccumulatorValue = 0.1,
      clipping?: GradientClipping) {
    super(clipping);
    const owner = this.getClassName();
    checkLearningRate(owner, learningRate);
    checkOption(
        owner, 'initialAccumulatorValue', initialAccumulatorValue, initialAccumulatorValue >= 0,
        '>= 0');
  }

  /** Sets the learning rate of the next steps. */
  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }

  protected initialSlot(variable: Variable): Tensor {
    return fill(variable.shape, this.initialAccumulatorValue);
  }

  protected applyDense(variable: Variable, gradient: Tensor, [accumulator]: Variable[]): void {
    const newAccumulator = add(accumulator, square(gradient));
    accumulator.assign(newAccumulator);
    const epsilon = engine().backend.epsilon();
    variable.assign(
        add(mul(div(gradient, sqrt(add(newAccumulator, epsilon))), -this.learningRate), variable));
  }

  protected applySparse(variable: Variable, slices: IndexedSlices, [accumulator]: Variable[]):
      void {
    this.runApply(variable, slices, {accumulator}, {
      learningRate: this.learningRate,
      epsilon: engine().backend.epsilon(),
    });
  }

  override getConfig(): serialization.ConfigDict {
    return {
      learningRate: this.learningRate,
      initialAccumulatorValue: this.initialAccumulatorValue,
      ...this.clippingConfig(),
    };
  }

  /** Makes the optimizer from `getConfig()`'s dictionary (deserialisation). */
  static fromConfig<T extends serialization.Serializable>(
      cls: serialization.SerializableConstructor<T>, config: serialization.ConfigDict): T {
    return new cls(config.learningRate, config.initialAccumulatorValue, clippingOf(config));
  }
}

/**
 * Lazy Adam (as TF Addons' `LazyAdam`): `tf.train.adam`'s update applied to
 * the rows a step looked up; other rows and their moments do not change.
 * Variables used densely get `tf.train.adam`'s update.
 */
export class LazyAdamOptimizer extends SparseOptimizer {
  /** The name under which the class is registered for serialisation. */
  static get className(): string {
    return 'LazyAdam';
  }
  protected readonly slotNames: readonly string[] = ['m', 'v'];
  protected readonly sparseKernel = SparseGradApplyLazyAdam;
  /** beta1^t and beta2^t in float32, as tfjs's Adam accumulates them. */
  private accBeta1: number;
  private accBeta2: number;

  /**
   * @param learningRate The step size.
   * @param beta1 The decay of the first moment.
   * @param beta2 The decay of the second moment.
   * @param epsilon Added to the square root of the second moment.
   * @param clipping Keras's gradient clipping options (at most one).
   */
  constructor(
      protected learningRate = 0.001, private beta1 = 0.9, private beta2 = 0.999,
      private epsilon = 1e-7, clipping?: GradientClipping) {
    super(clipping);
    const owner = this.getClassName();
    checkLearningRate(owner, learningRate);
    for (const [name, value] of Object.entries({beta1, beta2})) {
      checkOption(owner, name, value, value >= 0 && value < 1, 'in [0, 1)');
    }
    checkOption(owner, 'epsilon', epsilon, epsilon >= 0, '>= 0');
    this.accBeta1 = Math.fround(beta1);
    this.accBeta2 = Math.fround(beta2);
  }

  /** Sets the learning rate of the next steps. */
  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }

  protected initialSlot(variable: Variable): Tensor {
    return zerosLike(variable);
  }

  protected applyDense(variable: Variable, gradient: Tensor, [m, v]: Variable[]): void {
    const newM = add(mul(m, this.beta1), mul(gradient, 1 - this.beta1));
    const newV = add(mul(v, this.beta2), mul(square(gradient), 1 - this.beta2));
    const mHat = div(newM, this.oneMinus(this.accBeta1));
    const vHat = div(newV, this.oneMinus(this.accBeta2));
    m.assign(newM);
    v.assign(newV);
    variable.assign(
        add(mul(div(mHat, add(sqrt(vHat), this.epsilon)), -this.learningRate), variable));
  }

  protected applySparse(variable: Variable, slices: IndexedSlices, [m, v]: Variable[]): void {
    this.runApply(variable, slices, {m, v}, {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      oneMinusAccBeta1: this.oneMinus(this.accBeta1),
      oneMinusAccBeta2: this.oneMinus(this.accBeta2),
    });
  }

  /** 1 - x in float32, as tfjs's `sub(1, accBeta)` computes it. */
  private oneMinus(x: number): number {
    return Math.fround(1 - x);
  }

  protected override afterStep(): void {
    this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(this.beta1));
    this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(this.beta2));
  }

  protected override afterSetWeights(): void {
    // beta^(iterations + 1) as the steps computed it, one float32 product a
    // step, so that resumed training equals uninterrupted training bit for
    // bit (a float32 pow, as tfjs's Adam uses, can differ in the last bit).
    this.accBeta1 = floatPower(this.beta1, this.iterations + 1);
    this.accBeta2 = floatPower(this.beta2, this.iterations + 1);
  }

  override getConfig(): serialization.ConfigDict {
    return {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      ...this.clippingConfig(),
    };
  }

  /** Makes the optimizer from `getConfig()`'s dictionary (deserialisation). */
  static fromConfig<T extends serialization.Serializable>(
      cls: serialization.SerializableConstructor<T>, config: serialization.ConfigDict): T {
    return new cls(
        config.learningRate, config.beta1, config.beta2, config.epsilon, clippingOf(config));
  }
}

/** FTRL's options besides the learning rate (`tf.keras.optimizers.Ftrl`'s). */
export interface FtrlOptions extends GradientClipping {
  /** The power of the accumulator in the learning rate schedule (<= 0; default -0.5). */
  learningRatePower?: number;
  /** The accumulators' start value (>= 0; default 0.1). */
  initialAccumulatorValue?: number;
  /** L1 regularization strength (>= 0; default 0). */
  l1?: number;
  /** L2 regularization strength (>= 0; default 0). */
  l2?: number;
  /** L2 shrinkage regularization strength (>= 0; default 0): a penalty on the weights' size. */
  l2Shrinkage?: number;
  /** Keras's `beta` (>= 0; default 0): adds `beta / (2 * learningRate)` to `l2`. */
  beta?: number;
}

/** The clipping options of a `getConfig()` dictionary. */
function clippingOf(config: serialization.ConfigDict): GradientClipping {
  const {clipNorm, clipValue, globalClipNorm} = config as GradientClipping;
  return {clipNorm, clipValue, globalClipNorm};
}

/** Throws unless `options[name]` satisfies `ok` (Keras's checks of its arguments). */
function checkOption(owner: string, name: string, value: number, ok: boolean, what: string): void {
  if (typeof value !== 'number' || !ok) {
    throw new Error(`${owner}: ${name} must be ${what}, got ${
        typeof value === 'object' ? JSON.stringify(value) : value}`);
  }
}

/** Throws unless the learning rate is a finite number. */
function checkLearningRate(owner: string, learningRate: number): void {
  checkOption(
      owner, 'learningRate', learningRate, Number.isFinite(learningRate), 'a finite number');
}

/**
 * The entries of `keys` in a `getConfig()` dictionary (tfjs's deserialiser
 * adds others, such as `customObjects`).
 */
function optionsOf(
    config: serialization.ConfigDict, keys: readonly string[]): serialization.ConfigDict {
  return Object.fromEntries(keys.filter(key => key in config).map(key => [key, config[key]]));
}

/** FTRL's own options (besides the clipping options). */
const FTRL_OPTIONS: readonly string[] =
    ['learningRatePower', 'initialAccumulatorValue', 'l1', 'l2', 'l2Shrinkage', 'beta'];

/**
 * FTRL with sparse updates: TensorFlow's `ResourceSparseApplyFtrlV2` on the
 * looked-up rows (and their `accumulator` and `linear` slots), in place; a
 * dense gradient gets the same formula on every element
 * (`ResourceApplyFtrlV2`). Keras's `beta` enters as `l2 + beta / (2 * lr)`,
 * as `tf.keras.optimizers.Ftrl` passes it.
 */
export class SparseFtrlOptimizer extends SparseOptimizer {
  /** The name under which the class is registered for serialisation. */
  static get className(): string {
    return 'SparseFtrl';
  }
  protected readonly slotNames: readonly string[] = ['accumulator', 'linear'];
  protected readonly sparseKernel = SparseGradApplyFtrl;
  private readonly options: Required<Omit<FtrlOptions, keyof GradientClipping>>;

  /**
   * @param learningRate The step size.
   * @param options FTRL's options and Keras's gradient clipping options.
   */
  constructor(protected learningRate: number, options: FtrlOptions = {}) {
    super(options, FTRL_OPTIONS);
    const {
      learningRatePower = -0.5,
      initialAccumulatorValue = 0.1,
      l1 = 0,
      l2 = 0,
      l2Shrinkage = 0,
      beta = 0
    } = options;
    const owner = this.getClassName();
    // TensorFlow's FTRL kernels: "lr is not a positive scalar".
    checkOption(owner, 'learningRate', learningRate, learningRate > 0, 'a positive number');
    checkOption(owner, 'learningRatePower', learningRatePower, learningRatePower <= 0, '<= 0');
    for (const [name, value] of Object.entries(
             {initialAccumulatorValue, l1, l2, l2Shrinkage, beta})) {
      checkOption(owner, name, value, value >= 0, '>= 0');
    }
    this.options = {learningRatePower, initialAccumulatorValue, l1, l2, l2Shrinkage, beta};
  }

  /** Sets the learning rate of the next steps. */
  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }

  protected initialSlot(variable: Variable, slot: number): Tensor {
    return slot === 0 ? fill(variable.shape, this.options.initialAccumulatorValue) :
                        zerosLike(variable);
  }

  /** The kernel's attributes: TensorFlow's, with Keras's beta folded into l2. */
  private attrs(): Record<string, number> {
    const {learningRatePower, l1, l2, l2Shrinkage, beta} = this.options;
    return {
      learningRate: this.learningRate,
      learningRatePower,
      l1,
      l2: l2 + beta / (2 * this.learningRate),
      l2Shrinkage,
    };
  }

  protected applyDense(variable: Variable, gradient: Tensor, [accumulator, linear]: Variable[]):
      void {
    const {learningRate: lr, learningRatePower: p, l1, l2, l2Shrinkage} = this.attrs();
    // The formula of applyFtrlRows (kernels/shared/sparse_apply_impl.ts), by tfjs ops.
    const power = (a: Tensor) => p === -0.5 ? sqrt(a) : pow(a, scalar(-p));
    const shrunk = add(gradient, mul(scalar(2 * l2Shrinkage), variable));
    const newAccumulator = add(accumulator, square(gradient));
    const powerNew = power(newAccumulator);
    const newLinear =
        add(linear, sub(shrunk, mul(div(sub(powerNew, power(accumulator)), scalar(lr)), variable)));
    const adjust = clipByValue(newLinear, -l1, l1);
    variable.assign(div(sub(adjust, newLinear), add(div(powerNew, scalar(lr)), scalar(2 * l2))));
    linear.assign(newLinear);
    accumulator.assign(newAccumulator);
  }

  protected applySparse(variable: Variable, slices: IndexedSlices, [
    accumulator, linear
  ]: Variable[]): void {
    this.runApply(variable, slices, {accumulator, linear}, this.attrs());
  }

  override getConfig(): serialization.ConfigDict {
    return {learningRate: this.learningRate, ...this.options, ...this.clippingConfig()};
  }

  /** Makes the optimizer from `getConfig()`'s dictionary (deserialisation). */
  static fromConfig<T extends serialization.Serializable>(
      cls: serialization.SerializableConstructor<T>, config: serialization.ConfigDict): T {
    return new cls(
        config.learningRate, {...optionsOf(config, FTRL_OPTIONS), ...clippingOf(config)});
  }
}

/**
 * Momentum with sparse updates: TensorFlow's `ResourceSparseApplyMomentum`
 * on the looked-up rows (lazy: a row not looked up keeps its momentum and
 * does not move); a dense gradient gets `tf.train.momentum`'s update.
 */
export class SparseMomentumOptimizer extends SparseOptimizer {
  /** The name under which the class is registered for serialisation. */
  static get className(): string {
    return 'SparseMomentum';
  }
  protected readonly slotNames: readonly string[] = ['momentum'];
  protected readonly sparseKernel = SparseGradApplyMomentum;

  /**
   * @param learningRate The step size.
   * @param momentum The decay of the accumulated gradient (>= 0).
   * @param useNesterov Whether to use Nesterov momentum.
   * @param clipping Keras's gradient clipping options (at most one).
   */
  constructor(
      protected learningRate: number, private momentum: number, private useNesterov = false,
      clipping?: GradientClipping) {
    super(clipping);
    const owner = this.getClassName();
    checkLearningRate(owner, learningRate);
    checkOption(owner, 'momentum', momentum, momentum >= 0, '>= 0');
    if (typeof useNesterov !== 'boolean') {
      throw new Error(`${owner}: useNesterov must be a boolean, got ${useNesterov}`);
    }
  }

  /** Sets the learning rate of the next steps. */
  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }

  protected initialSlot(variable: Variable): Tensor {
    return zerosLike(variable);
  }

  protected applyDense(variable: Variable, gradient: Tensor, [accumulation]: Variable[]): void {
    // tfjs's MomentumOptimizer.applyGradients, operation for operation.
    const m = scalar(this.momentum);
    const c = scalar(-this.learningRate);
    const newAccumulation = add(mul(m, accumulation), gradient);
    const newValue = this.useNesterov ?
        add(mul(c, add(gradient, mul(newAccumulation, m))), variable) :
        add(mul(c, newAccumulation), variable);
    accumulation.assign(newAccumulation);
    variable.assign(newValue);
  }

  protected applySparse(variable: Variable, slices: IndexedSlices, [momentum]: Variable[]): void {
    this.runApply(variable, slices, {momentum}, {
      learningRate: this.learningRate,
      momentum: this.momentum,
      useNesterov: this.useNesterov ? 1 : 0,
    });
  }

  override getConfig(): serialization.ConfigDict {
    return {
      learningRate: this.learningRate,
      momentum: this.momentum,
      useNesterov: this.useNesterov,
      ...this.clippingConfig(),
    };
  }

  /** Makes the optimizer from `getConfig()`'s dictionary (deserialisation). */
  static fromConfig<T extends serialization.Serializable>(
      cls: serialization.SerializableConstructor<T>, config: serialization.ConfigDict): T {
    return new cls(config.learningRate, config.momentum, config.useNesterov, clippingOf(config));
  }
}

/** Row-wise Adagrad's options besides the learning rate. */
export interface RowwiseAdagradOptions extends GradientClipping {
  /** The accumulators' start value (>= 0; default 0). */
  initialAccumulatorValue?: number;
  /** Added to the square root of the accumulator (default 1e-8). */
  epsilon?: number;
}

/** Row-wise Adagrad's own options (besides the clipping options). */
const ROWWISE_OPTIONS: readonly string[] = ['initialAccumulatorValue', 'epsilon'];

/**
 * FBGEMM's exact row-wise Adagrad: one accumulator per row (slot
 * `<variable>/accumulator` of shape `[V]`, D times less memory than
 * Adagrad's). For each looked-up row r with summed gradient g:
 * `acc[r] += mean(g * g)` over the row, then
 * `w[r] -= learningRate * g / (sqrt(acc[r]) + epsilon)`. A dense gradient
 * updates every row of its first axis the same way.
 */
export class RowwiseAdagradOptimizer extends SparseOptimizer {
  /** The name under which the class is registered for serialisation. */
  static get className(): string {
    return 'RowwiseAdagrad';
  }
  protected readonly slotNames: readonly string[] = ['accumulator'];
  protected readonly sparseKernel = SparseGradApplyRowwiseAdagrad;
  private readonly initialAccumulatorValue: number;
  private readonly epsilon: number;

  /**
   * @param learningRate The step size.
   * @param options The accumulators' start value, epsilon, and Keras's
   *     gradient clipping options.
   */
  constructor(protected learningRate: number, options: RowwiseAdagradOptions = {}) {
    super(options, ROWWISE_OPTIONS);
    const {initialAccumulatorValue = 0, epsilon = 1e-8} = options;
    const owner = this.getClassName();
    checkLearningRate(owner, learningRate);
    checkOption(
        owner, 'initialAccumulatorValue', initialAccumulatorValue, initialAccumulatorValue >= 0,
        '>= 0');
    checkOption(owner, 'epsilon', epsilon, epsilon >= 0, '>= 0');
    this.initialAccumulatorValue = initialAccumulatorValue;
    this.epsilon = epsilon;
  }

  /** Sets the learning rate of the next steps. */
  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }

  /** One accumulator per row: `[V]` (a scalar for a scalar variable). */
  protected override slotShape(shape: number[]): number[] {
    return shape.slice(0, 1);
  }

  protected initialSlot(variable: Variable): Tensor {
    return fill(this.slotShape(variable.shape), this.initialAccumulatorValue);
  }

  protected applyDense(variable: Variable, gradient: Tensor, [accumulator]: Variable[]): void {
    // The formula of applyRowwiseAdagradRows (kernels/shared/sparse_apply_impl.ts), by tfjs ops.
    const rows = variable.shape.length === 0 ? 1 : variable.shape[0];
    const rowSize = rows === 0 ? 0 : variable.size / rows;
    const squares = sum(reshape(square(gradient), [rows, rowSize]), 1);
    const newAccumulator = add(accumulator, div(reshape(squares, accumulator.shape), rowSize));
    const multiplier =
        div(scalar(this.learningRate), add(sqrt(newAccumulator), scalar(this.epsilon)));
    const perRow =
        reshape(multiplier, [...accumulator.shape, ...variable.shape.slice(1).map(() => 1)]);
    accumulator.assign(newAccumulator);
    variable.assign(sub(variable, mul(perRow, gradient)));
  }

  protected applySparse(variable: Variable, slices: IndexedSlices, [accumulator]: Variable[]):
      void {
    this.runApply(
        variable, slices, {accumulator}, {learningRate: this.learningRate, epsilon: this.epsilon});
  }

  override getConfig(): serialization.ConfigDict {
    return {
      learningRate: this.learningRate,
      initialAccumulatorValue: this.initialAccumulatorValue,
      epsilon: this.epsilon,
      ...this.clippingConfig(),
    };
  }

  /** Makes the optimizer from `getConfig()`'s dictionary (deserialisation). */
  static fromConfig<T extends serialization.Serializable>(
      cls: serialization.SerializableConstructor<T>, config: serialization.ConfigDict): T {
    return new cls(
        config.learningRate, {...optionsOf(config, ROWWISE_OPTIONS), ...clippingOf(config)});
  }
}

/** `base^n` (n >= 1) as n - 1 float32 products of `fround(base)`, in order. */
function floatPower(base: number, n: number): number {
  const b = Math.fround(base);
  let power = b;
  for (let k = 1; k < n; k++) power = Math.fround(power * b);
  return power;
}

/** Registers the optimizers for serialisation (`model.save`, `tf.loadLayersModel`). */
export function registerOptimizerClasses(): void {
  for (const cls
           of [SparseSGDOptimizer, SparseAdagradOptimizer, LazyAdamOptimizer, SparseFtrlOptimizer,
               SparseMomentumOptimizer, RowwiseAdagradOptimizer]) {
    serialization.registerClass(
        cls as unknown as serialization.SerializableConstructor<serialization.Serializable>);
  }
}

/**
 * The sparse optimizers, with the arguments of tfjs's `tf.train.*` (FTRL
 * and row-wise Adagrad: an options object), each with Keras's gradient
 * clipping options as its last argument.
 *
 * ```js
 * const optimizer = tfSparseGrad.train.lazyAdam(0.01);
 * optimizer.minimize(() => loss());   // or model.compile({optimizer, ...})
 * const clipped = tfSparseGrad.train.sgd(0.1, {clipNorm: 1});
 * ```
 */
export const train = {
  /**
   * SGD; a step through lookups updates only the looked-up rows, in place.
   * @param learningRate The step size.
   * @param clipping Keras's gradient clipping options (at most one).
   */
  sgd: (learningRate: number, clipping?: GradientClipping) =>
      new SparseSGDOptimizer(learningRate, clipping),
  /**
   * Adagrad; a step through lookups updates only the looked-up rows (and
   * their accumulators), in place.
   * @param learningRate The step size.
   * @param initialAccumulatorValue The accumulators' start value (>= 0).
   * @param clipping Keras's gradient clipping options (at most one).
   */
  adagrad: (learningRate: number, initialAccumulatorValue = 0.1, clipping?: GradientClipping) =>
      new SparseAdagradOptimizer(learningRate, initialAccumulatorValue, clipping),
  /**
   * Lazy Adam: Adam's update on the looked-up rows only.
   * @param learningRate The step size.
   * @param beta1 The decay of the first moment.
   * @param beta2 The decay of the second moment.
   * @param epsilon Added to the square root of the second moment.
   * @param clipping Keras's gradient clipping options (at most one).
   */
  lazyAdam:
      (learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7,
       clipping?: GradientClipping) =>
          new LazyAdamOptimizer(learningRate, beta1, beta2, epsilon, clipping),
  /**
   * FTRL (TensorFlow's `ResourceSparseApplyFtrlV2` on the looked-up rows;
   * `tf.keras.optimizers.Ftrl`'s arguments).
   * @param learningRate The step size.
   * @param options learningRatePower (-0.5), initialAccumulatorValue (0.1),
   *     l1, l2, l2Shrinkage, beta (0), and Keras's gradient clipping options.
   */
  ftrl: (learningRate = 0.001, options?: FtrlOptions) =>
      new SparseFtrlOptimizer(learningRate, options),
  /**
   * Momentum (TensorFlow's `ResourceSparseApplyMomentum` on the looked-up
   * rows; `tf.train.momentum` on dense gradients).
   * @param learningRate The step size.
   * @param momentum The decay of the accumulated gradient.
   * @param useNesterov Whether to use Nesterov momentum.
   * @param clipping Keras's gradient clipping options (at most one).
   */
  momentum:
      (learningRate: number, momentum: number, useNesterov = false, clipping?: GradientClipping) =>
          new SparseMomentumOptimizer(learningRate, momentum, useNesterov, clipping),
  /**
   * FBGEMM's exact row-wise Adagrad: one accumulator per row.
   * @param learningRate The step size.
   * @param options initialAccumulatorValue (0), epsilon (1e-8), and Keras's
   *     gradient clipping options.
   */
  rowwiseAdagrad: (learningRate: number, options?: RowwiseAdagradOptions) =>
      new RowwiseAdagradOptimizer(learningRate, options),
};
