/**
 * Import order: with this package imported before @tensorflow/tfjs-backend-webgpu,
 * autodiff through tf.sparse.sparseSegmentMean still runs on webgpu (tfjs's
 * own kernel reads its ids back synchronously, which breaks the WebGPU device
 * in Chromium; this package's replacement must be the one in place).
 */
import {BrowserSession} from './browser_session';

let session: BrowserSession;

beforeAll(async () => {
  session = await BrowserSession.open('import_order_entry.ts');
  await session.setBackend('webgpu');
});

afterAll(async () => {
  await session?.close();
});

test.each([
  'autodiff/an optimizer trains through sparseSegmentMean',
  'autodiff/tf.sparse.sparseSegmentSum matches finite differences',
  'autodiff/tf.sparse.sparseSegmentMean matches finite differences',
])('%s, package imported before the webgpu backend', async name => {
  const result = await session.runCheck(name);
  if (!result.ok) throw new Error(result.message);
});

test('the page logged no errors', () => {
  expect(session.pageErrors).toEqual([]);
});
