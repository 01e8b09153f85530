/**
 * The whole case table and every check on the wasm backend
 * (`@tensorflow/tfjs-backend-wasm`), in Node.
 */
import '@tensorflow/tfjs-backend-wasm';

import * as tf from '@tensorflow/tfjs';

import * as sg from '../../src/index';
import {allCases, allChecks} from '../cases/index';
import {runCase} from '../harness/run_case';

beforeAll(async () => {
  await tf.setBackend('wasm');
  expect(tf.getBackend()).toBe('wasm');
});

describe('case table on wasm', () => {
  test.each(allCases().map(c => [c.name, c] as const))('%s', async (_name, c) => {
    const result = await runCase(tf, c, {poison: true});
    if (!result.ok) {
      throw new Error(result.message);
    }
  });
});

describe('checks on wasm', () => {
  test.each(allChecks().map(c => [c.name, c] as const))('%s', async (_name, check) => {
    await check.run(tf, sg);
  });
});
