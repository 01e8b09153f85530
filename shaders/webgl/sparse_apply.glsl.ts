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
 * - A, M, W: new accumulator, first- and second-moment rows `[U, D]`, made
 *   by an earlier step of the same update.
 *
 * The formulas are tfjs's dense optimizers', one float32 operation at a
 * time (kernels/shared/sparse_apply_impl.ts spells out the same).
 * Uniforms: numRows (U), rowSize (D), and the step's constants.
 */
import {STEP_CONSTANTS} from '../../kernels/shared/sparse_apply_impl';
import type {UpdateStep} from '../../kernels/shared/sparse_apply_impl';
import type {ProgramSpec, Uniforms} from './program_spec';

/** The steps of the three updates (their order: UPDATE_STEPS). */
export type ApplyStep = UpdateStep;

/** The inputs each step reads, in binding order. */
export const APPLY_STEP_INPUTS: Record<ApplyStep, string[]> = {
  sgd: ['G', 'S', 'O', 'R', 'X'],
  adagradAccumulator: ['G', 'S', 'O', 'R', 'X'],
  adagradVariable: ['G', 'S', 'O', 'R', 'X', 'A'],
  adamM: ['G', 'S', 'O', 'R', 'X'],
  adamV: ['G', 'S', 'O', 'R', 'X'],
  adamVariable: ['R', 'X', 'M', 'W'],
};

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
};

/** One step: the new `[numRows, rowSize]` rows of the tensor it updates. */
export function sparseApplyProgram(step: ApplyStep): ProgramSpec<Uniforms> {
  const inputs = APPLY_STEP_INPUTS[step];
  const needsGradient = inputs.includes('G');
  const floats = Object.fromEntries(STEP_CONSTANTS[step].map(name => [name, 'float' as const]));
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
    void main() {
      int element = outputFlatIndex();
      int u = element / rowSize;
      int c = element - u * rowSize;
      if (u >= numRows) {
        setOutput(0.0);
        return;
      }
      float x = fetchX(fetchRInt(u) * rowSize + c);
      ${needsGradient ? 'float g = gradientOf(u, c);' : ''}
      setOutput(${NEW_VALUE[step]});
    }`,
  };
}
