/** The benchmark page: tfjs with webgl and webgpu, and this package. */
import '@tensorflow/tfjs-backend-webgpu';

import * as tf from '@tensorflow/tfjs';

import * as sg from '../src/index';

import {benchSegmentMeanGrad, BenchOptions, BenchShape} from './segment_grad_bench';

(window as unknown as {sparseGradBench: unknown}).sparseGradBench = {
  async run(
      backend: string, shapes: BenchShape[], options: BenchOptions,
      flags: Record<string, boolean|number|string> = {}) {
    for (const [name, value] of Object.entries(flags)) {
      tf.env().set(name, value);
    }
    if (!(await tf.setBackend(backend))) {
      throw new Error(`backend ${backend} is not available in this browser`);
    }
    await tf.ready();
    return benchSegmentMeanGrad(tf, sg, shapes, options);
  },
};
