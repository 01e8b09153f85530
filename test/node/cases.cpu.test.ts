/**
 * The whole case table and every check on the cpu backend, in Node.
 */
import * as tf from '@tensorflow/tfjs';

import * as sg from '../../src/layers';
import {allCases, allChecks} from '../cases/index';
import {runCase} from '../harness/run_case';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('case table on cpu', () => {
  test.each(allCases().map(c => [c.name, c] as const))('%s', async (_name, c) => {
    const result = await runCase(tf, c);
    if (!result.ok) {
      throw new Error(result.message);
    }
  });
});

describe('checks on cpu', () => {
  test.each(allChecks().map(c => [c.name, c] as const))('%s', async (_name, check) => {
    await check.run(tf, sg);
  });
});
