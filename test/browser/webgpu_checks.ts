/**
 * Checks of the webgpu kernels beyond the shared case table: bit-identical
 * repeat runs, sizes past 65,535 workgroups per dispatch dimension, leaks
 * over 1,000 calls, GPU-resident indices with the async variants, the
 * validation flag, and CPU-held index values surviving a kernel. They run in
 * the browser page on the webgpu backend.
 */
import type * as tfType from '@tensorflow/tfjs';

import {f32} from '../harness/specs';
import {Random} from '../harness/random';
import type {NamedCheck, TensorSpec} from '../harness/types';
import {refFillEmptyRowsGrad, refSegmentGrad} from '../reference/reference';

import {GPU_RESIDENT_ERROR} from './webgpu_device_expectations';

type TF = typeof tfType;
type Tensor = tfType.Tensor;
type SG = typeof import('../../src/layers');

/**
 * An int32 tensor that lives on the GPU, as an op's output does (tfjs runs
 * small ops on CPU-held inputs on the CPU unless WEBGPU_CPU_FORWARD is off).
 */
function onGpu(tf: TF, values: ArrayLike<number>, shape?: number[]): Tensor {
  const forward = tf.env().getBool('WEBGPU_CPU_FORWARD');
  tf.env().set('WEBGPU_CPU_FORWARD', false);
  try {
    const t = tf.tidy(
        () => tf.add(
            tf.tensor(values as number[], shape ?? [values.length], 'int32'),
            tf.scalar(0, 'int32')));
    const data = (tf.backend() as unknown as {
                   tensorMap: {get(id: object): {values: unknown}}
                 }).tensorMap.get(t.dataId);
    if (data.values != null) throw new Error('onGpu: the values stayed on the CPU');
    return t;
  } finally {
    tf.env().set('WEBGPU_CPU_FORWARD', forward);
  }
}

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  const x = new Float32Array(a as ArrayLike<number>);
  const y = new Float32Array(b as ArrayLike<number>);
  const xb = new Int32Array(x.buffer);
  const yb = new Int32Array(y.buffer);
  for (let i = 0; i < xb.length; i++) {
    if (xb[i] !== yb[i]) return i;
  }
  return -1;
}

function expectBits(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
  const at = sameBits(actual, expected);
  if (at !== -1) {
    throw new Error(`${label}: differs at ${at}: ${actual[at]} vs ${
        Math.fround(expected[at])} (lengths ${actual.length}, ${expected.length})`);
  }
}

async function expectRejects(
    promise: Promise<unknown>, text: string, label: string): Promise<void> {
  try {
    const out = await promise;
    throw new Error(`${label}: resolved (${JSON.stringify(out)}), expected "${text}"`);
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    if (!message.includes(text)) {
      throw new Error(`${label}: rejected with "${message}", expected "${text}"`);
    }
  }
}

function expectThrows(f: () => unknown, text: string, label: string): void {
  let message: string|null = null;
  try {
    f();
  } catch (e) {
    message = (e as Error).message;
  }
  if (message == null || !message.includes(text)) {
    throw new Error(
        `${label}: ${message == null ? 'no error' : `threw "${message}"`}, expected "${text}"`);
  }
}

/** Segment-grad inputs with heavy duplication: many pairs per output row. */
function crowded(n: number, segments: number, m: number, width: number, seed: number) {
  const rng = new Random(seed);
  const grad = f32([segments, width], rng.floats(segments * width));
  const indices = rng.ints(n, 0, m);
  const segmentIds = rng.ints(n, 0, segments);
  segmentIds[n - 1] = segments - 1;
  return {grad, indices, segmentIds};
}

const gradOps = (sg: SG) => ({
  sum: sg.sparseSegmentSumGrad,
  mean: sg.sparseSegmentMeanGrad,
  sqrtn: sg.sparseSegmentSqrtNGrad,
});

export function webgpuChecks(): NamedCheck[] {
  const checks: NamedCheck[] = [];

  checks.push({
    name: 'webgpu/repeat runs are bit-identical and equal the cpu order',
    tags: ['determinism'],
    run: async (tf, sg) => {
      // ~3,000 contributions per output row: an atomic float sum would
      // change its rounding from run to run.
      const {grad, indices, segmentIds} = crowded(200000, 500, 64, 8, 11);
      const g = tf.tensor(grad.values as Float32Array, grad.shape);
      for (const [reduction, op] of Object.entries(gradOps(sg))) {
        const expected = refSegmentGrad(reduction as 'sum', grad, indices, segmentIds, 64).values;
        let first: Float32Array|null = null;
        for (let run = 0; run < 3; run++) {
          // Fresh GPU-resident indices each run, as a training step makes them.
          const idx = onGpu(tf, indices);
          const seg = onGpu(tf, segmentIds);
          const out = op(g, idx, seg, 64);
          const values = await out.data() as Float32Array;
          tf.dispose([idx, seg, out]);
          expectBits(values, expected, `${reduction} run ${run} vs cpu order`);
          if (first != null) expectBits(values, first, `${reduction} run ${run} vs run 0`);
          first = values;
        }
      }
      // V2 and the forward ops too.
      const v2 = [];
      for (let run = 0; run < 2; run++) {
        const {output, sortedUniqueIndices} =
            sg.sparseSegmentMeanGradV2(g, indices, segmentIds, 64);
        v2.push(await output.data());
        tf.dispose([output, sortedUniqueIndices]);
      }
      expectBits(v2[1], v2[0], 'V2 run 1 vs run 0');
      const sortedIds = Int32Array.from(segmentIds).sort();
      const fwd = [];
      for (let run = 0; run < 2; run++) {
        const out = sg.sparseSegmentMeanWithNumSegments(
            g, onGpu(tf, indices.map(i => i % 500)), onGpu(tf, sortedIds), 500);
        fwd.push(await out.data());
        out.dispose();
      }
      expectBits(fwd[1], fwd[0], 'forward run 1 vs run 0');
      g.dispose();
    }
  });

  checks.push({
    name: 'webgpu/more than 65,535 workgroups in one dispatch dimension',
    tags: ['large'],
    run: async (tf, sg) => {
      // 4.5M invocations in workgroups of 64 = 70,313 workgroups > 65,535:
      // tfjs folds such dispatches into 2-D; the shaders bounds-check.
      const n = 4500000;
      if (!(n / 64 > 65535)) throw new Error('size does not need folding');
      const rng = new Random(21);
      const segments = 1000;
      const grad = f32([segments], rng.floats(segments));
      const indices = rng.ints(n, 0, n);
      const segmentIds = rng.ints(n, 0, segments);
      segmentIds[n - 1] = segments - 1;
      const g = tf.tensor(grad.values as Float32Array, grad.shape);
      // Row starts (N + 1 invocations) and the row reduction (M invocations).
      const out = sg.sparseSegmentSumGrad(g, onGpu(tf, indices), onGpu(tf, segmentIds), n);
      expectBits(
          await out.data(), refSegmentGrad('sum', grad, indices, segmentIds, n).values,
          'SparseSegmentSumGrad N = M = 4.5M');
      out.dispose();
      // A gather of 4.5M entries.
      const map = rng.ints(n, 0, n);
      const gradValues = f32([n], rng.floats(n));
      const {dValues, dDefaultValue} = sg.sparseFillEmptyRowsGrad(
          onGpu(tf, map), tf.tensor1d(gradValues.values as Float32Array));
      const [expValues, expDefault] = refFillEmptyRowsGrad(map, gradValues);
      expectBits(await dValues.data(), expValues.values, 'FillEmptyRowsGrad dValues');
      expectBits(await dDefaultValue.data(), expDefault.values, 'FillEmptyRowsGrad default');
      tf.dispose([g, dValues, dDefaultValue]);
    }
  });

  checks.push({
    name: 'webgpu/1,000 calls keep tf.memory() tensors and GPU bytes stable',
    tags: ['leak'],
    run: async (tf, sg) => {
      const rng = new Random(31);
      const grad = tf.tensor2d(rng.floats(40 * 8), [40, 8]);
      const indicesValues = rng.ints(300, 0, 100);
      const idsValues = Int32Array.from(rng.ints(300, 0, 40)).sort();
      const hostIdx = tf.tensor1d(indicesValues, 'int32');
      const hostSeg = tf.tensor1d(idsValues, 'int32');
      const gpuIdx = onGpu(tf, indicesValues);
      const gpuSeg = onGpu(tf, idsValues);
      const data = tf.tensor2d(rng.floats(100 * 8), [100, 8]);
      const sliceIdx = tf.tensor2d([[0, 0], [0, 2], [1, 1], [2, 3]], [4, 2], 'int32');
      const values = tf.tensor1d([1, 2, 3, 4]);
      const fullGrad = tf.range(0, 120);
      const calls: Array<() => Tensor | Tensor[]> = [
        () => sg.sparseSegmentMeanGrad(grad, gpuIdx, gpuSeg, 100),
        () => sg.sparseSegmentSqrtNGrad(grad, hostIdx, hostSeg, 100),
        () => sg.sparseSegmentSumGrad(grad, gpuIdx, hostSeg, 100),
        () => Object.values(sg.sparseSegmentMeanGradV2(grad, hostIdx, gpuSeg, 100)),
        () => Object.values(sg.sparseFillEmptyRowsGrad(gpuIdx, fullGrad)),
        () => sg.sparseSliceGrad([5, 6], sliceIdx, [0, 1], [[0, 1], [1, 0]]),
        () => sg.sparseSegmentSumWithNumSegments(data, gpuIdx, gpuSeg, 40),
        () => sg.sparseSegmentSqrtN(data, hostIdx, hostSeg),
        () => tf.sparse.sparseSegmentMean(data, hostIdx, hostSeg),
        () => Object.values(sg.sparseSlice(sliceIdx, values, [3, 4], [0, 1], [2, 3])),
        () => Object.values(tf.sparse.sparseFillEmptyRows(sliceIdx, values, [5, 4], -1)),
      ];
      const backend = tf.backend() as unknown as
          {memory(): {numBytesInGPU: number, numBytesAllocatedInGPU: number}, numDataIds(): number};
      const flush = async () => {
        const t = tf.add(grad, 0);
        await t.data();
        t.dispose();
      };
      const snapshot = async () => {
        await flush();
        // The GPU checks of GPU-resident indices release their buffers once
        // their flag has been read back, a few microtasks later.
        await new Promise(resolve => setTimeout(resolve, 0));
        return {
          tensors: tf.memory().numTensors,
          dataIds: backend.numDataIds(),
          bytes: backend.memory().numBytesInGPU,
          allocated: backend.memory().numBytesAllocatedInGPU,
        };
      };
      const round = async (count: number) => {
        for (let k = 0; k < count; k++) {
          const out = calls[k % calls.length]();
          tf.dispose(out);
          if (k % 100 === 99) await flush();
        }
      };
      // Warm-up with the same pattern: pipelines, scale tables, and the
      // buffer pool's high-water mark for 100 calls between flushes.
      await round(200);
      const before = await snapshot();
      await round(1000);
      const after = await snapshot();
      // The pool (allocated bytes) keeps freed buffers for reuse; its
      // high-water mark may still move while calls interleave differently
      // (how many 4-byte flags of GPU index checks are being read back at
      // once depends on timing), but it must settle: a further 1,000 calls
      // may not grow it by more than 4 KiB, less than one 4-byte buffer
      // left behind per GPU-resident call would.
      await round(1000);
      const later = await snapshot();
      tf.dispose([grad, hostIdx, hostSeg, gpuIdx, gpuSeg, data, sliceIdx, values, fullGrad]);
      console.log(`memory over 2 x 1,000 calls: ${JSON.stringify([before, after, later])}`);
      if (before.tensors !== after.tensors || before.bytes !== after.bytes ||
          after.tensors !== later.tensors || after.bytes !== later.bytes ||
          before.dataIds !== after.dataIds || after.dataIds !== later.dataIds ||
          later.allocated > after.allocated + 4096) {
        throw new Error(`memory before ${JSON.stringify(before)}, after 1,000 calls ${
            JSON.stringify(after)}, after 2,000 ${JSON.stringify(later)}`);
      }
    }
  });

  checks.push({
    name:
        'webgpu/GPU-resident indices: invalid calls give NaN and report TF\'s error; async variants raise it',
    tags: ['validation'],
    run: async (tf, sg) => {
      const reported: string[] = [];
      const previous = sg.onGpuIndexError(e => reported.push(e.message));
      try {
        await gpuResidentChecks(tf, sg, reported);
      } finally {
        sg.onGpuIndexError(previous);
      }
    }
  });

  checks.push({
    name: 'webgpu/SPARSE_GRAD_VALIDATE=false skips invalid CPU-held entries',
    tags: ['validation'],
    run: async (tf, sg) => {
      tf.env().set(sg.VALIDATE_FLAG, false);
      try {
        const gradSpec: TensorSpec = f32([3, 2], [1, 2, 3, 4, 5, 6]);
        const grad = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
        const out = sg.sparseSegmentSqrtNGrad(grad, [8, -3, 0, 9], [0, 1, 7, 2], 10);
        expectBits(
            await out.data(), refSegmentGrad('sqrtn', gradSpec, [8, 9], [0, 2], 10).values,
            'skipped pairs');
        const {output, sortedUniqueIndices} =
            sg.sparseSegmentSumGradV2(grad, [8, 30, 8], [0, 1, 2], 10);
        expectBits(await output.data(), [6, 8], 'V2 skipped index');
        expectBits(await sortedUniqueIndices.data(), [8], 'V2 unique of valid');
        tf.dispose([grad, out, output, sortedUniqueIndices]);
      } finally {
        tf.env().set(sg.VALIDATE_FLAG, true);
      }
    }
  });

  checks.push({
    name: 'webgpu/CPU-held index values stay readable after a kernel uploads them',
    tags: ['validation'],
    run: async (tf, sg) => {
      const grad = tf.tensor2d([[1, 2], [3, 4]]);
      const idx = tf.tensor1d([0, 9], 'int32');
      const seg = tf.tensor1d([0, 1], 'int32');
      for (let call = 0; call < 2; call++) {
        // The second call must still see the values, and still raise.
        expectThrows(
            () => sg.sparseSegmentMeanGrad(grad, idx, seg, 5), 'Index 9 out of range [0, 5).',
            `call ${call}`);
        const ok = sg.sparseSegmentMeanGrad(grad, idx, seg, 10);
        await ok.data();
        ok.dispose();
      }
      tf.dispose([grad, idx, seg]);
    }
  });
  checks.push({
    name: 'webgpu/sparse updates with GPU-resident ids equal those with CPU-held ids',
    tags: ['training'],
    run: async (tf, sg) => {
      const rng = new Random(41);
      const initial = rng.floats(300 * 5);
      // Duplicates, padding (-1) and rows past the end of a dispatch row.
      const ids = Array.from(rng.ints(200, -1, 300));
      const grads = rng.floats(200 * 5);
      for (const make
               of [() => sg.train.sgd(0.1), () => sg.train.adagrad(0.1),
                  () => sg.train.lazyAdam(0.01)]) {
        const results: Float32Array[] = [];
        let label = '';
        for (const gpuIds of [false, true]) {
          const table = tf.variable(tf.tensor2d(initial, [300, 5]));
          const optimizer = make();
          label = optimizer.getClassName();
          for (let step = 0; step < 3; step++) {
            const indices = gpuIds ? onGpu(tf, ids) : tf.tensor1d(ids, 'int32');
            const values = tf.tensor2d(grads, [200, 5]);
            optimizer.applyGradients({
              [table.name]: {indices: indices as tfType.Tensor1D, values, denseShape: [300, 5]}
            });
            tf.dispose([indices, values]);
          }
          results.push(await table.data() as Float32Array);
          table.dispose();
          optimizer.dispose();
        }
        expectBits(results[1], results[0], `${label}: GPU ids vs CPU ids`);
      }
    }
  });
  checks.push({
    name: 'webgpu/kernels on GPU-resident ids leave no data id behind (tfjs\'s test-mode check)',
    tags: ['leak'],
    run: async (tf, sg) => {
      const reported: string[] = [];
      const previous = sg.onGpuIndexError(e => reported.push(e.message));
      // In test mode tfjs's engine counts the backend's data ids around every
      // kernel and raises "Backend 'webgpu' has an internal memory leak".
      const testMode = tf.env().getBool('IS_TEST');
      tf.env().set('IS_TEST', true);
      const grad = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
      const data = tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]);
      const table = tf.variable(tf.ones([10, 2]));
      const optimizer = sg.train.lazyAdam(0.1);
      try {
        for (const [idxValues, label] of [[[1, 3, 2], 'valid'], [[1, 30, 2], 'invalid']] as const) {
          const idx = onGpu(tf, idxValues);
          const seg = onGpu(tf, [0, 1, 1]);
          const calls: Array<[string, () => unknown]> = [
            ['SparseSegmentMeanGrad', () => sg.sparseSegmentMeanGrad(grad, idx, seg, 4)],
            [
              'SparseSegmentSumWithNumSegments',
              () => sg.sparseSegmentSumWithNumSegments(data, idx, seg, 3)
            ],
            ['UnsortedSegmentSum', () => tf.unsortedSegmentSum(grad, idx as tfType.Tensor1D, 4)],
            ['SparseFillEmptyRowsGrad', () => sg.sparseFillEmptyRowsGrad(idx, tf.range(0, 4))],
            [
              'SparseGradApplyLazyAdam', () => optimizer.applyGradients({
                [table.name]: {indices: idx as tfType.Tensor1D, values: grad, denseShape: [10, 2]}
              })
            ],
          ];
          for (const [name, call] of calls) {
            try {
              tf.dispose(call() as never);
            } catch (e) {
              throw new Error(`${name}, ${label} ids: ${(e as Error).message}`);
            }
          }
          tf.dispose([idx, seg]);
        }
        // Let the flags of the invalid calls be read back.
        const flush = tf.add(grad, 0);
        await flush.data();
        flush.dispose();
        await new Promise(resolve => setTimeout(resolve, 50));
      } finally {
        tf.env().set('IS_TEST', testMode);
        sg.onGpuIndexError(previous);
        tf.dispose([grad, data, table]);
        optimizer.dispose();
      }
      if (reported.length === 0) throw new Error('the invalid calls reported nothing');
    }
  });
  return checks;
}

/** The next error reported from the GPU (it comes once the GPU's flag is read back). */
async function nextReport(reported: string[], label: string): Promise<string> {
  for (let wait = 0; wait < 200 && reported.length === 0; wait++) {
    await new Promise(resolve => setTimeout(resolve, 10));
  }
  const message = reported.shift();
  if (message == null) throw new Error(`${label}: no error was reported`);
  return message;
}

async function expectReport(reported: string[], text: string, label: string): Promise<void> {
  const message = await nextReport(reported, label);
  if (!message.startsWith(text) || !message.includes('found on the GPU')) {
    throw new Error(`${label}: reported "${message}", expected "${text} (found on the GPU ..."`);
  }
}

function expectAllNaN(values: ArrayLike<number>, label: string): void {
  const k = Array.from(values).findIndex(v => !Number.isNaN(v));
  if (k >= 0 || values.length === 0) {
    throw new Error(`${label}: element ${k} is ${values[k]}, expected NaN everywhere`);
  }
}

async function gpuResidentChecks(tf: TF, sg: SG, reported: string[]): Promise<void> {
  {
    const grad = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    const badIdx = [8, 3, 10, 9];  // 10 is out of [0, 10)
    const seg = [0, 1, 2, 2];
    // Sync: no error can be raised (no readback possible): the output is
    // NaN, and TF's error is reported once the GPU's check is read back.
    const idx = onGpu(tf, badIdx);
    const segT = onGpu(tf, seg);
    const out = sg.sparseSegmentMeanGrad(grad, idx, segT, 10);
    expectAllNaN(await out.data(), 'invalid index');
    out.dispose();
    await expectReport(
        reported, 'Index 10 out of range [0, 10). [Op:SparseSegmentMeanGrad]', 'invalid index');
    // A valid call reports nothing and is exact.
    const fine = sg.sparseSegmentMeanGrad(grad, onGpu(tf, [8, 3, 9, 9]), segT, 10);
    await fine.data();
    fine.dispose();
    // Async: the cpu kernel's error.
    await expectRejects(
        sg.sparseSegmentMeanGradAsync(grad, idx, segT, 10), 'Index 10 out of range [0, 10).',
        'V1 async');
    await expectRejects(
        sg.sparseSegmentSumGradV2Async(grad, idx, segT, 10), 'Index 10 out of range [0, 10).',
        'V2 async');
    // A size that lives on the GPU cannot size the output either.
    const gpuDim = onGpu(tf, [10], []);
    expectThrows(
        () => sg.sparseSegmentSumGrad(grad, [8, 3], [0, 1], gpuDim), GPU_RESIDENT_ERROR,
        'GPU-resident outputDim0');
    const viaAsync = await sg.sparseSegmentSumGradAsync(grad, [8, 3], [0, 1], gpuDim);
    if (viaAsync.shape.join() !== '10,2') throw new Error(`shape ${viaAsync.shape}`);
    tf.dispose([gpuDim, viaAsync]);
    // V2 needs the unique count: sync raises, async works.
    const good = onGpu(tf, [8, 3, 0, 9, 3]);
    const goodSeg = onGpu(tf, [0, 1, 2, 2, 2]);
    expectThrows(
        () => sg.sparseSegmentSumGradV2(grad, good, goodSeg, 10), GPU_RESIDENT_ERROR, 'sync V2');
    const v2 = await sg.sparseSegmentSumGradV2Async(grad, good, goodSeg, 10);
    expectBits(await v2.output.data(), [5, 6, 8, 10, 1, 2, 5, 6], 'V2 async output');
    expectBits(await v2.sortedUniqueIndices.data(), [0, 3, 8, 9], 'V2 async indices');
    // Indices on the CPU, segment ids on the GPU: V2 sizes its output from
    // the indices; the GPU sorts the pairs.
    const gpuSeg = onGpu(tf, [0, 1, 2, 2, 2]);
    const mixed = sg.sparseSegmentSumGradV2(grad, [8, 3, 0, 9, 3], gpuSeg, 10);
    expectBits(await mixed.output.data(), [5, 6, 8, 10, 1, 2, 5, 6], 'V2 mixed output');
    expectBits(await mixed.sortedUniqueIndices.data(), [0, 3, 8, 9], 'V2 mixed indices');
    tf.dispose([mixed.output, mixed.sortedUniqueIndices, gpuSeg]);
    // Once read back asynchronously, the values are on the CPU again.
    await good.data();
    const v2Sync = sg.sparseSegmentSumGradV2(grad, good, goodSeg, 10);
    expectBits(await v2Sync.output.data(), [5, 6, 8, 10, 1, 2, 5, 6], 'V2 after data()');
    // The other ops.
    await expectRejects(
        sg.sparseFillEmptyRowsGradAsync(onGpu(tf, [0, 5]), [1, 2, 3]),
        'Elements in reverse index must be in [0, 3) but got 5', 'fill async');
    const fill = sg.sparseFillEmptyRowsGrad(onGpu(tf, [0, 5]), [1, 2, 3]);
    expectAllNaN(await fill.dValues.data(), 'fill dValues');
    expectAllNaN(await fill.dDefaultValue.data(), 'fill default');
    await expectReport(
        reported, 'Elements in reverse index must be in [0, 3) but got 5', 'fill report');
    const inIdx = onGpu(tf, [0, 0, 0, 2, 1, 1], [3, 2]);
    const outIdx = onGpu(tf, [0, 1, 1, 1], [2, 2]);
    // (Sync first: an async read leaves the values cached on the CPU.)
    const sliced = sg.sparseSliceGrad([5, 6], inIdx, [0, 1], outIdx);
    expectAllNaN(await sliced.data(), 'slice grad');
    await expectReport(
        reported, `Elements of backprop_val_grad aren't all propagated`, 'slice grad report');
    // (The report read inIdx back, which cached its values on the CPU.)
    const freshIdx = onGpu(tf, [0, 0, 0, 2, 1, 1], [3, 2]);
    expectThrows(
        () => sg.sparseSlice(freshIdx, [1, 2, 3], [2, 3], [0, 1], [2, 2]), GPU_RESIDENT_ERROR,
        'sync sparseSlice');
    freshIdx.dispose();
    await expectRejects(
        sg.sparseSliceGradAsync([5, 6], inIdx, [0, 1], outIdx), `aren't all propagated`,
        'slice grad async');
    const slice = await sg.sparseSliceAsync(inIdx, [1, 2, 3], [2, 3], [0, 1], [2, 2]);
    expectBits(await slice.outputValues.data(), [2, 3], 'sparseSliceAsync');
    const data = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    const sqrtn =
        await sg.sparseSegmentSqrtNAsync(data, onGpu(tf, [0, 1, 2]), onGpu(tf, [0, 0, 1]));
    if (sqrtn.shape.join() !== '2,2') throw new Error(`sqrtn shape ${sqrtn.shape}`);
    await expectRejects(
        sg.sparseSegmentSumWithNumSegmentsAsync(
            data, onGpu(tf, [0, 1, 2]), onGpu(tf, [0, 2, 1]), 3),
        'segment ids are not increasing', 'forward async');
    tf.dispose([
      grad, idx, segT, good, goodSeg, v2.output, v2.sortedUniqueIndices, v2Sync.output,
      v2Sync.sortedUniqueIndices, fill.dValues, fill.dDefaultValue, inIdx, outIdx, sliced,
      slice.outputIndices, slice.outputValues, slice.outputShape, data, sqrtn
    ]);
  }
  {
    // The issue's reproduction: a loss and gradient through a lookup with
    // one GPU-resident id out of range are NaN, and both ops report.
    const emb = tf.variable(tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [5, 2]));
    const ids = onGpu(tf, [0, 5, 2, 1]);
    // (The segment ids size the output: they are held on the CPU.)
    const seg = tf.tensor1d([0, 0, 1, 1], 'int32');
    const {value, grads} = tf.variableGrads(
        () => tf.sum(
            tf.sparse.sparseSegmentMean(emb, ids as tfType.Tensor1D, seg as tfType.Tensor1D)),
        [emb]);
    expectAllNaN(await value.data(), 'loss');
    expectAllNaN(await grads[emb.name].data(), 'gradient');
    await expectReport(
        reported, 'Bad: indices[1] == 5 out of range [0, 5) [Op:SparseSegmentMean]',
        'forward report');
    await expectReport(
        reported, 'Index 5 out of range [0, 5). [Op:SparseSegmentMeanGrad]', 'gradient report');
    tf.dispose([emb, ids, seg, value, grads[emb.name]]);
  }
  {
    // A sparse update with an id past the table is skipped, and reported.
    const table = tf.variable(tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]));
    const optimizer = sg.train.sgd(0.5);
    const indices = onGpu(tf, [1, 7]) as tfType.Tensor1D;
    const values = tf.tensor2d([1, 1, 1, 1], [2, 2]);
    optimizer.applyGradients({[table.name]: {indices, values, denseShape: [4, 2]}});
    expectBits(await table.data(), [1, 2, 3, 4, 5, 6, 7, 8], 'skipped update');
    await expectReport(
        reported, 'Index 7 at offset 1 in indices is out of range [Op:SparseGradApplySGD]',
        'sparse update report');
    // A valid update with GPU ids still applies.
    const fine = onGpu(tf, [1, 3]) as tfType.Tensor1D;
    optimizer.applyGradients({[table.name]: {indices: fine, values, denseShape: [4, 2]}});
    expectBits(await table.data(), [1, 2, 2.5, 3.5, 5, 6, 6.5, 7.5], 'valid update');
    tf.dispose([table, indices, fine, values]);
    optimizer.dispose();
  }
  if (reported.length > 0) throw new Error(`unexpected reports: ${reported.join('; ')}`);
}
