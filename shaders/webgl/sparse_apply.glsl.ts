/**
 * Fragment programs of the sparse optimizers' in-place updates on webgl.
 * Each computes the new values of the looked-up rows, `[U, D]` (row u is
 * variable row R[u]); a scatter draw (scatter_blend.glsl.ts, without
 * blending) then writes them into the variable's or the slot's own texture.
 * Inputs by name:
 *
 * - G: the gradient rows `[N, D]`; S: group starts `[U + 1]`; O: gradient
 *   row numbers grouped by variable row (each group in input order); R: the
 *   variable row of each group `[U]`;
 * - X: the tensor being updated (read at row R[u]);
 * - A, M, W, L: new accumulator, first- and second-moment, linear rows
 *   `[U, D]` (`[U]` for row-wise Adagrad's accumulator), made by an earlier
 *   step of the same update;
 * - P, V: the update's first slot and the variable as they were (read at
 *   row R[u]), for the steps that run before those change.
 *
 * The formulas are tfjs's dense optimizers' and TensorFlow's sparse apply
 * ops', one float32 operation at a time (kernels/shared/sparse_apply_impl.ts
 * spells out the same). Uniforms: numRows (U), rowSize (D) and the step's
 * constants.
 */
import {ROW_STEPS, STEP_CONSTANTS} from '../../kernels/shared/sparse_apply_impl';
import type {UpdateStep} from '../../kernels/shared/sparse_apply_impl';
import type {ProgramSpec, Uniforms} from './program_spec';

/** The steps of the updates (their order: UPDATE_STEPS). */
export type ApplyStep = UpdateStep;

const GROUPS = ['G', 'S', 'O', 'R'];

/** The inputs each step reads, in binding order. */
export const APPLY_STEP_INPUTS: Record<ApplyStep, string[]> = {
  sgd: [...GROUPS, 'X'],
  adagradAccumulator: [...GROUPS, 'X'],
  adagradVariable: [...GROUPS, 'X', 'A'],
  adamM: [...GROUPS, 'X'],
  adamV: [...GROUPS, 'X'],
  adamVariable: ['R', 'X', 'M', 'W'],
  ftrlLinear: [...GROUPS, 'X', 'P', 'V'],
  ftrlVariable: [...GROUPS, 'X', 'P', 'L'],
  ftrlAccumulator: [...GROUPS, 'X'],
  momentumVariable: [...GROUPS, 'X', 'P'],
  momentumAccumulator: [...GROUPS, 'X'],
  rowwiseAccumulator: [...GROUPS, 'X'],
  rowwiseVariable: [...GROUPS, 'X', 'A'],
};

/** FTRL's `a^(-lrPower)` in GLSL (a square root for -0.5, as TensorFlow). */
const FTRL_POWER = `
    float ftrlPower(float a) {
      return lrPower == -0.5 ? sqrt(a) : (lrPower == 0.0 ? 1.0 : pow(a, -lrPower));
    }`;

/**
 * The new value of the element, from x (its value), g (its gradient) and element (its index in the
 * new rows).
 */
const NEW_VALUE: Record<ApplyStep, string> = {
  sgd: 'x + nlr * g',
  adagradAccumulator: 'x + g * g',
  adagradVariable: 'x + (g / sqrt(fetchA(element) + eps)) * nlr',
  adamM: 'x * b1 + g * omb1',
  adamV: 'x * b2 + (g * g) * omb2',
  adamVariable: 'x + ((fetchM(element) / c1) / (sqrt(fetchW(element) / c2) + eps)) * nlr',
  ftrlLinear: 'x + ((g + tws * v) - ((ftrlPower(p + g * g) - ftrlPower(p)) / lr) * v)',
  ftrlVariable: '(clamp(fetchL(element), -l1, l1) - fetchL(element)) / ' +
      '(ftrlPower(p + g * g) / lr + tl2)',
  ftrlAccumulator: 'x + g * g',
  momentumVariable:
      'x - (nesterov != 0.0 ? lr * g + (p * momentum + g) * lrm : lr * (p * momentum + g))',
  momentumAccumulator: 'x * momentum + g',
  rowwiseAccumulator: 'x + squares / float(rowSize)',
  rowwiseVariable: 'x - (lr / (sqrt(fetchA(u)) + eps)) * g',
};

/** One step: the new `[numRows, rowSize]` rows of the tensor it updates. */
export function sparseApplyProgram(step: ApplyStep): ProgramSpec<Uniforms> {
  const inputs = APPLY_STEP_INPUTS[step];
  const needsGradient = inputs.includes('G');
  const perRow = ROW_STEPS.has(step);
  const floats = Object.fromEntries(STEP_CONSTANTS[step].map(name => [name, 'float' as const]));
  // The element's value in a tensor read at its variable row (X, P, V).
  const at = perRow ? 'fetchRInt(u)' : 'fetchRInt(u) * rowSize + c';
  return {
    name: `sparseApply_${step}`,
    inputs,
    uniforms: {numRows: 'int', rowSize: 'int', ...floats},
    main: `
    ${
        needsGradient ? `
    // The sum of group u's gradient rows at column c, in input order.
    float gradientOf(int u, int c) {
      float g = 0.0;
      int end = fetchSInt(u + 1);
      for (int k = fetchSInt(u); k < end; k++) {
        g += fetchG(fetchOInt(k) * rowSize + c);
      }
      return g;
    }` :
                        ''}
    ${step.startsWith('ftrl') && step !== 'ftrlAccumulator' ? FTRL_POWER : ''}
    void main() {
      int element = outputFlatIndex();
      int u = ${perRow ? 'element' : 'element / rowSize'};
      ${perRow ? '' : 'int c = element - u * rowSize;'}
      if (u >= numRows) {
        setOutput(0.0);
        return;
      }
      float x = fetchX(${at});
      ${inputs.includes('P') ? `float p = fetchP(${at});` : ''}
      ${inputs.includes('V') ? `float v = fetchV(${at});` : ''}
      ${
        perRow            ? `
      // The squares of the row's summed gradient, in column order.
      float squares = 0.0;
      for (int c = 0; c < rowSize; c++) {
        float g = gradientOf(u, c);
        squares += g * g;
      }` :
            needsGradient ? 'float g = gradientOf(u, c);' :
                            ''}
      setOutput(${NEW_VALUE[step]});
    }`,
  };
}

/**
 * `SparseGradSumDuplicates`' values: row j of the `[N, rowSize]` output is
 * the sum of group F[j]'s gradient rows G (in input order: O from S[g] to
 * S[g + 1]) where position j is the group's first (F[j] >= 0), else zeros.
 */
export function sumDuplicatesProgram(): ProgramSpec<Uniforms> {
  return {
    name: 'sumDuplicates',
    inputs: ['G', 'S', 'O', 'F'],
    uniforms: {rowSize: 'int'},
    main: `
    void main() {
      int element = outputFlatIndex();
      int j = element / rowSize;
      int c = element - j * rowSize;
      int group = fetchFInt(j);
      float g = 0.0;
      if (group >= 0) {
        int end = fetchSInt(group + 1);
        for (int k = fetchSInt(group); k < end; k++) {
          g += fetchG(fetchOInt(k) * rowSize + c);
        }
      }
      setOutput(g);
    }`,
  };
}
