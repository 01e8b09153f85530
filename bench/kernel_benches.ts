/**
 * `--suites kernels` (Node): the segment-gradient kernels and
 * `UnsortedSegmentSum` on the cpu and wasm backends against a plain
 * typed-array loop doing the same work (zero the output, then add each
 * pair's scaled row in input order), at N = 10,000 and 100,000 pairs,
 * D = 64, M = N / 10 segments. The wasm kernels run twice: with their
 * compiled WebAssembly loops (SIMD) and with the same loops in TypeScript
 * (`SPARSE_GRAD_WASM_NATIVE` off).
 *
 * Each time is the kernel call alone (inputs made before, the output
 * disposed after; reading it back is tfjs's cost, not the kernel's): the
 * median of the runs after warm-up, in one process, so the ratios compare.
 */
import type * as tfType from '@tensorflow/tfjs';

import {Random} from '../test/harness/random';

type TF = typeof tfType;
type SG = typeof import('../src/layers');

export interface KernelRow {
  kernel: string;
  n: number;
  d: number;
  m: number;
  /** 'typed-array loop', 'cpu', 'wasm (compiled)', 'wasm (TypeScript loops)'. */
  method: string;
  ms: number;
}

const KERNELS = [
  'SparseSegmentSumGrad', 'SparseSegmentMeanGrad', 'SparseSegmentSqrtNGrad', 'UnsortedSegmentSum'
];

/** Median ms of `f` over `runs` calls after `warmup`. */
function median(f: () => void, warmup: number, runs: number): number {
  for (let i = 0; i < warmup; i++) f();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    f();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1];
}

/** The reference loop: what every kernel here does, on plain typed arrays. */
function plainLoop(
    grad: Float32Array, rows: Int32Array, sources: Int32Array|null, scales: Float32Array|null,
    numRows: number, d: number): Float32Array {
  const out = new Float32Array(numRows * d);
  for (let i = 0; i < rows.length; i++) {
    const o = rows[i] * d;
    const s = sources == null ? i : sources[i];
    const g = s * d;
    if (scales == null) {
      for (let c = 0; c < d; c++) out[o + c] += grad[g + c];
    } else {
      const scale = scales[s];
      for (let c = 0; c < d; c++) out[o + c] += Math.fround(grad[g + c] * scale);
    }
  }
  return out;
}

export async function runKernelBenches(
    tf: TF, sg: SG, sizes: number[], warmup: number, runs: number,
    log: (line: string) => void): Promise<KernelRow[]> {
  const rows: KernelRow[] = [];
  const d = 64;
  for (const n of sizes) {
    const m = n / 10;
    const rng = new Random(n);
    const indices = Int32Array.from(rng.ints(n, 0, m));
    const segmentIds = Int32Array.from(rng.ints(n, 0, m)).sort();
    for (const kernel of KERNELS) {
      const unsorted = kernel === 'UnsortedSegmentSum';
      // UnsortedSegmentSum: x [N, D] into M rows by ids; the gradients:
      // grad [M, D] rows by segment id into M output rows by index.
      const data = Float32Array.from(rng.floats((unsorted ? n : m) * d));
      const reduction = kernel.includes('Mean') ? 'mean' : kernel.includes('SqrtN') ? 'sqrtn' : '';
      let scales: Float32Array|null = null;
      if (reduction !== '') {
        const counts = new Float64Array(m);
        segmentIds.forEach(s => counts[s]++);
        scales = Float32Array.from(
            counts, c => reduction === 'mean' ? 1 / Math.max(c, 1) : 1 / Math.sqrt(Math.max(c, 1)));
      }
      const loopMs = median(
          () => plainLoop(
              data, unsorted ? segmentIds : indices, unsorted ? null : segmentIds, scales, m, d),
          warmup, runs);
      rows.push({kernel, n, d, m, method: 'typed-array loop', ms: loopMs});
      log(`kernels ${kernel} N=${n} typed-array loop: ${loopMs.toFixed(3)} ms`);
      for (const [backend, native] of [['cpu', true], ['wasm', true], ['wasm', false]] as const) {
        await tf.setBackend(backend);
        tf.env().set(sg.WASM_NATIVE_FLAG, native);
        const inputs: tfType.NamedTensorMap = unsorted ?
            {x: tf.tensor2d(data, [n, d]), segmentIds: tf.tensor1d(segmentIds, 'int32')} :
            {
              grad: tf.tensor2d(data, [m, d]),
              indices: tf.tensor1d(indices, 'int32'),
              segmentIds: tf.tensor1d(segmentIds, 'int32'),
              outputDim0: tf.scalar(m, 'int32'),
            };
        const attrs: tfType.NamedAttrMap = unsorted ? {numSegments: m} : {};
        const ms = median(() => {
          const out = tf.engine().runKernel(kernel, inputs, attrs) as tfType.Tensor;
          out.dispose();
        }, warmup, runs);
        tf.dispose(Object.values(inputs));
        const method = backend === 'cpu' ? 'cpu' :
            native                       ? 'wasm (compiled)' :
                                           'wasm (TypeScript loops)';
        rows.push({kernel, n, d, m, method, ms});
        log(`kernels ${kernel} N=${n} ${method}: ${ms.toFixed(3)} ms`);
      }
      tf.env().set(sg.WASM_NATIVE_FLAG, true);
    }
  }
  await tf.setBackend('cpu');
  return rows;
}

/** A markdown table: ms and the ratio to the typed-array loop. */
export function formatKernelTable(rows: KernelRow[]): string {
  const methods = ['typed-array loop', 'cpu', 'wasm (compiled)', 'wasm (TypeScript loops)'];
  const lines = [
    `| kernel | N | ${methods.join(' | ')} |`,
    `| --- | --- |${methods.map(() => ' --- |').join('')}`,
  ];
  const keys = [...new Set(rows.map(r => `${r.kernel}|${r.n}`))];
  for (const key of keys) {
    const [kernel, n] = key.split('|');
    const of = (method: string) =>
        rows.find(r => r.kernel === kernel && String(r.n) === n && r.method === method);
    const loop = of('typed-array loop')!.ms;
    const cells = methods.map(method => {
      const row = of(method);
      if (row == null) return '';
      return method === 'typed-array loop' ?
          `${row.ms.toFixed(2)} ms` :
          `${row.ms.toFixed(2)} ms (${(row.ms / loop).toFixed(2)}x)`;
    });
    lines.push(`| ${kernel} | ${Number(n).toLocaleString('en-US')} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
