/**
 * Dev tooling shared by the browser tests, the benchmarks and the demo:
 * bundle a page with esbuild, serve it on 127.0.0.1, and drive Debian's
 * Chromium (headless; WebGL2 and WebGPU on SwiftShader) with playwright-core.
 * No browser download is needed.
 */
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as http from 'http';
import type {AddressInfo} from 'net';
import * as path from 'path';
import {Browser, chromium} from 'playwright-core';

/** The package root: the nearest folder above this file with our package.json. */
export const ROOT = findRoot(__dirname);

function findRoot(from: string): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) &&
        JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'tfjs-sparse-grad') {
      return dir;
    }
  }
  throw new Error(`no tfjs-sparse-grad package.json above ${from}`);
}
const OUT_DIR = path.join(ROOT, '.cache', 'pages');

/** Where Debian installs Chromium; CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that give headless Chromium WebGL2 and WebGPU on SwiftShader, offline. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-swiftshader',
  '--enable-unsafe-webgpu',
];

/** Bundles a page entry into an IIFE script and returns the bundle's path. */
export async function bundlePage(entry: string, name: string): Promise<string> {
  fs.mkdirSync(OUT_DIR, {recursive: true});
  // Per process: jest may bundle the same page in two workers at once.
  const outfile = path.join(OUT_DIR, `${name}-${process.pid}.js`);
  await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2019',
    sourcemap: 'inline',
    outfile,
    logLevel: 'warning',
  });
  // Stop esbuild's service process, or it keeps Node (and jest) alive.
  await esbuild.stop();
  return outfile;
}

/** What `serve` answers for one URL path: a file on disk, or literal text. */
export interface Served {
  file?: string;
  text?: string;
  contentType?: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
};

/** Serves `files` (URL path -> content) on a free port of 127.0.0.1. */
export function serve(
    files: Record<string, Served>, port = 0): Promise<{url: string, close: () => Promise<void>}> {
  const server = http.createServer((req, res) => {
    const entry = files[(req.url ?? '/').split('?')[0]];
    if (entry == null) {
      res.writeHead(404).end();
      return;
    }
    const type = entry.contentType ?? TYPES[path.extname(entry.file ?? '')] ?? 'text/html';
    res.writeHead(200, {'Content-Type': type, 'Cache-Control': 'no-store'});
    res.end(entry.text ?? fs.readFileSync(entry.file!));
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const {port: actual} = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${actual}`,
        close: () => new Promise(done => server.close(() => done())),
      });
    });
  });
}

/** An HTML page that loads `scripts` in order. */
export function htmlPage(scripts: string[], body = ''): string {
  return `<!doctype html><meta charset="utf-8">${body}${
      scripts.map(s => `<script src="${s}"></script>`).join('')}`;
}

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
        `Chromium not found at ${CHROMIUM_PATH}: install Debian's ` +
        '`chromium` package (apt-get install chromium) or set CHROMIUM_PATH');
  }
  return chromium.launch({executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS});
}
