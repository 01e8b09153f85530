/**
 * A test page that imports this package *before* the webgpu backend: tfjs
 * then registers its own webgpu SparseSegmentMean/Sum over this package's
 * replacements, which must come back when the backend is set up.
 */
import '@tensorflow/tfjs-backend-webgpu';

import * as tf from '@tensorflow/tfjs';

import * as sg from '../../src/layers';

import {installSuite} from './suite';

installSuite(tf, sg);
