#!/usr/bin/env node
// Formats the repository's TypeScript and JavaScript with clang-format (the
// binary ships inside the clang-format npm package), as tfjs formats its own.
// Usage: node scripts/format.mjs [--check]   (--check: fail on a difference)
import {execFileSync} from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {fileURLToPath} from 'url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIRS = ['src', 'kernels', 'shaders', 'test', 'bench', 'demo', 'examples', 'tools', 'scripts'];
// The CommonJS configs (rollup, jest) are left as written: clang-format's
// JavaScript mode misreads their object literals.
const ROOT_FILES = ['eslint.config.mjs'];
const platform = {
  linux: 'linux_x64',
  darwin: 'darwin_x64',
  win32: 'win32'
}[process.platform];
const binary = path.join(
    root, 'node_modules', 'clang-format', 'bin', platform,
    process.platform === 'win32' ? 'clang-format.exe' : 'clang-format');

function sources(dir) {
  return fs.readdirSync(dir, {withFileTypes: true}).flatMap(entry => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : sources(file);
    return /\.(ts|mjs|js)$/.test(entry.name) ? [file] : [];
  });
}

const files = [
  ...DIRS.filter(d => fs.existsSync(path.join(root, d))).flatMap(d => sources(path.join(root, d))),
  ...ROOT_FILES.map(f => path.join(root, f)).filter(f => fs.existsSync(f)),
];
const check = process.argv.includes('--check');
const args = check ? ['--dry-run', '--Werror', '--style=file'] : ['-i', '--style=file'];
try {
  execFileSync(binary, [...args, ...files], {cwd: root, stdio: 'inherit'});
} catch {
  console.error(
      check ? '\nformat: files differ from clang-format; run `npm run format`' :
              'format: clang-format failed');
  process.exit(1);
}
console.log(`${check ? 'checked' : 'formatted'} ${files.length} files`);
