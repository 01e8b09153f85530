/**
 * The webgpu test page: the shared suite (entry.ts) plus the webgpu-only
 * parts, driven through `window.webgpuSuite`: the case table with index
 * inputs already on the GPU, and the checks of webgpu_checks.ts.
 */
import './entry';

import * as tf from '@tensorflow/tfjs';

import * as sg from '../../src/layers';
import {allCases} from '../cases/index';
import {runCase, RunOptions} from '../harness/run_case';
import type {CaseResult, KernelCase, NamedCheck} from '../harness/types';

import {runNamedCheck} from './suite';
import {webgpuChecks} from './webgpu_checks';
import {deviceExpectation} from './webgpu_device_expectations';

const cases = new Map<string, KernelCase>(allCases().map(c => [c.name, c]));

/**
 * The index inputs of every kernel: these are moved to the GPU. Sizes
 * (`outputDim0`, `numSegments`) stay on the CPU, as callers pass numbers,
 * and so do int32 data values (tfjs's webgpu add goes through float32).
 */
const INDEX_INPUTS = [
  'indices', 'segmentIds', 'reverseIndexMap', 'inputIndices', 'inputStart', 'outputIndices',
  'shape', 'start', 'size', 'ids', 'offsets', 'argmax'
];
const checks = new Map<string, NamedCheck>(webgpuChecks().map(c => [c.name, c]));

/**
 * Runs a case with its non-scalar int32 inputs made on the GPU first. tfjs
 * runs small ops on CPU-held inputs on the CPU (WEBGPU_CPU_FORWARD), whose
 * outputs then stay on the CPU: that is switched off meanwhile, so the
 * inputs really come out of a GPU op.
 */
async function runDeviceCase(name: string, options: RunOptions): Promise<CaseResult> {
  const forward = tf.env().getBool('WEBGPU_CPU_FORWARD');
  tf.env().set('WEBGPU_CPU_FORWARD', false);
  try {
    return await runDeviceCaseOnGpu(name, options);
  } finally {
    tf.env().set('WEBGPU_CPU_FORWARD', forward);
  }
}

async function runDeviceCaseOnGpu(name: string, options: RunOptions): Promise<CaseResult> {
  const c = cases.get(name);
  if (c == null) {
    return {name, ok: false, message: `no case named ${name}`, ms: 0};
  }
  // Errors the GPU finds in the index values are reported, not raised.
  const reported: string[] = [];
  const previous = sg.onGpuIndexError(e => reported.push(e.message));
  try {
    const {inputs, attrs, expected} = c.build();
    const device = deviceExpectation(c.kernel, inputs, expected, attrs);
    const result = await runCase(
        tf, {...c, build: () => ({inputs, attrs, expected: device.expected})},
        {...options, indicesOnDevice: true, deviceInputs: INDEX_INPUTS});
    if (!result.ok) return result;
    // The report comes once the GPU's flag is read back.
    for (let wait = 0; wait < 300 && device.report != null && reported.length === 0; wait++) {
      await new Promise(resolve => setTimeout(resolve, 10));
    }
    const message = device.report == null ?
        (reported.length > 0 ? `unexpected report: ${reported[0]}` : '') :
        reported.length === 0 ? `expected a report of "${device.report}", got none` :
       reported[0].includes(device.report) ?
                               '' :
                               `reported "${reported[0]}", expected "${device.report}"`;
    return {...result, ok: message === '', message};
  } catch (e) {
    return {name, ok: false, message: `harness error: ${(e as Error).stack}`, ms: 0};
  } finally {
    sg.onGpuIndexError(previous);
  }
}

function runCheck(name: string): Promise<CaseResult> {
  return runNamedCheck(tf, sg, checks, name);
}

(window as unknown as {webgpuSuite: unknown}).webgpuSuite = {
  runDeviceCase,
  runCheck,
  checkNames: () => [...checks.keys()],
};
