/**
 * The webgpu programs without a GPU: shader cache keys (two different
 * programs never share one), pure source generation, and that the webgpu
 * kernels import the optional backend for types only.
 */
import * as fs from 'fs';
import * as path from 'path';

import {SparseGradProgram} from '../../kernels/webgpu/webgpu_program';
import type {Constant, ProgramSpec} from '../../kernels/webgpu/webgpu_program';
import {fillSource} from '../../shaders/webgpu/fill.wgsl';
import {compactUnvisitedSource, gatherValuesSource, markVisitedSource, sumUnvisitedSource} from '../../shaders/webgpu/fill_empty_rows_grad.wgsl';
import {gatherSource} from '../../shaders/webgpu/gather.wgsl';
import {histogramSource, scatterSource} from '../../shaders/webgpu/radix_sort.wgsl';
import {chunkSumsSource, scanSource} from '../../shaders/webgpu/scan.wgsl';
import {countSegmentsSource, reduceRowsSource, rowStartsSource, segmentScalesSource} from '../../shaders/webgpu/segment_grad.wgsl';
import {segmentReductionSource} from '../../shaders/webgpu/segment_reduction.wgsl';
import {greedyMergeSource} from '../../shaders/webgpu/slice_grad.wgsl';

type AnySource = (c: Record<string, Constant>) => string;

/** Every shader with every value its constants take in the kernels. */
const SHADERS: Array<[string, AnySource, Array<Record<string, Constant>>]> = [
  [
    'fill', fillSource as AnySource,
    [{dtype: 'float32', value: 0}, {dtype: 'int32', value: 0}, {dtype: 'int32', value: 1}]
  ],
  ['scanChunkSums', chunkSumsSource as AnySource, [{}]],
  ['scan', scanSource as AnySource, [{hasChunkOffsets: false}, {hasChunkOffsets: true}]],
  [
    'radixHistogram', histogramSource as AnySource,
    [true, false].flatMap(
        firstPass => [true, false].flatMap(
            packed => [1, 2, 3, 4, 5, 6, 7, 8].map(bits => ({firstPass, packed, bits}))))
  ],
  [
    'radixScatter', scatterSource as AnySource,
    [true, false].flatMap(
        firstPass => [true, false].flatMap(
            packed => [1, 2, 3, 4, 5, 6, 7, 8].map(bits => ({firstPass, packed, bits}))))
  ],
  ['countSegments', countSegmentsSource as AnySource, [{}]],
  ['segmentScales', segmentScalesSource as AnySource, [{}]],
  ['rowStarts', rowStartsSource as AnySource, [{packed: false}, {packed: true}]],
  [
    'reduceRows', reduceRowsSource as AnySource,
    ['sum', 'scaled'].flatMap(
        mode => [1, 4].flatMap(
            width => [1, 2, 4].flatMap(
                loads => ['pairs', 'packed', 'ids'].map(layout => ({mode, width, loads, layout})))))
  ],
  [
    'segmentReduction', segmentReductionSource as AnySource,
    [['sum', 'float32'], ['sum', 'int32'], ['mean', 'float32'], ['sqrtn', 'float32']].flatMap(
        ([reduction, dtype]) => [1, 4].map(width => ({reduction, dtype, width})))
  ],
  [
    'gather', gatherSource as AnySource,
    ['float32', 'int32'].flatMap(
        dtype => [true, false].flatMap(
            hasValues => [true, false].map(
                hasDefaultInput => ({dtype, hasValues, hasDefaultInput}))))
  ],
  [
    'fillEmptyRowsGradValues', gatherValuesSource as AnySource,
    [{dtype: 'float32'}, {dtype: 'int32'}]
  ],
  ['fillEmptyRowsGradMark', markVisitedSource as AnySource, [{}]],
  ['fillEmptyRowsGradCompact', compactUnvisitedSource as AnySource, [{}]],
  [
    'fillEmptyRowsGradDefault', sumUnvisitedSource as AnySource,
    [{dtype: 'float32'}, {dtype: 'int32'}]
  ],
  ['sliceGradGreedyMerge', greedyMergeSource as AnySource, [{dtype: 'float32'}, {dtype: 'int32'}]],
];

function program(
    name: string, source: AnySource, constants: Record<string, Constant>,
    workgroupSize = 64): SparseGradProgram {
  const spec: ProgramSpec<Record<string, Constant>> =
      {name, constants, source, variableNames: ['x'], workgroupSize, uniforms: 'n : i32,'};
  return new SparseGradProgram(spec, 1, 1);
}

describe('webgpu shader cache keys', () => {
  test('a key always stands for the same code; equal specs share it', () => {
    const codeOfKey = new Map<string, string>();
    for (const [name, source, variants] of SHADERS) {
      for (const constants of variants) {
        for (const workgroupSize of [1, 64, 256]) {
          const p = program(name, source, constants, workgroupSize);
          const code = p.getUserCode() + `@workgroup_size(${workgroupSize})`;
          const seen = codeOfKey.get(p.shaderKey);
          if (seen != null) expect(seen).toBe(code);
          codeOfKey.set(p.shaderKey, code);
          // The same spec again: same key, same code (pure generation).
          const again = program(name, source, {...constants}, workgroupSize);
          expect(again.shaderKey).toBe(p.shaderKey);
          expect(again.getUserCode()).toBe(p.getUserCode());
        }
      }
    }
    // Distinct codes have distinct keys.
    expect(new Set(codeOfKey.values()).size).toBeLessThanOrEqual(codeOfKey.size);
  });

  test('every compile-time constant is in the key', () => {
    for (const [name, source, variants] of SHADERS) {
      const keys = new Set(variants.map(c => program(name, source, c).shaderKey));
      expect({name, distinct: keys.size}).toEqual({name, distinct: variants.length});
    }
  });

  test('the key ends with a hash of the code: a changed source changes the key', () => {
    const a = program('sameName', () => 'fn main(index : i32) {}', {});
    const b = program('sameName', () => 'fn main(index : i32) { }', {v: 1});
    const c = program('sameName2', () => 'fn main(index : i32) { }', {});
    expect(new Set([a.shaderKey, b.shaderKey, c.shaderKey]).size).toBe(3);
  });
});

describe('optional backend', () => {
  test('the webgpu kernels import @tensorflow/tfjs-backend-webgpu for types only', () => {
    const dir = path.join(__dirname, '..', '..', 'kernels', 'webgpu');
    for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.ts'))) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const imports = text.match(/import[^;]*from '@tensorflow\/tfjs-backend-webgpu[^']*';/g) ?? [];
      for (const line of imports) {
        expect({file, line, typeOnly: line.startsWith('import type')})
            .toEqual({file, line, typeOnly: true});
      }
    }
  });
});
