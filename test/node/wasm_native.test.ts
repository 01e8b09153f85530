/**
 * The compiled loops of the wasm kernels: the committed binaries are what
 * Debian's clang makes of kernels/wasm/native/sparse_grad.c, each variant
 * imports tfjs's memory and nothing else and writes nothing of its own into
 * it (no data segment), and 1,000 calls of every wasm kernel leave the
 * tensor count and the heap as they were.
 */
import '@tensorflow/tfjs-backend-wasm';

import * as tf from '@tensorflow/tfjs';
import {execFileSync} from 'child_process';
import * as path from 'path';

import {wasmBackend} from '../../kernels/wasm/lib/backend_util';
import {nativeReady} from '../../kernels/wasm/lib/native';
import {NATIVE_BINARIES} from '../../kernels/wasm/lib/native_binaries';
import * as sg from '../../src/layers';

const ROOT = path.join(__dirname, '..', '..');

test('the committed binaries are built from the C source (npm run build:wasm)', () => {
  const out =
      execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-wasm.mjs'), '--check'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
  expect(out).toMatch(/matches the source/);
});

/** The ids of a module's sections. */
function sections(bytes: Uint8Array): number[] {
  const ids: number[] = [];
  let p = 8;
  while (p < bytes.length) {
    ids.push(bytes[p]);
    let size = 0;
    let shift = 0;
    let q = p + 1;
    for (;;) {
      const b = bytes[q++];
      size |= (b & 127) << shift;
      shift += 7;
      if ((b & 128) === 0) break;
    }
    p = q + size;
  }
  return ids;
}

test.each(Object.entries(NATIVE_BINARIES))(
    'the %s variant imports only memory and has no data segment', (_name, base64) => {
      const bytes = Uint8Array.from(Buffer.from(base64, 'base64'));
      const module = new WebAssembly.Module(bytes);
      expect(WebAssembly.Module.imports(module)).toEqual([
        {module: 'env', name: 'memory', kind: 'memory'}
      ]);
      // Section 11 is Data, 12 DataCount.
      expect(sections(bytes).filter(id => id === 11 || id === 12)).toEqual([]);
    });

/**
 * Runs every function of the module (variant `name`) on the same random
 * inputs in a memory of its own, and returns the memory's bytes after.
 */
function runAll(name: keyof typeof NATIVE_BINARIES): Uint8Array {
  const shared = name.endsWith('Shared');
  const memory =
      new WebAssembly.Memory({initial: 4, maximum: 65536, shared} as WebAssembly.MemoryDescriptor);
  const bytes = Uint8Array.from(Buffer.from(NATIVE_BINARIES[name], 'base64'));
  const f = new WebAssembly.Instance(new WebAssembly.Module(bytes), {env: {memory}}).exports as
      unknown as import('../../kernels/wasm/lib/native').NativeExports;
  const f32 = new Float32Array(memory.buffer);
  const i32 = new Int32Array(memory.buffer);
  // Inputs at fixed offsets (in elements): data, ids, scales, outputs.
  const d = 13;  // not a multiple of 4: SIMD and scalar tails both run
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let k = 0; k < 4096; k++) f32[1024 + k] = random() * 4 - 2;
  for (let k = 0; k < 64; k++) i32[8192 + k] = Math.floor(random() * 20);
  for (let k = 0; k < 64; k++) i32[8448 + k] = k >> 2;  // sorted segment ids
  for (let k = 0; k < 32; k++) f32[8704 + k] = 1 / (1 + k);
  const at = (element: number) => element * 4;
  f.scatter_rows_f32(at(16384), at(1024), at(8192), at(8448), at(8704), 64, d);
  f.scatter_rows_f32(at(20480), at(1024), at(8192), 0, 0, 64, d);
  f.scatter_rows_i32(at(24576), at(8192), at(8448), 64, 2);
  f.reduce_segment_f32(at(28672), at(32000), at(1024), at(8192), 3, 37, d, 1, 37);
  f.reduce_segment_f32(at(28800), at(32000), at(1024), at(8192), 0, 5, d, 0.2, 0);
  f.reduce_segment_i32(at(29000), at(32000), at(8192), at(8448), 1, 27, 1);
  // Groups: rows 2, 5, 9 with gradient rows (0, 3), (1), (2, 4, 5).
  i32.set([2, 5, 9], 9000);
  i32.set([0, 2, 3, 6], 9010);
  i32.set([0, 3, 1, 2, 4, 5], 9020);
  for (let k = 0; k < 3 * 16 * d; k++) f32[40000 + k] = random();
  f.apply_sgd(at(40000), at(36000), at(1024), at(9000), at(9010), at(9020), 3, d, -0.1);
  f.apply_adagrad(
      at(40000), at(40000 + 16 * d), at(36000), at(1024), at(9000), at(9010), at(9020), 3, d, -0.1,
      1e-7);
  f.apply_lazy_adam(
      at(40000), at(40000 + 16 * d), at(40000 + 32 * d), at(36000), at(1024), at(9000), at(9010),
      at(9020), 3, d, 0.9, 0.999, 0.1, 0.001, 0.1, 0.001, 1e-7, -0.01);
  return new Uint8Array(memory.buffer.slice(0, 4 * 65536));
}

test('every variant computes the same bits as the SIMD one (which the case table checks)', () => {
  const reference = runAll('simd');
  for (const name of ['scalar', 'simdShared', 'scalarShared'] as const) {
    const bytes = runAll(name);
    const first = bytes.findIndex((b, k) => b !== reference[k]);
    expect({name, firstDifference: first}).toEqual({name, firstDifference: -1});
  }
});

describe('on the wasm backend', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    expect(await nativeReady(wasmBackend(tf.backend()))).toBe('simd');
  });

  test('1,000 calls of every kernel keep tensors and heap bytes stable', async () => {
    const grad = tf.randomNormal([50, 8]);
    const indices = tf.tensor1d(Array.from({length: 200}, (_, i) => (i * 7) % 60), 'int32');
    const segmentIds = tf.tensor1d(Array.from({length: 200}, (_, i) => Math.floor(i / 4)), 'int32');
    const data = tf.randomNormal([60, 8]);
    const table = tf.variable(tf.randomNormal([60, 8]));
    const optimizers = [sg.train.sgd(0.1), sg.train.adagrad(0.1), sg.train.lazyAdam(0.1)];
    const calls = () => {
      tf.dispose([
        sg.sparseSegmentSumGrad(grad, indices, segmentIds, 60),
        sg.sparseSegmentMeanGrad(grad, indices, segmentIds, 60),
        ...Object.values(sg.sparseSegmentSqrtNGradV2(grad, indices, segmentIds, 60)),
        tf.sparse.sparseSegmentMean(data, indices, segmentIds),
        sg.sparseSegmentSqrtNWithNumSegments(data, indices, segmentIds, 60),
        tf.tidy(() => tf.unsortedSegmentSum(data.gather(indices), segmentIds, 50)),
      ]);
      for (const optimizer of optimizers) {
        optimizer.minimize(() => tf.gather(table, indices).sum(), false, [table]);
      }
    };
    calls();  // the optimizers make their slots and the table's own copy once
    const heap = () => wasmBackend(tf.backend()).wasm.HEAPU8.buffer.byteLength;
    const before = {tensors: tf.memory().numTensors, bytes: tf.memory().numBytes, heap: heap()};
    for (let i = 0; i < 1000; i++) calls();
    expect({tensors: tf.memory().numTensors, bytes: tf.memory().numBytes, heap: heap()})
        .toEqual(before);
    tf.dispose([grad, indices, segmentIds, data, table]);
    optimizers.forEach(o => o.dispose());
  });
});

test(
    'an allocation the heap cannot make raises ResourceExhaustedError and leaves wasm working',
    async () => {
      await tf.setBackend('wasm');
      const module = (tf.backend() as unknown as {wasm: {_malloc(n: number): number}}).wasm;
      const table = tf.variable(tf.ones([100000, 4]));
      const optimizer = sg.train.sgd(0.1);
      const tensors = tf.memory().numTensors;
      // The module's malloc returns 0 when the heap cannot grow (a browser's
      // limit below 4 GiB); writing there would corrupt the heap.
      const malloc = module._malloc;
      module._malloc = (n: number) => n >= 1e6 ? 0 : malloc(n);
      let error: Error|null = null;
      try {
        optimizer.minimize(
            () => tf.sum(tf.gather(table, tf.tensor1d([1, 2], 'int32'))) as tf.Scalar, false,
            [table]);
      } catch (e) {
        error = e as Error;
      } finally {
        module._malloc = malloc;
      }
      expect(error?.name).toBe('ResourceExhaustedError');
      expect(error?.message).toContain('[Op:SparseGradOwnedCopy]');
      expect(tf.memory().numTensors).toBe(tensors);
      expect(Array.from(await tf.ones([1000]).sum().data())).toEqual([1000]);
      table.dispose();
      optimizer.dispose();
    });
