/** The benchmark page: tfjs with webgl and webgpu, and this package. */
import '@tensorflow/tfjs-backend-webgpu';

import * as tf from '@tensorflow/tfjs';

import * as sg from '../src/index';

import {BenchConfig, runBenches} from './runner';

(window as unknown as {sparseGradBench: unknown}).sparseGradBench = {
  async run(backend: string, config: BenchConfig) {
    if (!(await tf.setBackend(backend))) {
      throw new Error(`backend ${backend} is not available in this browser`);
    }
    await tf.ready();
    // Progress lines reach the Node side through the console.
    return runBenches(tf, sg, config, line => console.log(`[bench] ${line}`));
  },
};
