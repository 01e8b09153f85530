/**
 * The browser-only snippets of the README and the guides (```js browser:
 * WebGPU set-up) run as
 * written in headless Chromium, where the test page has tfjs with its
 * webgpu backend and this package.
 */
import {asFunctionBody, docSnippets} from '../harness/readme_snippets';

import {BrowserSession} from './browser_session';

let session: BrowserSession;

beforeAll(async () => {
  session = await BrowserSession.open();
});

afterAll(async () => {
  await session?.close();
});

test.each(docSnippets().filter(s => s.browser).map(s => [`${s.file}:${s.line}`, s] as const))(
    'the snippet at %s runs', async (_line, snippet) => {
      const error = await session.page.evaluate(async body => {
        const w = window as any;
        const modules = {
          '@tensorflow/tfjs': w.tf,
          'tfjs-sparse-grad': w.tfSparseGrad,
          'tfjs-sparse-grad/layers': w.tfSparseGrad,
        };
        try {
          const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
          await new AsyncFunction('modules', body)(modules);
          return w.tf.getBackend() === 'webgpu' ? '' : `ran on ${w.tf.getBackend()}, not webgpu`;
        } catch (e) {
          return String((e as Error).stack ?? e);
        }
      }, asFunctionBody(snippet.code));
      expect(error).toBe('');
      expect(session.pageErrors).toEqual([]);
    });
