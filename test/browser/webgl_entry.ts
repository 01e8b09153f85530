/**
 * The webgl test page: the shared suite (entry.ts) plus the webgl-only
 * checks and the tfjs-webgl int32 model, reachable as
 * `window.sparseGradSuite.runWebglCheck` and `.runCaseOnWebgl`.
 */
import './entry';

import * as tf from '@tensorflow/tfjs';

import * as sg from '../../src/layers';
import {allCases} from '../cases/index';
import {runCase, RunOptions} from '../harness/run_case';
import type {CaseResult, KernelCase, NamedCheck} from '../harness/types';

import {runNamedCheck} from './suite';
import {webglChecks} from './webgl_checks';
import {needsInt32Model, webglInt32Case} from './webgl_int32_model';

const cases = new Map<string, KernelCase>(allCases().map(c => [c.name, c]));
const checks = new Map<string, NamedCheck>(webglChecks().map(c => [c.name, c]));

const suite = (window as any).sparseGradSuite;

/**
 * Runs a case, through the int32 model when its int32 values exceed float32
 * and reach the kernel in a float texture.
 */
suite.runCaseOnWebgl = async(name: string, options: RunOptions): Promise<CaseResult> => {
  const c = cases.get(name);
  if (c == null) {
    return {name, ok: false, message: `no case named ${name}`, ms: 0};
  }
  try {
    // Moved "on the GPU" with tf.add, int32 inputs of fewer than
    // CPU_HANDOFF_SIZE_THRESHOLD elements stay on the CPU: tfjs-webgl adds
    // such small CPU-held tensors there (WEBGL_CPU_FORWARD). Float inputs
    // are not moved.
    const forwarded = tf.env().getBool('WEBGL_CPU_FORWARD') &&
        Object.values(c.build().inputs)
            .every(
                spec => spec == null || spec.dtype !== 'int32' ||
                    spec.values.length < tf.env().getNumber('CPU_HANDOFF_SIZE_THRESHOLD'));
    const valuesOnHost = !(options.indicesOnDevice ?? false) || forwarded;
    const modeled =
        needsInt32Model(c, {valuesOnHost, validate: tf.env().getBool(sg.VALIDATE_FLAG)});
    return await runCase(tf, modeled ? webglInt32Case(c) : c, options);
  } catch (e) {
    return {name, ok: false, message: `harness error: ${(e as Error).stack}`, ms: 0};
  }
};

suite.runWebglCheck = (name: string): Promise<CaseResult> => runNamedCheck(tf, sg, checks, name);
