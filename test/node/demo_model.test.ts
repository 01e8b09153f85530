/**
 * The demo's data and model in Node on cpu (fast; the browser test runs the
 * page itself): the data set is fixed, training lowers the loss without
 * leaking tensors, and a failing gradient leaks nothing either.
 */
import '../../src/layers';

import * as tf from '@tensorflow/tfjs';

import {makeDataset, Vocabulary} from '../../demo/data';
import {DEFAULT_CONFIG, hashRow, missingKernels, OptimizerName, Reduction, toPaddedBatch, Trainer} from '../../demo/model';

beforeAll(async () => {
  tf.enableProdMode();  // quiet: no tfjs-node advert in the output
  await tf.setBackend('cpu');
});

test('the data set is generated the same way every time', () => {
  const a = makeDataset();
  const b = makeDataset();
  expect(a.train.map(r => r.text)).toEqual(b.train.map(r => r.text));
  expect(a.train).toHaveLength(640);
  expect(a.heldOut).toHaveLength(160);
  const positives = [...a.train, ...a.heldOut].filter(r => r.label === 1).length;
  expect(positives).toBe(400);
});

test('batches are padded rows of hashed words', () => {
  const vocab = new Vocabulary(['good kettle', 'bad kettle']);
  expect(vocab.words).toEqual(['<unk>', 'bad', 'good', 'kettle']);
  const batch = toPaddedBatch(
      [{text: 'Good kettle!', label: 1}, {text: '42', label: 0}, {text: 'very bad', label: 0}],
      vocab, 1000, 3);
  const row = (w: string) => hashRow(w, 1000);
  expect(Array.from(batch.ids)).toEqual([
    row('good'),
    row('kettle'),
    -1,
    row('<unk>'),
    -1,
    -1,
    row('<unk>'),
    row('bad'),
    -1,
  ]);
  expect(Array.from(batch.labels)).toEqual([1, 0, 0]);
});

test.each([
  ['mean', 'lazyAdam', 10000],
  ['sqrtn', 'adagrad', 1000],
  ['sum', 'adam', 1000],
  ['mean', 'lazyAdam', 1000000],
] as Array<[Reduction, OptimizerName, number]>)(
    '%s, %s, V = %d: the loss falls and tensors stay flat',
    async (reduction, optimizer, tableRows) => {
      const before = tf.memory().numTensors;
      const trainer =
          new Trainer(makeDataset(), {...DEFAULT_CONFIG, reduction, optimizer, tableRows});
      expect(missingKernels('cpu', optimizer)).toEqual([]);
      const losses: number[] = [];
      const counts: number[] = [];
      for (let i = 0; i < 60; i++) {
        const step = await trainer.trainStep();
        losses.push(step.loss);
        counts.push(step.numTensors);
      }
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b) / xs.length;
      expect(mean(losses.slice(-5))).toBeLessThan(0.6 * mean(losses.slice(0, 5)));
      // The first step makes the optimizer's slots; then the count is flat.
      expect(new Set(counts.slice(1)).size).toBe(1);
      expect((await trainer.evaluate()).accuracy).toBeGreaterThan(0.8);
      trainer.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });

test('a step whose update kernel is missing throws and leaks nothing', async () => {
  const config = tf.getKernel('SparseGradApplyLazyAdam', 'cpu')!;
  const trainer = new Trainer(makeDataset(), {...DEFAULT_CONFIG, reduction: 'mean'});
  await trainer.trainStep();
  const before = tf.memory().numTensors;
  tf.unregisterKernel('SparseGradApplyLazyAdam', 'cpu');
  try {
    expect(missingKernels('cpu', 'lazyAdam')).toEqual(['SparseGradApplyLazyAdam']);
    await expect(trainer.trainStep())
        .rejects.toThrow('Kernel \'SparseGradApplyLazyAdam\' not registered for backend \'cpu\'');
    expect(tf.memory().numTensors).toBe(before);
  } finally {
    tf.registerKernel(config);
    trainer.dispose();
  }
  // And training works again.
  const again = new Trainer(makeDataset(), {...DEFAULT_CONFIG, reduction: 'mean'});
  expect(Number.isFinite((await again.trainStep()).loss)).toBe(true);
  again.dispose();
});
