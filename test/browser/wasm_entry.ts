/**
 * The wasm test page: the shared suite (entry.ts) with tfjs-backend-wasm,
 * whose `.wasm` binaries the test serves under /wasm/, and
 * `window.wasmNativeVariant()`, which resolves when the package's compiled
 * loops are ready on the wasm backend's memory, to their variant.
 */
import './entry';

import * as tf from '@tensorflow/tfjs';
import {setWasmPaths} from '@tensorflow/tfjs-backend-wasm';

import {wasmBackend} from '../../kernels/wasm/lib/backend_util';
import {nativeReady} from '../../kernels/wasm/lib/native';

setWasmPaths('/wasm/');

(window as unknown as {wasmNativeVariant: () => Promise<string>}).wasmNativeVariant = () =>
    nativeReady(wasmBackend(tf.backend()));
