/**
 * Node side of the browser tests: a Chromium page with the test suite
 * (`entry.ts`) loaded, driven through `window.sparseGradSuite`.
 */
import * as path from 'path';
import type {Browser, Page} from 'playwright-core';

import {bundlePage, htmlPage, launchChromium, ROOT, serve} from '../../tools/browser';
import type {RunOptions} from '../harness/run_case';
import type {CaseResult} from '../harness/types';

/** A Chromium page with the test suite loaded. */
export class BrowserSession {
  /** Errors the page reported outside the tests' own calls. */
  readonly pageErrors: string[] = [];

  private constructor(
      private readonly browser: Browser, readonly page: Page,
      private readonly closeServer: () => Promise<void>) {}

  /**
   * Opens a page running `entry`: a file of test/browser (default: the
   * shared suite, entry.ts) or an absolute path. A backend's suite may pass
   * its own entry that imports entry.ts and adds checks, and `files` to
   * serve besides (URL path -> file).
   */
  static async open(entry = 'entry.ts', bundleName?: string, files: Record<string, string> = {}):
      Promise<BrowserSession> {
    const file = path.isAbsolute(entry) ? entry : path.join(ROOT, 'test', 'browser', entry);
    const bundle = await bundlePage(
        file,
        bundleName ?? path.basename(file).replace(/\.ts$/, '').replace(/^entry$/, 'test-suite'));
    const server = await serve({
      '/': {text: htmlPage(['/suite.js'])},
      '/suite.js': {file: bundle},
      ...Object.fromEntries(Object.entries(files).map(([url, f]) => [url, {file: f}])),
    });
    const browser = await launchChromium();
    const page = await browser.newPage();
    const session = new BrowserSession(browser, page, server.close);
    page.on('pageerror', e => session.pageErrors.push(String(e)));
    await page.goto(server.url);
    await page.waitForFunction(() => 'sparseGradSuite' in window);
    return session;
  }

  /** Switches the page's tfjs backend; throws when the browser lacks it. */
  async setBackend(backend: string): Promise<void> {
    const ok =
        await this.page.evaluate(b => (window as any).sparseGradSuite.setBackend(b), backend);
    if (!ok) {
      throw new Error(`tf.setBackend('${backend}') failed in Chromium`);
    }
  }

  /** Sets tfjs environment flags in the page. */
  async setFlags(flags: Record<string, boolean|number|string>): Promise<void> {
    await this.page.evaluate(f => (window as any).sparseGradSuite.setFlags(f), flags);
  }

  runCase(name: string, options: RunOptions = {}): Promise<CaseResult> {
    return this.page.evaluate(
        ([n, o]) => (window as any).sparseGradSuite.runCase(n, o), [name, options] as const);
  }

  runCheck(name: string): Promise<CaseResult> {
    return this.page.evaluate(n => (window as any).sparseGradSuite.runCheck(n), name);
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.closeServer();
  }
}
