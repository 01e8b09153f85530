/**
 * The webgpu kernels in headless Chromium (WebGPU on SwiftShader):
 *
 * - the whole case table with inputs made from JS values (held on the CPU),
 *   bit for bit against the expectations (cpu's results), with the memory
 *   pool poisoned so unwritten output elements show;
 * - the whole table again with the int32 index inputs made on the GPU by a
 *   previous op, against what the README documents for that case
 *   (webgpu_device_expectations.ts);
 * - the shared checks (autodiff through the forward ops, leaks, training);
 * - the webgpu checks (webgpu_checks.ts): bit-identical repeat runs, more
 *   than 65,535 workgroups per dispatch dimension, 1,000-call leak check,
 *   async variants, the validation flag.
 */
import {allCases, allChecks} from '../cases/index';
import type {RunOptions} from '../harness/run_case';
import type {CaseResult} from '../harness/types';

import {BrowserSession} from './browser_session';
import {webgpuChecks} from './webgpu_checks';

let session: BrowserSession;
/** WebGPU validation errors (shader compilation, bindings) Chromium logs. */
const gpuErrors: string[] = [];

beforeAll(async () => {
  session = await BrowserSession.open('webgpu_entry.ts');
  session.page.on('console', m => {
    const text = m.text();
    if ((m.type() === 'warning' || m.type() === 'error') &&
        /Invalid|WGSL|GPUValidationError|Instance reference/i.test(text)) {
      gpuErrors.push(text);
    }
  });
  await session.setBackend('webgpu');
});

afterAll(async () => {
  await session?.close();
});

function runDeviceCase(name: string, options: RunOptions): Promise<CaseResult> {
  return session.page.evaluate(
      ([n, o]) => (window as any).webgpuSuite.runDeviceCase(n, o), [name, options] as const);
}

function runWebgpuCheck(name: string): Promise<CaseResult> {
  return session.page.evaluate(n => (window as any).webgpuSuite.runCheck(n), name);
}

describe('case table on webgpu, inputs held on the CPU', () => {
  test.each(allCases().map(c => [c.name]))('%s', async name => {
    const result = await session.runCase(name, {poison: true});
    if (!result.ok) throw new Error(result.message);
  });
});

describe('case table on webgpu, index inputs on the GPU', () => {
  test.each(allCases().map(c => [c.name]))('%s', async name => {
    const result = await runDeviceCase(name, {poison: true});
    if (!result.ok) throw new Error(result.message);
  });
});

describe('checks on webgpu', () => {
  test.each(allChecks().map(c => [c.name]))('%s', async name => {
    const result = await session.runCheck(name);
    if (!result.ok) throw new Error(result.message);
  });

  test.each(webgpuChecks().map(c => [c.name]))('%s', async name => {
    const result = await runWebgpuCheck(name);
    if (!result.ok) throw new Error(result.message);
  });

  test('the page logged no errors and WebGPU reported none', () => {
    expect(session.pageErrors).toEqual([]);
    expect(gpuErrors).toEqual([]);
  });
});
