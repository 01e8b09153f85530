/**
 * `npm run demo:screenshot`: trains the demo for 150 steps in headless
 * Chromium and saves the page as docs/demo.png, the README's picture.
 * Options: --backend cpu|webgl|webgpu (default webgl), --reduction mean|sqrtn|sum.
 */
import * as path from 'path';

import {launchChromium, ROOT} from '../tools/browser';

import {serveDemo} from './serve_demo';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function main() {
  const backend = arg('backend', 'webgl');
  const reduction = arg('reduction', 'mean');
  const server = await serveDemo({port: 0});
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({viewport: {width: 1040, height: 900}});
    await page.goto(server.url);
    await page.waitForFunction(() => (window as any).demo?.ready === true, null, {timeout: 60000});
    const report = await page.evaluate(
        ([b, r]) => (window as any).demo.train(150, b, r), [backend, reduction] as const);
    if (report.error != null) throw new Error(report.error);
    const verdict = await page.evaluate(
        () => (window as any).demo.classify('The kettle is sturdy and quiet, I love it'));
    await page.evaluate(t => {
      document.getElementById('try-result')!.textContent = t;
    }, verdict);
    const file = path.join(ROOT, 'docs', 'demo.png');
    await page.screenshot({path: file, fullPage: true});
    console.log(`wrote ${path.relative(process.cwd(), file)} (${backend}, ${reduction})`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
