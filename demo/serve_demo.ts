/**
 * Builds the demo page and serves it on 127.0.0.1: used by `npm start`
 * (`demo/server.ts`) and by the demo's browser test, so both serve the same
 * page the same way.
 */
import * as path from 'path';

import {bundlePage, ROOT, serve, Served} from '../tools/browser';

export const DEFAULT_PORT = 8080;

export interface DemoServer {
  /** The page's URL, e.g. `http://127.0.0.1:8080/`. */
  url: string;
  port: number;
  /** True when the asked-for port was busy and another was used. */
  fellBack: boolean;
  close: () => Promise<void>;
}

/** tfjs-backend-wasm's binaries, which the page loads from /wasm/. */
const WASM_BINARIES = [
  'tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'
];

/** Bundles `demo/main.ts` (tfjs, its backends and this package from source). */
export async function buildDemo(): Promise<Record<string, Served>> {
  const bundle = await bundlePage(path.join(ROOT, 'demo', 'main.ts'), 'demo');
  const wasmDist = path.join(ROOT, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
  return {
    '/': {file: path.join(ROOT, 'demo', 'index.html')},
    '/main.js': {file: bundle},
    ...Object.fromEntries(
        WASM_BINARIES.map(name => [`/wasm/${name}`, {file: path.join(wasmDist, name)}])),
  };
}

/**
 * Builds and serves the demo on `port` (0: any free port). A busy port falls
 * back to a free one unless `strictPort`.
 */
export async function serveDemo(
    {port = DEFAULT_PORT, strictPort = false}: {port?: number, strictPort?: boolean} = {}):
    Promise<DemoServer> {
  const files = await buildDemo();
  let fellBack = false;
  let server;
  try {
    server = await serve(files, port);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || strictPort) throw e;
    server = await serve(files, 0);
    fellBack = true;
  }
  return {
    url: `${server.url}/`,
    port: Number(new URL(server.url).port),
    fellBack,
    close: server.close,
  };
}
