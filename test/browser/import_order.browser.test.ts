/**
 * Import order: with this package imported before tfjs and its backends,
 * tfjs registers its own kernels over the package's replacements, which must
 * come back when a backend is set up. On webgpu, autodiff through
 * tf.sparse.sparseSegmentMean still runs (tfjs's own kernel reads its ids
 * back synchronously, which breaks the WebGPU device in Chromium); on every
 * backend, UnsortedSegmentSum is the package's (it raises TF's error).
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

test.each(['cpu', 'webgl', 'webgpu'])(
    'the package\'s UnsortedSegmentSum is in place on %s', async backend => {
      await session.setBackend(backend);
      const result =
          await session.runCheck('replaced/the flag restores tfjs\'s own UnsortedSegmentSum');
      if (!result.ok) throw new Error(result.message);
    });

test('the page logged no errors', () => {
  expect(session.pageErrors).toEqual([]);
});
