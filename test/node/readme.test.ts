/** The README's usage example runs as written (cpu, Node). */
import * as tf from '@tensorflow/tfjs';
import * as fs from 'fs';
import * as path from 'path';

import * as sg from '../../src/index';

test('the README usage example runs', async () => {
  await tf.setBackend('cpu');
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const usage = readme.slice(readme.indexOf('## Usage'));
  const code = usage.slice(usage.indexOf('```js') + 5, usage.indexOf('```', usage.indexOf('```js') + 5));
  const body = code.replace(/^import .*$/gm, '');
  expect(body).toContain('tf.variableGrads');
  const before = tf.memory().numTensors;
  tf.tidy(() => new Function('tf', 'sparseGrad', body)(tf, sg));
  // The example's variable and optimizer state stay; nothing else does.
  expect(tf.memory().numTensors - before).toBeLessThan(10);
});
