/**
 * The case table and checks on webgpu in headless Chromium (SwiftShader).
 */
import {allCases, allChecks} from '../cases/index';

import {BrowserSession} from './browser_session';

let session: BrowserSession;
/** WebGPU validation errors (shader compile, bind groups) Chromium logs. */
const gpuErrors: string[] = [];

beforeAll(async () => {
  session = await BrowserSession.open();
  session.page.on('console', m => {
    if (m.type() === 'warning' || m.type() === 'error') {
      const text = m.text();
      if (/Invalid|error|WGSL/i.test(text) && !/404/.test(text)) gpuErrors.push(text);
    }
  });
  await session.setBackend('webgpu');
});

afterAll(async () => {
  await session?.close();
});

describe('case table on webgpu', () => {
  test.each(allCases().map(c => [c.name]))('%s', async name => {
    const result = await session.runCase(name, {poison: true});
    if (!result.ok) throw new Error(result.message);
  });
});

describe('checks on webgpu', () => {
  test.each(allChecks().map(c => [c.name]))('%s', async name => {
    const result = await session.runCheck(name);
    if (!result.ok) throw new Error(result.message);
  });

  test('the page logged no errors', () => {
    expect(session.pageErrors).toEqual([]);
    expect(gpuErrors).toEqual([]);
  });
});
