/**
 * The benchmark's outputs: a text table for the terminal, and a
 * self-contained HTML report (inline SVG charts, no scripts or network).
 */
import type {BenchRow} from './runner';

export interface BenchResults {
  date: string;
  machine: string;
  browser: string;
  note: string;
  command: string;
  rows: BenchRow[];
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
  const header = ['backend', 'op', 'size', 'package ms', 'composite ms', 'readback+cpu ms',
                  'floor ms', 'speed-up vs composite', 'vs readback', 'package/floor'];
  const lines = summaries.map(s => [
    s.backend, s.op, s.label, fmtMs(s.packageMs), fmtMs(s.compositeMs), fmtMs(s.readbackMs),
    fmtMs(s.floorMs), fmtRatio(s.speedup), fmtRatio(s.vsReadback), fmtRatio(s.toFloor)
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map(l => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
  const notes = summaries.flatMap(
      s => s.notes.map(n => `${s.backend} ${s.op} ${s.label} ${n}`));
  return [fmt(header), widths.map(w => '-'.repeat(w)).join('-|-'), ...lines.map(fmt),
          ...(notes.length ? ['', ...notes] : [])].join('\n');
}

/**
 * The README's summary: per backend, SparseSegmentMeanGrad at each N (the
 * widest rows, M = N/10) and every other op at the largest N.
 */
export function readmeSummary(results: BenchResults): string {
  const summaries = summarize(results.rows);
  const widest = Math.max(...results.rows.map(r => r.shape.d ?? 0));
  const largest = Math.max(...results.rows.map(r => r.shape.n ?? 0));
  const chosen = summaries.filter(s => {
    const row = results.rows.find(r => r.backend === s.backend && r.op === s.op && r.label === s.label)!;
    const {n, d, m} = row.shape;
    if (s.op === 'SparseSegmentMeanGrad') return d === widest && m === Math.max(1, Math.round(n / 10));
    if (d != null) return n === largest && d === widest && m === Math.max(1, Math.round(n / 10));
    return n === largest;
  });
  return [
    `Measured ${results.date.slice(0, 10)} with \`${results.command}\` on ${
        results.machine}; browser: ${results.browser}. ${results.note}`,
    '',
    formatMarkdown(chosen),
  ].join('\n');
}

/** A markdown table of the chosen rows, for the README. */
export function formatMarkdown(summaries: Summary[]): string {
  const lines = ['| backend | op | size | package ms | composite ms | readback+cpu ms | floor ms | vs composite | package/floor |',
                 '| --- | --- | --- | --- | --- | --- | --- | --- | --- |'];
  for (const s of summaries) {
    lines.push(`| ${s.backend} | ${s.op} | ${s.label} | ${fmtMs(s.packageMs)} | ${
        s.compositeMs == null ? (s.notes.some(n => n.startsWith('composite: skipped')) ? 'skipped (too slow)' : '-') : fmtMs(s.compositeMs)} | ${
        fmtMs(s.readbackMs)} | ${fmtMs(s.floorMs)} | ${fmtRatio(s.speedup)} | ${fmtRatio(s.toFloor)} |`);
  }
  return lines.join('\n');
}

const escape = (s: string) =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A horizontal bar chart (log scale) of one ratio for every (op, size) of a
 * backend, with a reference line (e.g. 1x, or the 2x target).
 */
function barChart(
    title: string, items: Array<{label: string, value: number|null}>,
    reference: number, referenceLabel: string): string {
  const rowHeight = 18;
  const left = 330;
  const width = 820;
  const plot = width - left - 70;
  const values = items.map(i => i.value).filter((v): v is number => v != null && v > 0);
  const max = Math.max(reference * 2, ...values);
  const min = Math.min(reference / 2, ...values, 1);
  const x = (v: number) =>
      left + plot * (Math.log(v) - Math.log(min)) / (Math.log(max) - Math.log(min));
  const height = 40 + items.length * rowHeight;
  const bars = items.map((item, k) => {
    const y = 30 + k * rowHeight;
    const label = `<text x="${left - 6}" y="${y + 12}" text-anchor="end">${escape(item.label)}</text>`;
    if (item.value == null) {
      return `${label}<text x="${left + 4}" y="${y + 12}" fill="#888">not measured</text>`;
    }
    const w = Math.max(1, x(item.value) - left);
    const color = item.value >= reference ? '#2b8a3e' : '#c92a2a';
    return `${label}<rect x="${left}" y="${y + 2}" width="${w}" height="${rowHeight - 5}" fill="${
        color}"/><text x="${left + w + 4}" y="${y + 12}">${fmtRatio(item.value)}</text>`;
  }).join('');
  const rx = x(reference);
  return `<figure><figcaption>${escape(title)}</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">
${bars}
<line x1="${rx}" y1="22" x2="${rx}" y2="${height - 6}" stroke="#333" stroke-dasharray="4 3"/>
<text x="${rx + 3}" y="16">${escape(referenceLabel)}</text>
</svg></figure>`;
}

export function htmlReport(results: BenchResults): string {
  const summaries = summarize(results.rows);
  const backends = [...new Set(summaries.map(s => s.backend))];
  const sections = backends.map(backend => {
    const mine = summaries.filter(s => s.backend === backend);
    const label = (s: Summary) => `${s.op} ${s.label}`;
    const target = backend === 'webgl' ? 20 : backend === 'webgpu' ? 2 : 1;
    return `<h2>${escape(backend)}</h2>
${barChart(`Speed-up over the tfjs composite (composite ms / package ms; target ${target}x)`,
           mine.map(s => ({label: label(s), value: s.speedup})), target, `${target}x`)}
${barChart('Distance to the bandwidth floor (package ms / floor ms; target within 2x)',
           mine.map(s => ({label: label(s), value: s.toFloor == null ? null : 1 / s.toFloor})),
           0.5, '2x slower than the floor')}
<p class="small">The second chart shows floor ms / package ms: 1x is as fast as an elementwise op
moving the op's minimum bytes, bars right of the dashed line are within 2x of it.</p>`;
  }).join('\n');
  const rows = summaries.map(s => `<tr><td>${escape(s.backend)}</td><td>${escape(s.op)}</td><td>${
      escape(s.label)}</td><td>${fmtMs(s.packageMs)}</td><td>${fmtMs(s.compositeMs)}</td><td>${
      fmtMs(s.readbackMs)}</td><td>${fmtMs(s.floorMs)}</td><td>${fmtRatio(s.speedup)}</td><td>${
      fmtRatio(s.vsReadback)}</td><td>${fmtRatio(s.toFloor)}</td><td class="small">${
      escape(s.notes.join('; '))}</td></tr>`).join('\n');
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
<p>${escape(results.date)} &mdash; ${escape(results.machine)}; browser: ${escape(results.browser)}</p>
<p>Command: <code>${escape(results.command)}</code></p>
<p>${escape(results.note)}</p>
<p>Each time is the median of several runs after a warm-up, including reading the outputs
back. <b>package</b>: this package's op. <b>composite</b>: what a tfjs user writes without it
(<code>tf.unsortedSegmentSum(tf.gather(grad.mul(scale), segmentIds), indices, M)</code> for the
segment gradients; gather/scatter compositions for the others). <b>readback+cpu</b>: read the
inputs back, run the cpu kernel's loop, upload the result. <b>floor</b>: <code>tf.neg</code> on a
tensor that makes it read and write the op's minimum number of bytes.</p>
${sections}
<h2>All measurements (ms)</h2>
<table><tr><th>backend</th><th>op</th><th>size</th><th>package</th><th>composite</th>
<th>readback+cpu</th><th>floor</th><th>vs composite</th><th>vs readback</th><th>package/floor</th><th>notes</th></tr>
${rows}
</table>
</body></html>
`;
}
