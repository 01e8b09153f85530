/**
 * `window.sparseGradSuite`, which the Node side (browser_session.ts) drives:
 * runs the shared case table and checks with the page's tfjs and package.
 */
import type * as tfType from '@tensorflow/tfjs';

import {allCases, allChecks} from '../cases/index';
import {runCase, RunOptions} from '../harness/run_case';
import type {CaseResult, KernelCase, NamedCheck} from '../harness/types';

/** Runs the check called `name` of `checks`, as a result (never throws). */
export async function runNamedCheck(
    tf: typeof tfType, sg: typeof import('../../src/layers'), checks: Map<string, NamedCheck>,
    name: string): Promise<CaseResult> {
  const check = checks.get(name);
  const start = performance.now();
  if (check == null) {
    return {name, ok: false, message: `no check named ${name}`, ms: 0};
  }
  try {
    await check.run(tf, sg);
    return {name, ok: true, message: '', ms: performance.now() - start};
  } catch (e) {
    return {
      name,
      ok: false,
      message: String((e as Error).stack ?? e),
      ms: performance.now() - start
    };
  }
}

export function installSuite(tf: typeof tfType, sg: typeof import('../../src/layers')): void {
  const cases = new Map<string, KernelCase>(allCases().map(c => [c.name, c]));
  const checks = new Map<string, NamedCheck>(allChecks().map(c => [c.name, c]));

  const suite = {
    /** Switches tfjs to `backend`; false when the browser cannot run it. */
    async setBackend(backend: string): Promise<boolean> {
      const ok = await tf.setBackend(backend);
      await tf.ready();
      return ok && tf.getBackend() === backend;
    },

    async runCase(name: string, options: RunOptions): Promise<CaseResult> {
      const c = cases.get(name);
      if (c == null) {
        return {name, ok: false, message: `no case named ${name}`, ms: 0};
      }
      try {
        return await runCase(tf, c, options);
      } catch (e) {
        return {name, ok: false, message: `harness error: ${(e as Error).stack}`, ms: 0};
      }
    },

    runCheck: (name: string) => runNamedCheck(tf, sg, checks, name),

    memory: () => tf.memory(),

    /** Sets tfjs environment flags (e.g. this package's flags) in the page. */
    setFlags(flags: Record<string, boolean|number|string>): void {
      for (const [name, value] of Object.entries(flags)) {
        tf.env().set(name, value);
      }
    },
  };

  (window as unknown as {sparseGradSuite: typeof suite}).sparseGradSuite = suite;
  (window as unknown as {tf: typeof tf}).tf = tf;
  (window as unknown as {tfSparseGrad: typeof sg}).tfSparseGrad = sg;
}
