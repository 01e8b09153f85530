/**
 * The case table and checks on the cpu backend inside Chromium: proves that
 * the table runs unchanged in a browser page, where the webgl and webgpu
 * suites run it too.
 */
import {allCases, allChecks} from '../cases/index';

import {BrowserSession} from './browser_session';

let session: BrowserSession;

beforeAll(async () => {
  session = await BrowserSession.open();
  await session.setBackend('cpu');
});

afterAll(async () => {
  await session?.close();
});

describe('case table on cpu in Chromium', () => {
  test.each(allCases().map(c => [c.name]))('%s', async name => {
    const result = await session.runCase(name);
    if (!result.ok) throw new Error(result.message);
  });
});

describe('checks on cpu in Chromium', () => {
  test.each(allChecks().map(c => [c.name]))('%s', async name => {
    const result = await session.runCheck(name);
    if (!result.ok) throw new Error(result.message);
  });

  test('the page logged no errors', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
