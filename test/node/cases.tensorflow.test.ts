/**
 * @jest-environment ./test/harness/native_realm_environment.js
 *
 * The whole case table and every check on the `tensorflow` backend of
 * `@tensorflow/tfjs-node`: native TensorFlow (2.21, built by
 * `npm run setup:tfjs-node`). Each expected output of the table (bit for
 * bit) and each expected error text is TensorFlow's own here, so the table
 * that every other backend passes is checked against real TensorFlow on
 * every run.
 */
import * as tf from '@tensorflow/tfjs-node';

import * as sg from '../../src/layers';
import {allCases, allChecks} from '../cases/index';
import {runCase} from '../harness/run_case';

beforeAll(async () => {
  await tf.setBackend('tensorflow');
  expect(tf.getBackend()).toBe('tensorflow');
});

describe('case table on tensorflow', () => {
  test.each(allCases().map(c => [c.name, c] as const))('%s', async (_name, c) => {
    const result = await runCase(tf, c);
    if (!result.ok) {
      throw new Error(result.message);
    }
  });
});

describe('checks on tensorflow', () => {
  test.each(allChecks().map(c => [c.name, c] as const))('%s', async (_name, check) => {
    await check.run(tf, sg);
  });
});
