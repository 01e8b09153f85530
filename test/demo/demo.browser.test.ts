/**
 * The demo (`npm start`) in headless Chromium: on each backend, for each
 * EmbeddingBag combiner (with lazy Adam) and for each optimizer, it trains a
 * few steps through the page's own code,
 * checks that the loss falls, that tensors do not pile up, that the page
 * logs no error, and saves a screenshot per backend to .cache/demo-screenshots/.
 *
 * `DEMO_BACKENDS=cpu,webgl` limits the backends. The README's picture,
 * docs/demo.png, comes from `npm run demo:screenshot`.
 */
import * as fs from 'fs';
import * as path from 'path';
import type {Browser, Page} from 'playwright-core';

import type {TrainReport} from '../../demo/main';
import {DemoServer, serveDemo} from '../../demo/serve_demo';
import {launchChromium, ROOT} from '../../tools/browser';

const BACKENDS = (process.env.DEMO_BACKENDS ?? 'cpu,wasm,webgl,webgpu').split(',');
const REDUCTIONS = ['mean', 'sqrtn', 'sum'];
const STEPS = 30;
const SCREENSHOTS = path.join(ROOT, '.cache', 'demo-screenshots');
const VIEWPORT = {
  width: 1040,
  height: 900
};

let server: DemoServer;
let browser: Browser;
const timings: string[] = [];

beforeAll(async () => {
  // Like `npm start`, on a free port so a running demo does not get in the way.
  server = await serveDemo({port: 0});
  browser = await launchChromium();
  fs.mkdirSync(SCREENSHOTS, {recursive: true});
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (timings.length > 0)
    console.log(`ms per step (median after the first):\n${timings.join('\n')}`);
});

/** Opens the demo in a fresh page and records what it logs as errors. */
async function openDemo(errors: string[]): Promise<Page> {
  const page = await browser.newPage({viewport: VIEWPORT});
  page.on('pageerror', e => errors.push(`page error: ${e.stack ?? e}`));
  page.on('console', m => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  await page.goto(server.url);
  await page.waitForFunction(() => (window as any).demo?.ready === true, null, {timeout: 60000});
  return page;
}

function train(
    page: Page, steps: number, backend: string, reduction: string, optimizer = 'lazyAdam',
    tableRows = 10000): Promise<TrainReport> {
  return page.evaluate(
      ([s, b, r, o, v]) => (window as any).demo.train(s, b, r, o, v),
      [steps, backend, reduction, optimizer, tableRows] as const);
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

describe.each(BACKENDS)('demo on %s', backend => {
  const errors: string[] = [];
  let page: Page;

  beforeAll(async () => {
    // A page per backend, so one backend's failure cannot break another's.
    page = await openDemo(errors);
  });

  afterAll(async () => {
    // Saved even when a test failed: the page then shows the error.
    await page?.screenshot({path: path.join(SCREENSHOTS, `${backend}.png`), fullPage: true});
    await page?.close();
  });

  test.each([
    ...REDUCTIONS.map(r => [r, 'lazyAdam', 10000] as const),
    ['mean', 'adagrad', 1000] as const,
    ['mean', 'adam', 1000] as const,
  ])('%s, %s, V = %d: the loss falls', async (reduction, optimizer, tableRows) => {
    const report = await train(page, STEPS, backend, reduction, optimizer, tableRows);
    // Whatever failed is shown in the page, not only thrown.
    expect(report.errorShown).toBe(report.error ?? '');
    if (report.error != null) {
      throw new Error(`training on ${backend} (${reduction}, ${
          optimizer}) failed; the page shows: ${report.error}`);
    }
    expect(report.backend).toBe(backend);
    expect(report.losses).toHaveLength(STEPS);
    expect(report.losses.every(Number.isFinite)).toBe(true);
    const first = mean(report.losses.slice(0, 5));
    const last = mean(report.losses.slice(-5));
    expect(last).toBeLessThan(0.75 * first);
    // Accuracy at step 0 and every 10 steps; it should beat chance by the end.
    expect(report.accuracies.map(a => a.step)).toEqual([0, 10, 20, 30]);
    expect(report.accuracies[report.accuracies.length - 1].accuracy).toBeGreaterThan(0.6);
    // No tensor piles up from step to step.
    expect(new Set(report.numTensors).size).toBe(1);
    timings.push(
        `  ${backend} ${reduction} ${optimizer} V=${tableRows}: ${
            median(report.msPerStep.slice(1)).toFixed(1)} ms ` +
        `(first step ${report.msPerStep[0].toFixed(0)} ms)`);
  });

  test('the page logged no errors', () => {
    expect(errors).toEqual([]);
  });
});

(BACKENDS.includes('cpu') ? describe : describe.skip)('the controls, on cpu', () => {
  test('Start trains, Stop stops, Reset starts over', async () => {
    const errors: string[] = [];
    const page = await openDemo(errors);
    const text = (id: string) => page.textContent(`#${id}`);
    const step = async () => Number(await text('stat-step'));
    await page.fill('#steps', '20');
    await page.click('#start');
    await page.waitForFunction(
        () => document.querySelector<HTMLButtonElement>('#start')!.disabled === false &&
            document.getElementById('stat-step')!.textContent === '20');
    expect(Number(await text('stat-loss'))).toBeGreaterThan(0);
    expect(await text('stat-accuracy')).toMatch(/^\d+\.\d%$/);
    expect(await text('stat-tensors-note')).toBe('flat since step 1');

    await page.fill('#steps', '100000');
    await page.click('#start');
    await page.waitForFunction(
        () => Number(document.getElementById('stat-step')!.textContent) > 25);
    await page.click('#stop');
    await page.waitForFunction(
        () => !document.querySelector<HTMLButtonElement>('#start')!.disabled);
    const stoppedAt = await step();
    expect(stoppedAt).toBeLessThan(100020);
    await page.waitForTimeout(200);
    expect(await step()).toBe(stoppedAt);

    await page.click('#try');
    await page.waitForFunction(() => document.getElementById('try-result')!.textContent !== '');
    expect(await text('try-result')).toMatch(/^positive \(\d+%\)$/);

    await page.click('#reset');
    await page.waitForFunction(() => document.getElementById('stat-step')!.textContent === '0');
    expect(await text('stat-loss')).toBe('–');
    expect(await page.isHidden('#error')).toBe(true);
    await page.close();
    expect(errors).toEqual([]);
  });
});

(BACKENDS.includes('cpu') ? describe : describe.skip)('a phone-sized window (390 px)', () => {
  test('nothing overflows; the chart legend fits and names every line', async () => {
    const errors: string[] = [];
    const page = await browser.newPage({viewport: {width: 390, height: 844}});
    page.on('pageerror', e => errors.push(`page error: ${e.stack ?? e}`));
    await page.goto(server.url);
    await page.waitForFunction(() => (window as any).demo?.ready === true, null, {timeout: 60000});
    const layout = () => page.evaluate(() => (window as any).demo.chartLayout());
    const overflow = () => page.evaluate(() => {
      const wide = Array.from(document.querySelectorAll<HTMLElement>('body *'))
                       .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5);
      return {
        scrollWidth: document.documentElement.scrollWidth,
        wide: wide.map(e => `${e.tagName.toLowerCase()}#${e.id}`).slice(0, 5)
      };
    });
    // Before training: no loss scale yet, a hint instead.
    const empty = await layout();
    expect(empty.lossAxis).toEqual([]);
    expect(empty.message).toMatch(/Press Start/);
    expect(await overflow()).toEqual({scrollWidth: 390, wide: []});

    await page.fill('#steps', '12');
    await page.click('#start');
    await page.waitForFunction(() => document.getElementById('stat-step')!.textContent === '12');
    const trained = await layout();
    expect(trained.message).toBe('');
    expect(trained.lossAxis).toHaveLength(5);
    expect(trained.legend.map((e: {label: string}) => e.label)).toEqual([
      'loss per step', 'loss, 10-step average', 'held-out accuracy'
    ]);
    for (const entry of trained.legend) {
      expect(entry.x).toBeGreaterThanOrEqual(0);
      expect(entry.x + entry.width).toBeLessThanOrEqual(trained.width);
    }
    expect(await overflow()).toEqual({scrollWidth: 390, wide: []});
    await page.screenshot({path: path.join(SCREENSHOTS, 'phone.png'), fullPage: true});
    await page.close();
    expect(errors).toEqual([]);
  });
});
