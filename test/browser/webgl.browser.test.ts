/**
 * The case table, the autodiff checks and the webgl-only checks on the
 * webgl backend in headless Chromium (WebGL2 on SwiftShader without a GPU).
 *
 * The table runs three times: on the blend path with GPU-resident indices
 * and a memory pool poisoned with NaNs (unwritten outputs would show), on
 * the gather path, and with validation off (cases that expect outputs).
 * Results must match the table bit for bit. Cases whose int32 values do not
 * fit in float32 are checked against what tfjs-webgl can hold (see
 * webgl_int32_model.ts).
 */
import * as path from 'path';

import {ROOT} from '../../tools/browser';
import {allCases, allChecks} from '../cases/index';
import type {RunOptions} from '../harness/run_case';
import type {CaseResult} from '../harness/types';

import {BrowserSession} from './browser_session';
import {webglChecks} from './webgl_checks';
import {needsInt32Model} from './webgl_int32_model';

const SCATTER = 'SPARSE_GRAD_WEBGL_SCATTER';
const VALIDATE = 'SPARSE_GRAD_VALIDATE';

let session: BrowserSession;

beforeAll(async () => {
  session = await BrowserSession.open(
      path.join(ROOT, 'test', 'browser', 'webgl_entry.ts'), 'webgl-suite');
  await session.setBackend('webgl');
});

afterAll(async () => {
  await session?.close();
});

const cases = allCases();
const modeled = new Set(cases.filter(c => needsInt32Model(c)).map(c => c.name));
const rows = (list: typeof cases) => list.map(
    c => [modeled.has(c.name) ? `${c.name} (int32 as tfjs-webgl holds it)` : c.name, c.name]);

function runOnWebgl(name: string, options: RunOptions = {}): Promise<CaseResult> {
  return session.page.evaluate(
      ([n, o]) => (window as any).sparseGradSuite.runCaseOnWebgl(n, o), [name, options] as const);
}

async function expectOk(result: Promise<CaseResult>): Promise<void> {
  const r = await result;
  if (!r.ok) throw new Error(r.message);
}

describe('case table on webgl, blend path, indices on the GPU, poisoned memory', () => {
  beforeAll(() => session.setFlags({[SCATTER]: 'blend', [VALIDATE]: true}));
  test.each(rows(cases))(
      '%s', (_label, name) => expectOk(runOnWebgl(name, {poison: true, indicesOnDevice: true})));
});

describe('case table on webgl, gather path', () => {
  beforeAll(() => session.setFlags({[SCATTER]: 'gather', [VALIDATE]: true}));
  test.each(rows(cases))('%s', (_label, name) => expectOk(runOnWebgl(name)));
});

// The embedding bag works out its table rows on the host whatever the
// flag: its cases would run the same programs again.
const FLAG_BLIND = new Set(['EmbeddingBag', 'EmbeddingBagGrad']);

describe('case table on webgl, validation off (cases with outputs)', () => {
  beforeAll(() => session.setFlags({[SCATTER]: 'auto', [VALIDATE]: false}));
  afterAll(() => session.setFlags({[VALIDATE]: true}));
  test.each(rows(cases.filter(c => !c.tags.includes('error') && !FLAG_BLIND.has(c.kernel))))(
      '%s', (_label, name) => expectOk(runOnWebgl(name, {poison: true})));
});

for (const scatter of ['blend', 'gather']) {
  describe(`autodiff and optimizer checks on webgl, ${scatter} path`, () => {
    beforeAll(() => session.setFlags({[SCATTER]: scatter, [VALIDATE]: true}));
    test.each(allChecks().map(c => [c.name]))('%s', name => expectOk(session.runCheck(name)));
  });
}

describe('webgl-only checks', () => {
  beforeAll(() => session.setFlags({[SCATTER]: 'auto', [VALIDATE]: true}));
  test.each(webglChecks().map(c => [c.name]))(
      '%s',
      name => expectOk(
          session.page.evaluate(n => (window as any).sparseGradSuite.runWebglCheck(n), name)));

  test('the page logged no errors', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
