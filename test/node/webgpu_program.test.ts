/**
 * The webgpu programs without a GPU: shader cache keys (two different
 * programs never share one), pure source generation, and that the webgpu
 * and webgl kernels import their optional backends for types only.
 */
import * as fs from 'fs';
import * as path from 'path';

import {SparseGradProgram} from '../../kernels/webgpu/lib/program';
import type {Constant, ProgramSpec, Uniforms} from '../../shaders/webgpu/program_spec';
import {bagClipDotProgram, BagConstants, bagDenominatorProgram, bagForwardProgram, bagGradValuesProgram, bagNormsProgram, bagOutputDotProgram, bagRowsProgram, bagValidityProgram, bagWeightGradProgram} from '../../shaders/webgpu/embedding_bag.wgsl';
import {fillProgram} from '../../shaders/webgpu/fill.wgsl';
import {compactUnvisitedProgram, gatherValuesProgram, markVisitedProgram, sumUnvisitedProgram} from '../../shaders/webgpu/fill_empty_rows_grad.wgsl';
import {gatherProgram} from '../../shaders/webgpu/gather.wgsl';
import {poisonProgram, sliceValidityProgram, validityProgram} from '../../shaders/webgpu/guard.wgsl';
import {histogramProgram, scatterProgram} from '../../shaders/webgpu/radix_sort.wgsl';
import {chunkSumsProgram, scanProgram} from '../../shaders/webgpu/scan.wgsl';
import {countSegmentsProgram, reduceRowsProgram, rowStartsProgram, segmentScalesProgram} from '../../shaders/webgpu/segment_grad.wgsl';
import {segmentReductionProgram} from '../../shaders/webgpu/segment_reduction.wgsl';
import {greedyMergeProgram} from '../../shaders/webgpu/slice_grad.wgsl';
import {copyProgram, sparseApplyProgram} from '../../shaders/webgpu/sparse_apply.wgsl';

type AnySpec = ProgramSpec<Record<string, Constant>>;

/** A program's spec for each of `constants`. */
function variants<C extends Record<string, Constant>>(
    factory: (constants: C) => ProgramSpec<C, Uniforms>, constants: C[]): AnySpec[] {
  return constants.map(c => factory(c) as unknown as AnySpec);
}

const radixVariants = [true, false].flatMap(
    firstPass => [true, false].flatMap(
        packed => [1, 2, 3, 4, 5, 6, 7, 8].map(bits => ({firstPass, packed, bits}))));
const dtypes = ['float32', 'int32'] as const;

/** Every variant of the embedding-bag programs ('max' takes no weights). */
const BAG_VARIANTS: BagConstants[] =
    (['sum', 'mean', 'sqrtn', 'max'] as const)
        .flatMap(
            combiner => [false, ...(combiner === 'max' ? [] : [true])].flatMap(
                weighted => [false, true].map(clipped => ({combiner, weighted, clipped}))));

/** Every program with every value its constants take in the kernels. */
const SPECS: AnySpec[][] = [
  variants(
      fillProgram,
      [{dtype: 'float32', value: 0}, {dtype: 'int32', value: 0}, {dtype: 'int32', value: 1}]),
  variants(chunkSumsProgram, [{}]),
  variants(scanProgram, [{hasChunkOffsets: false}, {hasChunkOffsets: true}]),
  variants(histogramProgram, radixVariants),
  variants(scatterProgram, radixVariants),
  variants(countSegmentsProgram, [{}]),
  variants(segmentScalesProgram, [{}]),
  variants(rowStartsProgram, [{packed: false}, {packed: true}]),
  variants(
      reduceRowsProgram,
      (['sum', 'scaled'] as const)
          .flatMap(
              mode => [1, 4].flatMap(
                  width => [1, 2, 4].flatMap(
                      loads =>
                          (['pairs', 'packed', 'ids'] as const)
                              .map(
                                  layout => (
                                      {mode, dtype: 'float32' as const, width, loads, layout})))))),
  variants(
      segmentReductionProgram,
      ([['sum', 'float32'], ['sum', 'int32'], ['mean', 'float32'], ['sqrtn', 'float32']] as const)
          .flatMap(([reduction, dtype]) => [1, 4].map(width => ({reduction, dtype, width})))),
  variants(
      gatherProgram,
      dtypes.flatMap(
          dtype => [true, false].flatMap(
              hasValues => [true, false].map(
                  hasDefaultInput => ({dtype, hasValues, hasDefaultInput}))))),
  variants(gatherValuesProgram, dtypes.map(dtype => ({dtype}))),
  variants(markVisitedProgram, [{}]),
  variants(compactUnvisitedProgram, [{}]),
  variants(sumUnvisitedProgram, dtypes.map(dtype => ({dtype}))),
  variants(greedyMergeProgram, dtypes.map(dtype => ({dtype}))),
  variants(
      sparseApplyProgram,
      (['pairs', 'packed'] as const)
          .flatMap(
              layout => ([
                          'gradientSum', 'sgd', 'adagradAccumulator', 'adagradVariable', 'adamM',
                          'adamV', 'adamVariable'
                        ] as const)
                            .map(step => ({layout, step})))),
  variants(copyProgram, [{}]),
  variants(
      validityProgram,
      ([
        'segmentGrad', 'segmentReduction', 'unsortedSegmentSum', 'fillEmptyRowsGrad', 'sparseApply'
      ] as const)
          .map(check => ({check}))),
  variants(sliceValidityProgram, [{}]),
  variants(poisonProgram, dtypes.map(dtype => ({dtype}))),
  variants(bagRowsProgram, [{}]),
  variants(bagValidityProgram, [{}]),
  variants(bagNormsProgram, [{}]),
  variants(
      bagDenominatorProgram,
      BAG_VARIANTS.filter(v => v.combiner === 'mean' || v.combiner === 'sqrtn')),
  variants(
      bagForwardProgram,
      BAG_VARIANTS.flatMap(
          v => [false, ...(v.combiner === 'max' ? [true] : [])].map(argmax => ({...v, argmax})))),
  variants(bagClipDotProgram, BAG_VARIANTS.filter(v => v.clipped)),
  variants(bagGradValuesProgram, BAG_VARIANTS),
  variants(bagOutputDotProgram, [{}]),
  variants(bagWeightGradProgram, BAG_VARIANTS.filter(v => v.weighted)),
];

function program(spec: AnySpec, workgroupSize = spec.workgroupSize): SparseGradProgram {
  return new SparseGradProgram({...spec, workgroupSize}, 1, 1);
}

describe('webgpu program contracts', () => {
  test('a program reads only the uniforms it declares, and reads each of them', () => {
    for (const specs of SPECS) {
      const read = new Set<string>();
      for (const spec of specs) {
        const code = spec.source(spec.constants);
        const used = new Set([...code.matchAll(/uniforms\.(\w+)/g)].map(m => m[1]));
        used.forEach(name => read.add(name));
        const declared = Object.keys(spec.uniforms ?? {});
        expect({name: spec.name, undeclared: [...used].filter(u => !declared.includes(u))})
            .toEqual({name: spec.name, undeclared: []});
      }
      // Some variants skip a uniform (e.g. valueBits of unpacked pairs); one reads it.
      const declared = Object.keys(specs[0].uniforms ?? {});
      expect({name: specs[0].name, unread: declared.filter(u => !read.has(u))})
          .toEqual({name: specs[0].name, unread: []});
    }
  });

  test(
      'a program binds at most 8 storage buffers (its inputs and output), the default limit',
      () => {
        for (const spec of SPECS.flat()) {
          expect({name: spec.name, constants: spec.constants, buffers: spec.inputs.length + 1})
              .toEqual({
                name: spec.name,
                constants: spec.constants,
                buffers: Math.min(8, spec.inputs.length + 1)
              });
        }
      });

  test('a program reads every input it binds', () => {
    for (const spec of SPECS.flat()) {
      const code = spec.source(spec.constants);
      const unread = spec.inputs.filter(name => !new RegExp(`\\b${name}\\[`).test(code));
      expect({name: spec.name, constants: spec.constants, unread})
          .toEqual({name: spec.name, constants: spec.constants, unread: []});
      expect(spec.inputComponents?.length ?? spec.inputs.length).toBe(spec.inputs.length);
    }
  });
});

describe('webgpu shader cache keys', () => {
  test('a key always stands for the same code; equal specs share it', () => {
    const codeOfKey = new Map<string, string>();
    for (const spec of SPECS.flat()) {
      for (const workgroupSize of [1, 64, 256]) {
        const p = program(spec, workgroupSize);
        const code = p.getUserCode() + `@workgroup_size(${workgroupSize})`;
        const seen = codeOfKey.get(p.shaderKey);
        if (seen != null) expect(seen).toBe(code);
        codeOfKey.set(p.shaderKey, code);
        // The same spec again: same key, same code (pure generation).
        const again = program({...spec, constants: {...spec.constants}}, workgroupSize);
        expect(again.shaderKey).toBe(p.shaderKey);
        expect(again.getUserCode()).toBe(p.getUserCode());
      }
    }
  });

  test('every compile-time constant is in the key', () => {
    for (const specs of SPECS) {
      const keys = new Set(specs.map(spec => program(spec).shaderKey));
      expect({name: specs[0].name, distinct: keys.size})
          .toEqual({name: specs[0].name, distinct: specs.length});
    }
  });

  test('the key ends with a hash of the code: a changed source changes the key', () => {
    const base: AnySpec = {
      name: 'sameName',
      constants: {},
      source: () => 'fn main(index : i32) {}',
      inputs: ['x'],
      workgroupSize: 64,
      uniforms: {n: 'i32'},
    };
    const a = program(base);
    const b = program({...base, constants: {v: 1}, source: () => 'fn main(index : i32) { }'});
    const c = program({...base, name: 'sameName2', source: () => 'fn main(index : i32) { }'});
    expect(new Set([a.shaderKey, b.shaderKey, c.shaderKey]).size).toBe(3);
  });

  test('uniforms are declared in order, with their types', () => {
    const p = program({
      name: 'uniformOrder',
      constants: {},
      source: () => '',
      inputs: [],
      workgroupSize: 1,
      uniforms: {n: 'i32', scale: 'f32', bits: 'u32'},
    });
    expect(p.uniforms).toBe('n : i32, scale : f32, bits : u32,');
  });
});

describe('optional backends', () => {
  /** Every .ts file under `dir`. */
  function sources(dir: string): string[] {
    return fs.readdirSync(dir, {withFileTypes: true}).flatMap(entry => {
      const file = path.join(dir, entry.name);
      return entry.isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : [];
    });
  }

  test.each(['webgl', 'webgpu'])(
      'the %s kernels import their backend package for types only', backend => {
        const root = path.join(__dirname, '..', '..');
        const files = [
          ...sources(path.join(root, 'kernels', backend)),
          ...sources(path.join(root, 'shaders', backend))
        ];
        expect(files.length).toBeGreaterThan(20);
        const pattern =
            new RegExp(`import[^;]*from '@tensorflow/tfjs-backend-${backend}[^']*';`, 'g');
        for (const file of files) {
          const imports = fs.readFileSync(file, 'utf8').match(pattern) ?? [];
          for (const line of imports) {
            expect({file, line, typeOnly: line.startsWith('import type')})
                .toEqual({file, line, typeOnly: true});
          }
        }
      });
});
