/** The benchmark page: tfjs with webgl and webgpu, and this package. */
import '@tensorflow/tfjs-backend-webgpu';

import * as tf from '@tensorflow/tfjs';

import * as sg from '../src/layers';

import {BenchConfig, runBenches} from './runner';
import {runTrainBenches, TrainBenchConfig} from './train_benches';

(window as unknown as {sparseGradBench: unknown}).sparseGradBench = {
  async run(backend: string, config: BenchConfig, trainConfig: TrainBenchConfig) {
    if (!(await tf.setBackend(backend))) {
      throw new Error(`backend ${backend} is not available in this browser`);
    }
    await tf.ready();
    // Progress lines reach the Node side through the console.
    const log = (line: string) => console.log(`[bench] ${line}`);
    const rows = await runBenches(tf, sg, config, log);
    const training = await runTrainBenches(tf, sg, trainConfig, log);
    return {rows, training};
  },
};
