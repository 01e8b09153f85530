/**
 * The test page: tfjs with its cpu, webgl and webgpu backends, this package
 * (from source), and the shared case table. The Node side drives it through
 * `window.sparseGradSuite`.
 */
import '@tensorflow/tfjs-backend-webgpu';

import * as tf from '@tensorflow/tfjs';

import * as sg from '../../src/layers';

import {installSuite} from './suite';

installSuite(tf, sg);
