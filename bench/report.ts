/**
 * The benchmark's outputs: a text table for the terminal, and a
 * self-contained HTML report (inline SVG charts, no scripts or network).
 */
import type {BenchRow} from './runner';
import type {KernelRow} from './kernel_benches';
import type {TrainRow} from './train_benches';

export interface BenchResults {
  date: string;
  machine: string;
  browser: string;
  note: string;
  command: string;
  rows: BenchRow[];
  /** The training and embedding suites (absent in older results). */
  training?: TrainRow[];
  /** The kernels suite (absent in older results). */
  kernels?: KernelRow[];
}

/** One line per (backend, op, size): the four times and the ratios. */
export interface Summary {
  backend: string;
  op: string;
  label: string;
  packageMs: number|null;
  compositeMs: number|null;
  readbackMs: number|null;
  floorMs: number|null;
  /** composite / package: the speed-up over what a user would write. */
  speedup: number|null;
  /** readback+cpu / package. */
  vsReadback: number|null;
  /** package / floor: 1 means as fast as moving the minimum bytes. */
  toFloor: number|null;
  notes: string[];
}

export function summarize(rows: BenchRow[]): Summary[] {
  const groups = new Map<string, BenchRow[]>();
  for (const r of rows) {
    const key = `${r.backend}|${r.op}|${r.label}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map(group => {
    const ms = (m: string) => group.find(r => r.method === m)?.ms ?? null;
    const ratio = (a: number|null, b: number|null) => a == null || b == null ? null : a / b;
    const p = ms('package');
    return {
      backend: group[0].backend,
      op: group[0].op,
      label: group[0].label,
      packageMs: p,
      compositeMs: ms('composite'),
      readbackMs: ms('readback+cpu'),
      floorMs: ms('floor'),
      speedup: ratio(ms('composite'), p),
      vsReadback: ratio(ms('readback+cpu'), p),
      toFloor: ratio(p, ms('floor')),
      notes: group.filter(r => r.note != null).map(r => `${r.method}: ${r.note}`),
    };
  });
}

const fmtMs = (ms: number|null) => ms == null ? '-' : ms >= 100 ? ms.toFixed(0) : ms.toFixed(2);
const fmtRatio = (r: number|null) => r == null ? '-' : `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}x`;

export function formatTable(summaries: Summary[]): string {
  const header = [
    'backend', 'op', 'size', 'package ms', 'composite ms', 'readback+cpu ms', 'floor ms',
    'speed-up vs composite', 'vs readback', 'package/floor'
  ];
  const lines = summaries.map(
      s =>
          [s.backend, s.op, s.label, fmtMs(s.packageMs), fmtMs(s.compositeMs), fmtMs(s.readbackMs),
           fmtMs(s.floorMs), fmtRatio(s.speedup), fmtRatio(s.vsReadback), fmtRatio(s.toFloor)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map(l => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
  const notes = summaries.flatMap(s => s.notes.map(n => `${s.backend} ${s.op} ${s.label} ${n}`));
  return [
    fmt(header), widths.map(w => '-'.repeat(w)).join('-|-'), ...lines.map(fmt),
    ...(notes.length ? ['', ...notes] : [])
  ].join('\n');
}

/**
 * The README's summary: per backend, SparseSegmentMeanGrad at each N (the
 * widest rows, M = N/10) and every other op at the largest N.
 */
export function readmeSummary(results: BenchResults): string {
  const parts = [
    `Measured ${results.date.slice(0, 10)} with \`${results.command}\` on ${
        results.machine}; browser: ${results.browser}. ${results.note}`,
  ];
  if (results.rows.length > 0) {
    const summaries = summarize(results.rows);
    const widest = Math.max(...results.rows.map(r => r.shape.d ?? 0));
    const largest = Math.max(...results.rows.map(r => r.shape.n ?? 0));
    const chosen = summaries.filter(s => {
      const row =
          results.rows.find(r => r.backend === s.backend && r.op === s.op && r.label === s.label)!;
      const {n, d, m} = row.shape;
      if (s.op === 'SparseSegmentMeanGrad')
        return d === widest && m === Math.max(1, Math.round(n / 10));
      if (d != null) return n === largest && d === widest && m === Math.max(1, Math.round(n / 10));
      return n === largest;
    });
    parts.push('', formatMarkdown(chosen));
  }
  const training = results.training ?? [];
  if (training.some(r => r.suite === 'training')) {
    parts.push(
        '', 'Training step (embedding bag, D = 32, 1,024 rows a step), ms:', '',
        formatTrainingTable(training, true));
  }
  if (training.some(r => r.suite === 'bag')) {
    parts.push('', formatBagTable(training, true));
  }
  if (training.some(r => r.suite === 'embedding')) {
    parts.push(
        '', '`tf.layers.embedding` (V = 2000, D = 16), one `model.fit` step on 64 x 16 ids:', '',
        formatEmbeddingTable(training));
  }
  return parts.join('\n');
}

const OPTIMIZERS = [
  'tf.train.adam', 'train.lazyAdam', 'train.adagrad', 'train.ftrl', 'train.momentum',
  'train.rowwiseAdagrad'
];

/**
 * The training suite: per backend and vocabulary, the step time of each
 * optimizer, and each sparse optimizer's step at the largest vocabulary
 * over its step at the smallest (the target is at most 3x).
 */
export function formatTrainingTable(rows: TrainRow[], markdown = false): string {
  const steps = rows.filter(r => r.suite === 'training');
  const backends = [...new Set(steps.map(r => r.backend))];
  const header = ['backend', 'vocabulary', ...OPTIMIZERS.map(o => `${o} ms`)];
  const lines: string[][] = [];
  for (const backend of backends) {
    const mine = steps.filter(r => r.backend === backend);
    const vocabs = [...new Set(mine.map(r => r.vocab))].sort((a, b) => a - b);
    for (const vocab of vocabs) {
      lines.push([
        backend, vocab.toLocaleString('en-US'), ...OPTIMIZERS.map(o => {
          const row = mine.find(r => r.method === o && r.vocab === vocab);
          return row?.ms != null               ? fmtMs(row.ms) :
              row?.note?.startsWith('skipped') ? 'skipped (too slow)' :
                                                 '-';
        })
      ]);
    }
    const growth = OPTIMIZERS.map(o => {
      const mineOf = mine.filter(r => r.method === o && r.ms != null);
      if (mineOf.length < 2) return '-';
      const first = mineOf[0];
      const last = mineOf[mineOf.length - 1];
      return `${fmtRatio(last.ms! / first.ms!)} (V ${last.vocab.toExponential(0)} / ${
          first.vocab.toExponential(0)})`;
    });
    lines.push([backend, 'largest / smallest V', ...growth]);
    const bytes = OPTIMIZERS.map(o => {
      const last = mine.filter(r => r.method === o && r.slotBytes != null).pop();
      return last == null ?
          '-' :
          `${(last.slotBytes! / 2 ** 20).toFixed(3)} MiB (V ${last.vocab.toExponential(0)})`;
    });
    lines.push([backend, 'table slot memory', ...bytes]);
  }
  return table(header, lines, markdown);
}

/**
 * The bag suite: per backend, the embeddingBag step over the
 * sparseSegmentMean step (target <= 1.2x on cpu and wasm, 1.5x on webgl and
 * webgpu), the 26-feature collection step over one feature's (<= 2x, 3x),
 * and both against PyTorch's single-thread step on the same shapes.
 */
export function formatBagTable(rows: TrainRow[], markdown = false): string {
  const bags = rows.filter(r => r.suite === 'bag');
  const ms = (backend: string, method: string, vocab?: number) =>
      bags.find(
              r => r.backend === backend && r.method === method &&
                  (vocab == null || r.vocab === vocab))
          ?.ms ??
      null;
  const ratio = (a: number|null, b: number|null) => fmtRatio(a != null && b != null ? a / b : null);
  const vocabs = [...new Set(bags.filter(r => r.method === 'embeddingBag').map(r => r.vocab))].sort(
      (a, b) => a - b);
  const lines: string[][] = [];
  for (const backend of [...new Set(bags.map(r => r.backend))].filter(b => b !== 'pytorch')) {
    for (const vocab of vocabs) {
      const seg = ms(backend, 'tf.sparse.sparseSegmentMean', vocab);
      const bag = ms(backend, 'embeddingBag', vocab);
      const torch = ms('pytorch', 'PyTorch nn.EmbeddingBag', vocab);
      lines.push([
        backend, `lookup step, V = ${vocab.toLocaleString('en-US')}`, fmtMs(seg), fmtMs(bag),
        ratio(bag, seg), fmtMs(torch), ratio(bag, torch)
      ]);
    }
    const many = ms(backend, 'collection of 26 features');
    const one = ms(backend, 'one feature of 26 ids');
    const torch = ms('pytorch', 'PyTorch 26 nn.EmbeddingBag');
    lines.push([
      backend, '26 features / one feature of 26 ids', fmtMs(one), fmtMs(many), ratio(many, one),
      fmtMs(torch), ratio(many, torch)
    ]);
  }
  const skipped = bags.find(r => r.backend === 'pytorch' && r.ms == null);
  return table(
             [
               'backend', 'step', 'sparseSegmentMean / one feature ms',
               'embeddingBag / collection ms', 'ratio', 'PyTorch ms', 'vs PyTorch'
             ],
             lines, markdown) +
      (skipped?.note != null ? `\n\nPyTorch: ${skipped.note}` : '');
}

/** The embedding suite: the fit step with the package and with tfjs's kernels. */
function formatEmbeddingTable(rows: TrainRow[]): string {
  const fits = rows.filter(r => r.suite === 'embedding');
  const backends = [...new Set(fits.map(r => r.backend))];
  const lines = backends.map(backend => {
    const ours = fits.find(r => r.backend === backend && r.method === 'with package');
    const theirs = fits.find(r => r.backend === backend && r.method === 'tfjs kernels');
    const rest = fits.find(r => r.backend === backend && r.method === 'embedding frozen');
    const ratio = (a: number|null|undefined, b: number|null|undefined) =>
        fmtRatio(a != null && b != null ? a / b : null);
    return [
      backend, fmtMs(ours?.ms ?? null), fmtMs(theirs?.ms ?? null), ratio(theirs?.ms, ours?.ms),
      fmtMs(rest?.ms ?? null), ratio(theirs?.ms, rest?.ms),
      ours?.note?.replace('largest weight difference after one step: ', '') ?? '-'
    ];
  });
  return table(
      [
        'backend', 'with the package ms', 'tfjs kernels ms', 'speed-up', 'embedding frozen ms',
        'largest possible speed-up', 'largest weight difference after one step'
      ],
      lines, true);
}

/** A text (aligned) or markdown table. */
function table(header: string[], lines: string[][], markdown: boolean): string {
  if (markdown) {
    return [
      `| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`,
      ...lines.map(l => `| ${l.join(' | ')} |`)
    ].join('\n');
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map(l => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
  return [fmt(header), widths.map(w => '-'.repeat(w)).join('-|-'), ...lines.map(fmt)].join('\n');
}

/**
 * A log-log line chart of the training step time against the vocabulary,
 * one line per backend and optimizer, with a legend: dense Adam grows with
 * the vocabulary, the sparse optimizers stay flat.
 */
export function trainingChart(rows: TrainRow[]): string {
  const steps = rows.filter(r => r.suite === 'training' && r.ms != null);
  const width = 760;
  const height = 420;
  const left = 70;
  const right = 230;
  const top = 40;
  const bottom = 50;
  const vocabs = steps.map(r => r.vocab);
  const times = steps.map(r => r.ms!);
  const [v0, v1] = [Math.min(...vocabs), Math.max(...vocabs)];
  const [t0, t1] = [Math.min(...times) / 1.5, Math.max(...times) * 1.5];
  const x = (v: number) => left +
      (width - left - right) * (Math.log(v) - Math.log(v0)) /
          Math.max(1e-9, Math.log(v1) - Math.log(v0));
  const y = (t: number) => height - bottom -
      (height - top - bottom) * (Math.log(t) - Math.log(t0)) /
          Math.max(1e-9, Math.log(t1) - Math.log(t0));
  const colors: Record<string, string> = {cpu: '#1971c2', webgl: '#e8590c', webgpu: '#2f9e44'};
  const dashes: Record<string, string> = {
    'tf.train.adam': '6 4',
    'train.lazyAdam': '',
    'train.adagrad': '2 3'
  };
  const series = [...new Set(steps.map(r => `${r.backend}|${r.method}`))];
  const lines =
      series
          .map((key, k) => {
            const [backend, method] = key.split('|');
            const points = steps.filter(r => r.backend === backend && r.method === method)
                               .sort((a, b) => a.vocab - b.vocab);
            const path =
                points.map(p => `${x(p.vocab).toFixed(1)},${y(p.ms!).toFixed(1)}`).join(' ');
            const color = colors[backend] ?? '#555';
            const ly = top + 14 + k * 16;
            return `<polyline points="${path}" fill="none" stroke="${
                       color}" stroke-width="2" stroke-dasharray="${dashes[method] ?? ''}"/>` +
                points
                    .map(
                        p => `<circle cx="${x(p.vocab).toFixed(1)}" cy="${
                            y(p.ms!).toFixed(1)}" r="3" fill="${color}"/>`)
                    .join('') +
                `<line x1="${width - right + 15}" y1="${ly - 4}" x2="${width - right + 45}" y2="${
                       ly - 4}" stroke="${color}" stroke-width="2" stroke-dasharray="${
                       dashes[method] ?? ''}"/>` +
                `<text x="${width - right + 50}" y="${ly}">${
                       escape(`${backend}, ${method}`)}</text>`;
          })
          .join('\n');
  const vTicks = [...new Set(vocabs)]
                     .sort((a, b) => a - b)
                     .map(
                         v => `<text x="${x(v)}" y="${height - bottom + 18}" text-anchor="middle">${
                             v.toExponential(0)}</text>`)
                     .join('');
  const tTicks: string[] = [];
  for (let e = Math.floor(Math.log10(t0)); e <= Math.ceil(Math.log10(t1)); e++) {
    const t = 10 ** e;
    if (t < t0 || t > t1) continue;
    tTicks.push(
        `<line x1="${left}" y1="${y(t)}" x2="${width - right}" y2="${y(t)}" stroke="#ddd"/>` +
        `<text x="${left - 6}" y="${y(t) + 4}" text-anchor="end">${
            t >= 1 ? t : t.toPrecision(1)}</text>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${
      height}" font-family="sans-serif" font-size="12">
<rect width="${width}" height="${height}" fill="white"/>
<text x="${
      left}" y="22" font-size="14" font-weight="bold">Training step time against vocabulary size (both axes log scale)</text>
${tTicks.join('\n')}
<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${
      height - bottom}" stroke="#333"/>
<line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="#333"/>
${vTicks}
<text x="${(left + width - right) / 2}" y="${
      height - 12}" text-anchor="middle">vocabulary V (rows of the table)</text>
<text transform="translate(18,${
      (top + height - bottom) / 2}) rotate(-90)" text-anchor="middle">ms per step</text>
${lines}
</svg>
`;
}

/** A markdown table of the chosen rows, for the README. */
export function formatMarkdown(summaries: Summary[]): string {
  const lines = [
    '| backend | op | size | package ms | composite ms | readback+cpu ms | floor ms | vs composite | package/floor |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |'
  ];
  for (const s of summaries) {
    lines.push(`| ${s.backend} | ${s.op} | ${s.label} | ${fmtMs(s.packageMs)} | ${
        s.compositeMs == null ?
            (s.notes.some(n => n.startsWith('composite: skipped')) ? 'skipped (too slow)' : '-') :
            fmtMs(s.compositeMs)} | ${fmtMs(s.readbackMs)} | ${fmtMs(s.floorMs)} | ${
        fmtRatio(s.speedup)} | ${fmtRatio(s.toFloor)} |`);
  }
  return lines.join('\n');
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A horizontal bar chart (log scale) of one ratio for every (op, size) of a
 * backend, with a dashed reference line: `goodAbove` says which side of it
 * meets the target (green) and which does not (red). Rows without a value
 * are left out and counted in the caption.
 */
function barChart(
    title: string, items: Array<{label: string, value: number | null}>, reference: number,
    referenceLabel: string, goodAbove: boolean): string {
  const measured =
      items.filter((i): i is {label: string, value: number} => i.value != null && i.value > 0);
  const missing = items.length - measured.length;
  const rowHeight = 18;
  const left = 380;
  const width = 900;
  const plot = width - left - 70;
  const values = measured.map(i => i.value);
  const max = Math.max(reference * 2, ...values);
  const min = Math.min(reference / 2, ...values, 1);
  const x = (v: number) =>
      left + plot * (Math.log(v) - Math.log(min)) / (Math.log(max) - Math.log(min));
  const height = 40 + measured.length * rowHeight;
  const good = (v: number) => goodAbove ? v >= reference : v <= reference;
  const bars =
      measured
          .map((item, k) => {
            const y = 30 + k * rowHeight;
            const label = `<text x="${left - 6}" y="${y + 12}" text-anchor="end">${
                escape(item.label)}</text>`;
            const w = Math.max(1, x(item.value) - left);
            return `${label}<rect x="${left}" y="${y + 2}" width="${w}" height="${
                rowHeight - 5}" fill="${good(item.value) ? '#2b8a3e' : '#c92a2a'}"/><text x="${
                left + w + 4}" y="${y + 12}">${fmtRatio(item.value)}</text>`;
          })
          .join('');
  const rx = x(reference);
  return `<figure><figcaption>${escape(title)}</figcaption>
<p class="small">Green: meets the target (${escape(referenceLabel)}, dashed line); red: does not.${
      missing > 0 ? ` ${missing} rows not measured (skipped as too slow) are not shown.` : ''}</p>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${
      height}" font-family="sans-serif" font-size="11">
${bars}
<line x1="${rx}" y1="22" x2="${rx}" y2="${height - 6}" stroke="#333" stroke-dasharray="4 3"/>
<text x="${rx + 3}" y="16">${escape(referenceLabel)}</text>
</svg></figure>`;
}

export function htmlReport(results: BenchResults): string {
  const summaries = summarize(results.rows);
  const backends = [...new Set(summaries.map(s => s.backend))];
  const sections =
      backends
          .map(backend => {
            const mine = summaries.filter(s => s.backend === backend);
            const label = (s: Summary) => `${s.op} ${s.label}`;
            const target = backend === 'webgl' ? 20 : backend === 'webgpu' ? 2 : 1;
            return `<h2>${escape(backend)}</h2>
${
                barChart(
                    `Speed-up over the tfjs composite: composite ms / package ms (log scale)`,
                    mine.map(s => ({label: label(s), value: s.speedup})), target,
                    `target ${target}x`, true)}
${
                barChart(
                    'Distance to the bandwidth floor: package ms / floor ms (log scale; 1x = as fast as an elementwise op moving the minimum bytes)',
                    mine.map(s => ({label: label(s), value: s.toFloor})), 2, 'target: within 2x',
                    false)}`;
          })
          .join('\n');
  const rows =
      summaries
          .map(
              s => `<tr><td>${escape(s.backend)}</td><td>${escape(s.op)}</td><td>${
                  escape(s.label)}</td><td>${fmtMs(s.packageMs)}</td><td>${
                  fmtMs(s.compositeMs)}</td><td>${fmtMs(s.readbackMs)}</td><td>${
                  fmtMs(s.floorMs)}</td><td>${fmtRatio(s.speedup)}</td><td>${
                  fmtRatio(s.vsReadback)}</td><td>${fmtRatio(s.toFloor)}</td><td class="small">${
                  escape(s.notes.join('; '))}</td></tr>`)
          .join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>tfjs-sparse-grad benchmark</title>
<style>
body { font-family: sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; font-size: 12px; }
td, th { border: 1px solid #ccc; padding: 3px 6px; text-align: right; }
td:nth-child(-n+3), th { text-align: left; }
figure { margin: 1em 0; } figcaption { font-weight: bold; margin-bottom: 4px; }
.small { font-size: 11px; color: #555; }
</style></head><body>
<h1>tfjs-sparse-grad benchmark</h1>
<p>${escape(results.date)} &mdash; ${escape(results.machine)}; browser: ${
      escape(results.browser)}</p>
<p>Command: <code>${escape(results.command)}</code></p>
<p>${escape(results.note)}</p>
<p>Each time is the median of several runs after a warm-up, including reading the outputs
back. <b>package</b>: this package's op. <b>composite</b>: what a tfjs user writes without it
(<code>tf.unsortedSegmentSum(tf.gather(grad.mul(scale), segmentIds), indices, M)</code> for the
segment gradients; gather/scatter compositions for the others). <b>readback+cpu</b>: read the
inputs back, run the cpu kernel's loop, upload the result. <b>floor</b>: <code>tf.neg</code> on a
tensor that makes it read and write the op's minimum number of bytes.</p>
${sections}
${
      (results.training ?? []).some(r => r.suite === 'training') ? `<h2>Training step</h2>
<figure>${trainingChart(results.training!)}</figure>
<pre>${escape(formatTrainingTable(results.training!))}</pre>` :
                                                                   ''}
${
      (results.training ?? []).some(r => r.suite === 'embedding') ?
          `<h2>tf.layers.embedding fit step</h2>
<pre>${escape(formatEmbeddingTable(results.training!))}</pre>` :
          ''}
<h2>All measurements (ms)</h2>
<table><tr><th>backend</th><th>op</th><th>size</th><th>package</th><th>composite</th>
<th>readback+cpu</th><th>floor</th><th>vs composite</th><th>vs readback</th><th>package/floor</th><th>notes</th></tr>
${rows}
</table>
</body></html>
`;
}
