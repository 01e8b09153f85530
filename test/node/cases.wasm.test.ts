/**
 * The whole case table and every check on the wasm backend
 * (`@tensorflow/tfjs-backend-wasm`) in Node, with poisoned outputs: once
 * with the compiled WebAssembly loops (SIMD), once with their TypeScript
 * twins (`SPARSE_GRAD_WASM_NATIVE` off).
 */
import '@tensorflow/tfjs-backend-wasm';

import * as tf from '@tensorflow/tfjs';

import {wasmBackend} from '../../kernels/wasm/lib/backend_util';
import {nativeReady} from '../../kernels/wasm/lib/native';
import * as sg from '../../src/layers';
import {allCases, allChecks} from '../cases/index';
import {runCase} from '../harness/run_case';

beforeAll(async () => {
  await tf.setBackend('wasm');
  expect(tf.getBackend()).toBe('wasm');
});

describe.each([true, false])('wasm, compiled loops %s', native => {
  beforeAll(async () => {
    tf.env().set(sg.WASM_NATIVE_FLAG, native);
    // Node compiles the module at once; the variant is the SIMD one.
    expect(await nativeReady(wasmBackend(tf.backend()))).toBe('simd');
  });

  afterAll(() => {
    tf.env().set(sg.WASM_NATIVE_FLAG, true);
  });

  describe('case table', () => {
    test.each(allCases().map(c => [c.name, c] as const))('%s', async (_name, c) => {
      const result = await runCase(tf, c, {poison: true});
      if (!result.ok) {
        throw new Error(result.message);
      }
    });
  });

  describe('checks', () => {
    test.each(allChecks().map(c => [c.name, c] as const))('%s', async (_name, check) => {
      await check.run(tf, sg);
    });
  });
});
