/**
 * `npm run bench`: times every raw op of the package on cpu (in Node) and
 * on webgl and webgpu (in headless Chromium), each against the tfjs
 * composite a user would write, against reading back and running the cpu
 * kernel, and against the bandwidth floor. Prints a table and writes
 * bench/results.json, bench/report.html and bench/summary.md (the README's
 * table).
 *
 * Options (defaults in brackets):
 *   --backends cpu,webgl,webgpu   --ops <names> [every raw op]
 *   --sizes 1000,10000,100000     --d 16,128     --m 0.1,1  (M = N * m)
 *   --runs 7  --warmup 3  --budget-s 30 (skip a method whose run would take longer)
 *   --quick    (N = 1000,10000, D = 16, M = N/10: a few minutes)
 *   --out <dir> [bench]   where the results, report and summary go
 *   --flags NAME=value,...  (tfjs flags, e.g.
 *           SPARSE_GRAD_WEBGL_SCATTER=gather,SPARSE_GRAD_VALIDATE=false)
 * The issue-3/4 measurement: --ops SparseSegmentMeanGrad --d 64 --m 0.1
 *
 * Without a GPU, Chromium runs webgl and webgpu on SwiftShader (the CPU
 * emulating a GPU): only the ratios within one run mean anything.
 */
import * as tf from '@tensorflow/tfjs';
import {execFileSync} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import * as sg from '../src/index';
import {bundlePage, CHROMIUM_PATH, htmlPage, launchChromium, ROOT, serve} from '../tools/browser';

import {OP_BENCHES} from './op_benches';
import {BenchResults, formatTable, htmlReport, readmeSummary, summarize} from './report';
import {BenchConfig, BenchRow} from './runner';
import {runBenches} from './runner';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const list = (s: string) => s.split(',').map(x => x.trim()).filter(x => x !== '');

async function main() {
  const quick = process.argv.includes('--quick');
  const backends = list(arg('backends', 'cpu,webgl,webgpu'));
  const config: BenchConfig = {
    ops: list(arg('ops', OP_BENCHES.map(b => b.op).join(','))),
    sizes: list(arg('sizes', quick ? '1000,10000' : '1000,10000,100000')).map(Number),
    widths: list(arg('d', quick ? '16' : '16,128')).map(Number),
    mRatios: list(arg('m', quick ? '0.1' : '0.1,1')).map(Number),
    methods: ['package', 'composite', 'readback+cpu', 'floor'],
    warmup: Number(arg('warmup', '3')),
    runs: Number(arg('runs', '7')),
    budgetMs: Number(arg('budget-s', '30')) * 1000,
    flags: parseFlags(arg('flags', '')),
  };
  const unknown = config.ops.filter(op => !OP_BENCHES.some(b => b.op === op));
  if (unknown.length > 0) throw new Error(`unknown ops: ${unknown.join(', ')}`);
  const log = (line: string) => console.log(line);
  const rows: BenchRow[] = [];
  let browserVersion = 'not used';

  if (backends.includes('cpu')) {
    tf.enableProdMode();
    await tf.setBackend('cpu');
    rows.push(...await runBenches(tf, sg, config, log));
  }
  const gpuBackends = backends.filter(b => b !== 'cpu');
  if (gpuBackends.length > 0) {
    const bundle = await bundlePage(path.join(ROOT, 'bench', 'browser_entry.ts'), 'bench');
    const server = await serve({'/': {text: htmlPage(['/bench.js'])}, '/bench.js': {file: bundle}});
    const browser = await launchChromium();
    browserVersion = `Chromium ${browser.version()} (headless)`;
    try {
      for (const backend of gpuBackends) {
        // A fresh page per backend, so one backend's state cannot slow another.
        const page = await browser.newPage();
        page.on('console', m => m.text().startsWith('[bench] ') && log(m.text().slice(8)));
        await page.goto(server.url);
        const result = await page.evaluate(
            ([b, c]) => (window as any).sparseGradBench.run(b, c), [backend, config] as const);
        rows.push(...result as BenchRow[]);
        const adapter = await page.evaluate(async () => {
          const gpu = (navigator as any).gpu;
          const a = gpu && await gpu.requestAdapter();
          return a?.info ? `${a.info.vendor} ${a.info.architecture}`.trim() : 'no WebGPU adapter';
        });
        browserVersion += backend === 'webgpu' ? `, WebGPU adapter: ${adapter}` : '';
        await page.close();
      }
    } finally {
      await browser.close();
      await server.close();
    }
  }

  const summaries = summarize(rows);
  console.log('\n' + formatTable(summaries));
  const results: BenchResults = {
    date: new Date().toISOString(),
    machine: `${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}, ${
        Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${
        process.version}, ${gpuInfo()}`,
    browser: browserVersion,
    note: 'webgl and webgpu ran in headless Chromium. On a machine without a GPU that is ' +
        'SwiftShader, a CPU implementation of the GPU: its absolute times are not GPU ' +
        'times, and only the ratios within one run are meaningful.',
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    rows,
  };
  const dir = path.resolve(ROOT, arg('out', 'bench'));
  fs.mkdirSync(dir, {recursive: true});
  fs.writeFileSync(path.join(dir, 'results.json'), JSON.stringify(results, null, 1) + '\n');
  fs.writeFileSync(path.join(dir, 'report.html'), htmlReport(results));
  fs.writeFileSync(path.join(dir, 'summary.md'), readmeSummary(results) + '\n');
  console.log(`\nwrote results.json, report.html and summary.md in ${
      path.relative(process.cwd(), dir) || '.'}`);
}

/** `A=1,B=false,C=gather` as tfjs flag values. */
function parseFlags(text: string): Record<string, boolean|number|string> {
  const flags: Record<string, boolean|number|string> = {};
  for (const item of list(text)) {
    const [name, value] = item.split('=');
    flags[name] = value === 'true' ? true : value === 'false' ? false :
        value !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;
  }
  return flags;
}

/** The GPU, if any: nvidia-smi, else "no GPU". */
function gpuInfo(): string {
  try {
    return execFileSync('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'],
                        {encoding: 'utf8'}).trim();
  } catch {
    return `no GPU (browser backends on SwiftShader via ${CHROMIUM_PATH})`;
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
