/**
 * WGSL of `SparseFillEmptyRowsGrad`:
 *
 * - `gatherValues`: `dValues[i] = gradValues[reverseIndexMap[i]]` (0 for an
 *   entry outside [0, nFull), which only unvalidated input can have).
 * - `markVisited`: clears the "unvisited" flag (all 1 at first) of the
 *   slots some entry maps to (atomic stores of 0: racing stores of the same
 *   value, no order to depend on).
 * - an exclusive scan of the flags (scan.wgsl.ts), then `compactUnvisited`:
 *   the unvisited gradients, in ascending order, packed to the front.
 * - `sumUnvisited`: `dDefaultValue` = those K gradients added one by one in
 *   that order, as TF's CPU loop adds them (float32 rounding after each add,
 *   int32 wrapping): one invocation, so the order is exactly the CPU's and
 *   the result bit-identical, and its serial loop is K long (the filled
 *   empty rows, usually few), not N_full.
 */
import type {ProgramSpec} from './program_spec';

import {ShaderDtype, wgslType} from './common.wgsl';

const WORKGROUP = 64;

export interface FillGradConstants extends Record<string, string> {
  dtype: ShaderDtype;
}

function gatherValuesSource({dtype}: FillGradConstants): string {
  return `
  fn main(index : i32) {
    if (index < uniforms.n) {
      let r = reverseIndexMap[index];
      var v = ${wgslType(dtype)}(0);
      if (r >= 0 && r < uniforms.nFull) {
        v = gradValues[r];
      }
      result[index] = v;
    }
  }`;
}

function markVisitedSource(): string {
  return `
  fn main(index : i32) {
    if (index < uniforms.n) {
      let r = reverseIndexMap[index];
      if (r >= 0 && r < uniforms.nFull) {
        atomicStore(&result[r], 0);
      }
    }
  }`;
}

/** `result[positions[j]] = gradValues[j]` for each unvisited slot j. */
function compactUnvisitedSource(): string {
  return `
  fn main(index : i32) {
    if (index < uniforms.nFull && unvisited[index] == 1) {
      let pos = positions[index];
      if (pos >= 0 && pos < uniforms.nFull) {
        result[pos] = gradValues[index];
      }
    }
  }`;
}

function sumUnvisitedSource({dtype}: FillGradConstants): string {
  return `
  fn main(index : i32) {
    if (index == 0) {
      let last = uniforms.nFull - 1;
      let count = clamp(positions[last] + unvisited[last], 0, uniforms.nFull);
      var acc = ${wgslType(dtype)}(0);
      for (var k = 0; k < count; k++) {
        acc = acc + compacted[k];
      }
      result[0] = acc;
    }
  }`;
}

/** `dValues` (`[n]`): one invocation per entry. */
export function gatherValuesProgram(constants: FillGradConstants):
    ProgramSpec<FillGradConstants, {n: 'i32', nFull: 'i32'}> {
  return {
    name: 'fillEmptyRowsGradValues',
    constants,
    source: gatherValuesSource,
    inputs: ['reverseIndexMap', 'gradValues'],
    workgroupSize: WORKGROUP,
    uniforms: {n: 'i32', nFull: 'i32'},
  };
}

/** Clears the flags (atomic `[nFull]`, all 1) of mapped slots: one invocation per entry. */
export function markVisitedProgram(): ProgramSpec<Record<string, never>, {n: 'i32', nFull: 'i32'}> {
  return {
    name: 'fillEmptyRowsGradMark',
    constants: {},
    source: markVisitedSource,
    inputs: ['reverseIndexMap'],
    workgroupSize: WORKGROUP,
    atomic: true,
    uniforms: {n: 'i32', nFull: 'i32'},
  };
}

/** The unvisited gradients packed to the front: one invocation per slot. */
export function compactUnvisitedProgram(): ProgramSpec<Record<string, never>, {nFull: 'i32'}> {
  return {
    name: 'fillEmptyRowsGradCompact',
    constants: {},
    source: compactUnvisitedSource,
    inputs: ['unvisited', 'positions', 'gradValues'],
    workgroupSize: WORKGROUP,
    uniforms: {nFull: 'i32'},
  };
}

/** `dDefaultValue` (a scalar): one invocation. */
export function sumUnvisitedProgram(constants: FillGradConstants):
    ProgramSpec<FillGradConstants, {nFull: 'i32'}> {
  return {
    name: 'fillEmptyRowsGradDefault',
    constants,
    source: sumUnvisitedSource,
    inputs: ['unvisited', 'positions', 'compacted'],
    workgroupSize: 1,
    uniforms: {nFull: 'i32'},
  };
}
