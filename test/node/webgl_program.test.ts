/**
 * The webgl programs' contracts without a GPU: each program reads every
 * input it binds and every uniform it declares (an undeclared one fails to
 * compile, which the browser suite would show), and `runProgram` refuses a
 * call that misses a uniform or an input.
 */
import type {ProgramSpec, Uniforms} from '../../shaders/webgl/program_spec';
import {runProgram, userCode} from '../../kernels/webgl/lib/program';
import type {WebGLBackend} from '../../kernels/webgl/lib/backend_util';
import {fetchName} from '../../shaders/webgl/common.glsl';
import {bagClipDotProgram, bagDenominatorProgram, bagForwardProgram, bagGradValuesProgram, bagNormsProgram, bagOutputDotProgram, BagVariant, bagWeightGradProgram} from '../../shaders/webgl/embedding_bag.glsl';
import {gatherRowsProgram, PERMUTE, segmentScaleProgram, SORTED_DST_ROWS} from '../../shaders/webgl/segment_grad.glsl';
import {segmentReductionProgram} from '../../shaders/webgl/segment_reduction.glsl';
import {BITONIC_STEP, COPY, ELEMENT, GATHER_KEYS, IOTA, LOWER_BOUNDS, RUN_KEYS, RUN_STARTS, RUN_SUMMARY, SCAN_STEP, SORT_KEYS, ZEROS} from '../../shaders/webgl/sort.glsl';
import {APPLY_STEP_INPUTS, ApplyStep, sparseApplyProgram} from '../../shaders/webgl/sparse_apply.glsl';
import {defaultSumProgram, gatherGradProgram} from '../../shaders/webgl/sparse_fill_empty_rows_grad.glsl';
import {inBoxProgram, selectProgram, SLICE_GRAD_GATHER} from '../../shaders/webgl/sparse_slice.glsl';

const bools = [false, true];

/** Every variant of the embedding-bag programs ('max' takes no weights). */
const BAG_VARIANTS: BagVariant[] =
    (['sum', 'mean', 'sqrtn', 'max'] as const)
        .flatMap(
            combiner => [false, ...(combiner === 'max' ? [] : [true])].flatMap(
                weighted => [false, true].map(clipped => ({combiner, weighted, clipped}))));

/** Every program, grouped by name, with every variant the kernels make. */
const SPECS: ProgramSpec[][] = [
  [SORT_KEYS],
  [IOTA],
  [BITONIC_STEP],
  [GATHER_KEYS],
  [RUN_STARTS],
  [SCAN_STEP],
  [LOWER_BOUNDS],
  [RUN_KEYS],
  [RUN_SUMMARY],
  [ELEMENT],
  [ZEROS],
  [COPY],
  [SORTED_DST_ROWS],
  [PERMUTE],
  [SLICE_GRAD_GATHER],
  (['mean', 'sqrtn'] as const)
      .flatMap(
          reduction => [1, 2, 4].flatMap(
              counts => bools.map(fromRuns => segmentScaleProgram(reduction, counts, fromRuns)))),
  bools.flatMap(
      scaled => bools.flatMap(
          bySegment => bools.map(int => gatherRowsProgram({scaled, bySegment, int})))),
  (['sum', 'mean', 'sqrtn'] as const)
      .flatMap(reduction => bools.map(isInt => segmentReductionProgram(reduction, isInt))),
  bools.map(gatherGradProgram),
  bools.map(defaultSumProgram),
  [1, 2, 3].map(inBoxProgram),
  [1, 2, 3].flatMap(rank => (['indices', 'values'] as const).map(m => selectProgram(rank, m))),
  ...(Object.keys(APPLY_STEP_INPUTS) as ApplyStep[]).map(step => [sparseApplyProgram(step)]),
  [bagNormsProgram()],
  BAG_VARIANTS.filter(v => v.combiner === 'mean' || v.combiner === 'sqrtn')
      .map(bagDenominatorProgram),
  BAG_VARIANTS.map(v => bagForwardProgram(v)),
  BAG_VARIANTS.filter(v => v.combiner === 'max').map(v => bagForwardProgram(v, true)),
  BAG_VARIANTS.filter(v => v.clipped).map(bagClipDotProgram),
  BAG_VARIANTS.map(bagGradValuesProgram),
  [bagOutputDotProgram()],
  BAG_VARIANTS.filter(v => v.weighted).map(bagWeightGradProgram),
];

const readsWord = (code: string, word: string) => new RegExp(`\\b${word}\\b`).test(code);

describe('webgl program contracts', () => {
  test('a program reads every input it binds', () => {
    for (const spec of SPECS.flat()) {
      const unread =
          spec.inputs.filter(x => !new RegExp(`\\b${fetchName(x)}(Int)?\\(`).test(spec.main));
      expect({name: spec.name, inputs: spec.inputs, unread})
          .toEqual({name: spec.name, inputs: spec.inputs, unread: []});
    }
  });

  test('a program reads each uniform it declares', () => {
    for (const specs of SPECS) {
      const declared = Object.keys(specs[0].uniforms);
      // Some variants skip a uniform (the slice's values never read start); one reads it.
      const unread = declared.filter(u => !specs.some(spec => readsWord(spec.main, u)));
      expect({name: specs[0].name, unread}).toEqual({name: specs[0].name, unread: []});
      for (const spec of specs) {
        expect(Object.keys(spec.uniforms)).toEqual(declared);
      }
    }
  });

  test('the fetch helpers of the inputs come before main', () => {
    const code = userCode(SORT_KEYS);
    expect(code.indexOf('float fetchI(int i)')).toBeGreaterThan(-1);
    expect(code.indexOf('int fetchSInt(int i)')).toBeGreaterThan(-1);
    expect(code.indexOf('float fetchI(int i)')).toBeLessThan(code.indexOf('void main()'));
  });

  test('runProgram refuses a missing uniform or a wrong input count', () => {
    const backend = {uploadToGPU: () => undefined} as unknown as WebGLBackend;
    const t = {dataId: {}, shape: [1], dtype: 'int32' as const};
    const spec: ProgramSpec<Uniforms> = COPY;
    expect(() => runProgram(backend, spec, [t], 'int32', {outputShape: [1], uniforms: {}}))
        .toThrow(`copy: no value for uniform 'n'`);
    expect(() => runProgram(backend, spec, [], 'int32', {outputShape: [1], uniforms: {n: 1}}))
        .toThrow('copy: 0 inputs given for 1 bindings');
  });
});
