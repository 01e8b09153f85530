#!/usr/bin/env node
// Runs a TypeScript program of this repo (bench, examples, demo server):
// esbuild bundles it with the package sources, node_modules stay external.
// Usage: node scripts/run-ts.mjs <file.ts> [args...]
import * as esbuild from 'esbuild';
import {createRequire} from 'module';
import * as path from 'path';

const [entry, ...args] = process.argv.slice(2);
if (entry == null) {
  console.error('usage: node scripts/run-ts.mjs <file.ts> [args...]');
  process.exit(2);
}
const outfile = path.resolve('.cache', 'run', path.basename(entry).replace(/\.ts$/, '.cjs'));
await esbuild.build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  outfile,
  logLevel: 'warning',
});
process.argv = [process.argv[0], outfile, ...args];
process.setSourceMapsEnabled(true);
createRequire(import.meta.url)(outfile);
