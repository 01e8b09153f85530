/**
 * The case table and checks on the wasm backend in Chromium, with poisoned
 * outputs, on the package's compiled (SIMD) loops: the same table the cpu,
 * tensorflow and GPU suites run. (The TypeScript loops run it in Node.)
 */
import * as path from 'path';

import {ROOT} from '../../tools/browser';
import {allCases, allChecks} from '../cases/index';

import {BrowserSession} from './browser_session';

const WASM_DIST = path.join(ROOT, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');

let session: BrowserSession;

beforeAll(async () => {
  const binaries = [
    'tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'
  ];
  session = await BrowserSession.open(
      'wasm_entry.ts', undefined,
      Object.fromEntries(binaries.map(b => [`/wasm/${b}`, path.join(WASM_DIST, b)])));
  await session.setBackend('wasm');
  // The compiled loops (compiled asynchronously on the main thread) run the table.
  expect(await session.page.evaluate(() => (window as any).wasmNativeVariant())).toBe('simd');
});

afterAll(async () => {
  await session?.close();
});

describe('case table on wasm in Chromium', () => {
  test.each(allCases().map(c => [c.name]))('%s', async name => {
    const result = await session.runCase(name, {poison: true});
    if (!result.ok) throw new Error(result.message);
  });
});

describe('checks on wasm in Chromium', () => {
  test.each(allChecks().map(c => [c.name]))('%s', async name => {
    const result = await session.runCheck(name);
    if (!result.ok) throw new Error(result.message);
  });

  test('the page logged no errors', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
