/**
 * `npm run bench`: times SparseSegmentMeanGrad on cpu (Node) and on webgl
 * and webgpu (headless Chromium), prints the table and writes
 * bench/results.json.
 *
 * Options: --backends cpu,webgl,webgpu  --sizes 1000,10000,100000  --d 64
 *          --runs 5  --budget-s 60
 *          --flags NAME=value,...  (tfjs flags, e.g.
 *                  SPARSE_GRAD_WEBGL_SCATTER=gather,SPARSE_GRAD_VALIDATE=false)
 * M = S = N / 10. On SwiftShader (a CPU emulating the GPU) only the ratios
 * inside one run mean anything.
 */
import * as tf from '@tensorflow/tfjs';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import * as sg from '../src/index';
import {bundlePage, htmlPage, launchChromium, ROOT, serve} from '../tools/browser';

import {benchSegmentMeanGrad, BenchOptions, BenchRow, BenchShape, formatTable, Method} from './segment_grad_bench';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function main() {
  const backends = arg('backends', 'cpu,webgl,webgpu').split(',');
  const sizes = arg('sizes', '1000,10000,100000').split(',').map(Number);
  const d = Number(arg('d', '64'));
  const shapes: BenchShape[] =
      sizes.map(n => ({n, d, m: Math.max(1, n / 10), s: Math.max(1, n / 10)}));
  const options = (methods: Method[]): BenchOptions => ({
    warmup: 1,
    runs: Number(arg('runs', '5')),
    budgetMs: Number(arg('budget-s', '60')) * 1000,
    methods,
  });
  const flags: Record<string, boolean|number|string> = {};
  for (const item of arg('flags', '').split(',').filter(f => f !== '')) {
    const [name, text] = item.split('=');
    flags[name] = text === 'true' ? true : text === 'false' ? false :
        text !== '' && !Number.isNaN(Number(text)) ? Number(text) : text;
  }
  const rows: BenchRow[] = [];

  if (backends.includes('cpu')) {
    for (const [name, value] of Object.entries(flags)) {
      tf.env().set(name, value);
    }
    await tf.setBackend('cpu');
    console.log('cpu (Node) ...');
    rows.push(...await benchSegmentMeanGrad(
        tf, sg, shapes, options(['package', 'plain loop', 'composite', 'floor'])));
  }
  const gpuBackends = backends.filter(b => b !== 'cpu');
  if (gpuBackends.length > 0) {
    const bundle = await bundlePage(path.join(ROOT, 'bench', 'browser_entry.ts'), 'bench');
    const server = await serve({'/': {text: htmlPage(['/bench.js'])}, '/bench.js': {file: bundle}});
    const browser = await launchChromium();
    try {
      for (const backend of gpuBackends) {
        // A fresh page per backend, so one backend's state cannot slow another.
        const page = await browser.newPage();
        await page.goto(server.url);
        console.log(`${backend} (Chromium) ...`);
        const result = await page.evaluate(
            ([b, s, o, f]) => (window as any).sparseGradBench.run(b, s, o, f),
            [backend, shapes,
             options(['package', 'composite', 'readback+cpu', 'floor']),
             flags] as const);
        rows.push(...result as BenchRow[]);
        await page.close();
      }
    } finally {
      await browser.close();
      await server.close();
    }
  }

  console.log(`\nSparseSegmentMeanGrad, median ms per call (data read back), M = S = N/10${
      Object.keys(flags).length > 0 ? `, flags ${JSON.stringify(flags)}` : ''}\n`);
  console.log(formatTable(rows));
  const out = path.join(ROOT, 'bench', 'results.json');
  fs.writeFileSync(out, JSON.stringify({
    date: new Date().toISOString(),
    machine: `${os.cpus()[0]?.model} x${os.cpus().length}, ${os.platform()} ${os.release()}`,
    note: 'webgl/webgpu ran in headless Chromium; without a GPU that is SwiftShader (CPU-emulated): compare ratios only',
    flags,
    rows,
  }, null, 2));
  console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
