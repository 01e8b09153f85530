/**
 * `npm run bench`: times the package on cpu and wasm (in Node) and on webgl
 * and webgpu (in headless Chromium). `npm run bench -- --help` lists the
 * options. Suites:
 *
 * - ops: every raw op and `UnsortedSegmentSum`, each against the tfjs
 *   composite a user would write (run on tfjs's own kernels), against
 *   reading back and running the cpu kernel, and against the bandwidth
 *   floor;
 * - training: an embedding-bag training step at vocabularies 1e3 .. 1e6,
 *   dense `tf.train.adam` against `train.lazyAdam` and `train.adagrad`;
 * - embedding: a `tf.layers.embedding` `model.fit` step with the package's
 *   `UnsortedSegmentSum` and with tfjs's;
 * - kernels: the segment-gradient kernels and `UnsortedSegmentSum` on cpu
 *   and wasm (compiled and TypeScript loops) against a plain typed-array
 *   loop doing the same work, in Node.
 *
 * It prints a progress line per measurement, a table, and writes
 * results.json, summary.md (the README's tables), report.html,
 * training.svg and kernels.md in `--out`.
 *
 * Without a GPU, Chromium runs webgl and webgpu on SwiftShader (the CPU
 * emulating a GPU): only the ratios within one run mean anything.
 */
import '@tensorflow/tfjs-backend-wasm';

import * as tf from '@tensorflow/tfjs';
import {execFileSync} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import * as sg from '../src/layers';
import {bundlePage, CHROMIUM_PATH, htmlPage, launchChromium, ROOT, serve} from '../tools/browser';

import {helpText, list, numbers, parseArgs, Progress} from './cli';
import {formatKernelTable, runKernelBenches} from './kernel_benches';
import {OP_BENCHES} from './op_benches';
import {BenchResults, formatBagTable, formatTable, formatTrainingTable, htmlReport, readmeSummary, summarize, trainingChart} from './report';
import {BenchConfig, BenchRow, runBenches} from './runner';
import {runTrainBenches, TrainBenchConfig, TrainRow, TrainSuite} from './train_benches';

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(helpText());
    return;
  }
  const quick = args.quick as boolean;
  const suites = list(args.suites as string);
  const unknownSuites =
      suites.filter(x => !['ops', 'training', 'bag', 'embedding', 'kernels'].includes(x));
  if (unknownSuites.length > 0) throw new Error(`unknown suites: ${unknownSuites.join(', ')}`);
  const backends = list(args.backends as string);
  const unknownBackends =
      backends.filter(b => !['cpu', 'wasm', 'tensorflow', 'webgl', 'webgpu'].includes(b));
  if (unknownBackends.length > 0)
    throw new Error(`unknown backends: ${unknownBackends.join(', ')}`);
  const allOps = OP_BENCHES.map(b => b.op);
  const config: BenchConfig = {
    ops: suites.includes('ops') ? (args.ops === 'all' ? allOps : list(args.ops as string)) : [],
    sizes: numbers(quick ? '1000,10000' : args.sizes as string, 'sizes'),
    widths: numbers(quick ? '16' : args.d as string, 'd'),
    mRatios: numbers(quick ? '0.1' : args.m as string, 'm'),
    methods: ['package', 'composite', 'readback+cpu', 'floor'],
    warmup: Number(args.warmup),
    runs: numbers(args.runs as string, 'runs')[0],
    budgetMs: numbers(args['budget-s'] as string, 'budget-s')[0] * 1000,
    flags: parseFlags(args.flags as string),
  };
  const unknown = config.ops.filter(op => !allOps.includes(op));
  if (unknown.length > 0) throw new Error(`unknown ops: ${unknown.join(', ')}`);
  const trainConfig: TrainBenchConfig = {
    suites:
        suites.filter((x): x is TrainSuite => x === 'training' || x === 'embedding' || x === 'bag'),
    vocabs: numbers(quick ? '1000,100000' : args.vocabs as string, 'vocabs'),
    warmup: Math.max(2, config.warmup),
    runs: config.runs,
    budgetMs: config.budgetMs,
  };
  // The plan, for the progress line: measurements per backend.
  const perBackend = OP_BENCHES.filter(b => config.ops.includes(b.op))
                         .reduce((sum, b) => sum + b.shapes(config).length, 0) *
          config.methods.length +
      (trainConfig.suites.includes('training') ? 3 * trainConfig.vocabs.length : 0) +
      (trainConfig.suites.includes('bag') ? trainConfig.vocabs.filter(v => v >= 1e5).length + 1 :
                                            0) +
      (trainConfig.suites.includes('embedding') ? 3 : 0);
  const kernelSizes = quick ? [10000] : [10000, 100000];
  const kernelSteps = suites.includes('kernels') ? kernelSizes.length * 4 * 4 : 0;
  const progress = new Progress(
      {
        ...Object.fromEntries(backends.map(b => [b, perBackend])),
        kernels: kernelSteps,
        pytorch: suites.includes('bag') ? 1 : 0,
      },
      line => console.log(line));
  const log = (line: string) => progress.step(line);
  const rows: BenchRow[] = [];
  const training: TrainRow[] = [];
  let browserVersion = 'not used';

  tf.enableProdMode();
  // tfjs-node's 'tensorflow' backend (its addon: npm run setup:tfjs-node).
  if (backends.includes('tensorflow')) await import('@tensorflow/tfjs-node');
  for (const backend of backends.filter(b => b === 'cpu' || b === 'wasm' || b === 'tensorflow')) {
    await tf.setBackend(backend);
    rows.push(...await runBenches(tf, sg, config, log));
    training.push(...await runTrainBenches(tf, sg, trainConfig, log));
  }
  if (suites.includes('bag')) {
    training.push(...pytorchSteps(args.python as string, trainConfig, log));
  }
  const kernels = suites.includes('kernels') ?
      await runKernelBenches(
          tf, sg, kernelSizes, Math.max(3, config.warmup), 3 * config.runs, log) :
      [];
  const gpuBackends = backends.filter(b => b === 'webgl' || b === 'webgpu');
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
            ([b, c, t]) => (window as any).sparseGradBench.run(b, c, t),
            [backend, config, trainConfig] as const);
        rows.push(...(result as {rows: BenchRow[]}).rows);
        training.push(...(result as {training: TrainRow[]}).training);
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

  if (rows.length > 0) console.log('\n' + formatTable(summarize(rows)));
  if (training.some(r => r.suite === 'training')) {
    console.log('\n' + formatTrainingTable(training));
  }
  if (training.some(r => r.suite === 'bag')) console.log('\n' + formatBagTable(training));
  if (kernels.length > 0) console.log('\n' + formatKernelTable(kernels));
  const results: BenchResults = {
    date: new Date().toISOString(),
    machine: `${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}, ${
        Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${
        process.version}, ${gpuInfo(gpuBackends.length > 0)}`,
    browser: browserVersion,
    note: gpuBackends.length === 0 ?
        `${backends.join(', ')} ran in Node; only the ratios within one run are meaningful.` :
        `${gpuBackends.join(' and ')} ran in headless Chromium. On a machine without a GPU ` +
            'that is SwiftShader, a CPU implementation of the GPU: its absolute times are not ' +
            'GPU times, and only the ratios within one run are meaningful.',
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    rows,
    training,
    kernels,
  };
  const dir = path.resolve(ROOT, args.out as string);
  fs.mkdirSync(dir, {recursive: true});
  fs.writeFileSync(path.join(dir, 'results.json'), JSON.stringify(results, null, 1) + '\n');
  fs.writeFileSync(path.join(dir, 'report.html'), htmlReport(results));
  fs.writeFileSync(path.join(dir, 'summary.md'), readmeSummary(results) + '\n');
  const written = ['results.json', 'report.html', 'summary.md'];
  if (kernels.length > 0) {
    fs.writeFileSync(
        path.join(dir, 'kernels.md'),
        `Measured with \`${results.command}\` on ${results.machine}, ${
            results.date.slice(0, 10)}.\n\n${formatKernelTable(kernels)}\n`);
    written.push('kernels.md');
  }
  if (training.some(r => r.suite === 'training')) {
    fs.writeFileSync(path.join(dir, 'training.svg'), trainingChart(training));
    written.push('training.svg');
  }
  console.log(`\nwrote ${written.join(', ')} in ${path.relative(process.cwd(), dir) || '.'}`);
}

/**
 * PyTorch's steps on the bag suite's shapes (bench/torch_steps.py), with
 * `python`; none, with a note, where torch does not import.
 */
function pytorchSteps(
    python: string, config: TrainBenchConfig, log: (line: string) => void): TrainRow[] {
  try {
    const out = execFileSync(
        python,
        [
          path.join(ROOT, 'bench', 'torch_steps.py'),
          JSON.stringify({vocabs: config.vocabs, warmup: config.warmup, runs: config.runs})
        ],
        {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
    const rows = (JSON.parse(out) as Array<{method: string, vocab: number, ms: number}>)
                     .map(r => ({suite: 'bag' as const, backend: 'pytorch', ...r}));
    log(`pytorch steps: ${rows.map(r => `${r.method} ${r.ms.toFixed(2)} ms`).join(', ')}`);
    return rows;
  } catch (e) {
    const message = String((e as {stderr?: string}).stderr ?? (e as Error).message).trim();
    log(`pytorch steps skipped: ${message.split('\n').pop()}`);
    return [{
      suite: 'bag',
      backend: 'pytorch',
      method: 'PyTorch',
      vocab: 0,
      ms: null,
      note: `skipped: ${python} could not run bench/torch_steps.py (pip install torch)`
    }];
  }
}

/** `A=1,B=false,C=gather` as tfjs flag values. */
function parseFlags(text: string): Record<string, boolean|number|string> {
  const flags: Record<string, boolean|number|string> = {};
  for (const item of list(text)) {
    const [name, value] = item.split('=');
    if (value == null) throw new Error(`--flags needs NAME=value items, got '${item}'`);
    flags[name] = value === 'true'                   ? true :
        value === 'false'                            ? false :
        value !== '' && !Number.isNaN(Number(value)) ? Number(value) :
                                                       value;
  }
  return flags;
}

/** The GPU, if any: nvidia-smi, else "no GPU" (and where the browser backends then ran). */
function gpuInfo(browserUsed: boolean): string {
  try {
    return execFileSync(
               'nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], {encoding: 'utf8'})
        .trim();
  } catch {
    return browserUsed ? `no GPU (browser backends on SwiftShader via ${CHROMIUM_PATH})` : 'no GPU';
  }
}

main().catch(e => {
  // Usage errors print just their message; anything else its stack too.
  const message = (e as Error).message ?? String(e);
  console.error(/^(unknown|--)/.test(message) ? `bench: ${message}` : e);
  process.exit(1);
});
