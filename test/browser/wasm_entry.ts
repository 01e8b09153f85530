/**
 * The wasm test page: the shared suite (entry.ts) with tfjs-backend-wasm,
 * whose `.wasm` binaries the test serves under /wasm/.
 */
import './entry';

import {setWasmPaths} from '@tensorflow/tfjs-backend-wasm';

setWasmPaths('/wasm/');
