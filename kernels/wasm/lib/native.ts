/**
 * The compiled float loops of the wasm kernels (kernels/wasm/native/
 * sparse_grad.c), instantiated on tfjs-backend-wasm's own memory, so they
 * read and write tensors where they live.
 *
 * The variant matches the backend: SIMD where the engine validates SIMD
 * (as tfjs's own choice of binary), scalar otherwise; for shared memory
 * (tfjs's threaded build) a shared-memory variant. Chrome refuses to compile
 * modules over 4 KB synchronously on the main thread, so compiling starts
 * when the backend is set up (`prepareNative`, asynchronous) and a kernel
 * uses the module once it is ready; until then, or with the
 * `SPARSE_GRAD_WASM_NATIVE` flag off, kernels run the same loops in
 * TypeScript (kernels/shared/), which give the same bits. Where
 * synchronous compilation is allowed (Node, workers) the module is ready
 * at once.
 */
import {env} from '@tensorflow/tfjs-core';

import {WASM_NATIVE_FLAG} from '../../../src/flags';

import type {WasmBackend} from './backend_util';
import {NATIVE_BINARIES} from './native_binaries';

/** The functions of sparse_grad.c; pointers are byte offsets into the backend's memory. */
export interface NativeExports {
  scatter_rows_f32(
      out: number, src: number, dst: number, srcRows: number, scales: number, n: number,
      d: number): void;
  scatter_rows_i32(out: number, src: number, dst: number, n: number, d: number): void;
  reduce_segment_f32(
      acc: number, group: number, data: number, indices: number, start: number, num: number,
      d: number, smallScale: number, divisor: number): void;
  reduce_segment_i32(
      acc: number, group: number, data: number, indices: number, start: number, num: number,
      d: number): void;
  apply_sgd(
      variable: number, g: number, values: number, rows: number, starts: number, order: number,
      numGroups: number, d: number, nlr: number): void;
  apply_adagrad(
      variable: number, accumulator: number, g: number, values: number, rows: number,
      starts: number, order: number, numGroups: number, d: number, nlr: number, eps: number): void;
  bag_forward_f32(
      out: number, table: number, rows: number, offsets: number, weights: number, numBags: number,
      d: number, mode: number): void;
  bag_backward_f32(
      values: number, dy: number, rows: number, offsets: number, weights: number, numBags: number,
      numIds: number, d: number, mode: number): void;
  apply_lazy_adam(
      variable: number, m: number, v: number, g: number, values: number, rows: number,
      starts: number, order: number, numGroups: number, d: number, b1: number, b2: number,
      omb1: number, omb2: number, c1: number, c2: number, eps: number, nlr: number): void;
}

/** Per backend memory: the instance, once ready, and which variant it is. */
interface NativeState {
  exports: NativeExports|null;
  variant: keyof typeof NATIVE_BINARIES;
  ready: Promise<void>;
  error: Error|null;
}

const states = new WeakMap<WebAssembly.Memory, NativeState>();

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

let simdSupported: boolean|null = null;

/** Whether the engine runs WebAssembly SIMD (tested on the SIMD variant itself). */
function hasSimd(): boolean {
  if (simdSupported == null) {
    simdSupported = WebAssembly.validate(decode(NATIVE_BINARIES.simd));
  }
  return simdSupported;
}

/** The variant for `memory`. */
function variantFor(memory: WebAssembly.Memory): keyof typeof NATIVE_BINARIES {
  const shared =
      typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  return hasSimd() ? (shared ? 'simdShared' : 'simd') : (shared ? 'scalarShared' : 'scalar');
}

/**
 * Starts making the compiled loops for `backend`'s memory (once per
 * memory). Synchronously where the engine allows it (Node), else in the
 * background. Called when tfjs sets the wasm backend up.
 */
export function prepareNative(backend: WasmBackend): NativeState {
  const memory = backend.wasm.asm.memory;
  let state = states.get(memory);
  if (state != null) return state;
  const variant = variantFor(memory);
  const bytes = decode(NATIVE_BINARIES[variant]);
  const imports = {env: {memory}};
  const created: NativeState = {exports: null, variant, ready: Promise.resolve(), error: null};
  state = created;
  states.set(memory, state);
  const isBrowserMainThread = typeof window !== 'undefined' && typeof document !== 'undefined';
  if (!isBrowserMainThread) {
    try {
      const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
      created.exports = instance.exports as unknown as NativeExports;
      return state;
    } catch {
      // Not allowed here after all: compile asynchronously below.
    }
  }
  created.ready = WebAssembly.instantiate(bytes, imports)
                      .then(({instance}) => {
                        created.exports = instance.exports as unknown as NativeExports;
                      })
                      .catch(e => {
                        created.error = e as Error;
                      });
  return state;
}

/**
 * The compiled loops for `backend`, or null when they are off
 * (`SPARSE_GRAD_WASM_NATIVE`) or not compiled yet: the kernel then runs
 * the TypeScript loops.
 */
export function nativeFor(backend: WasmBackend): NativeExports|null {
  if (!env().getBool(WASM_NATIVE_FLAG)) return null;
  const state = prepareNative(backend);
  if (state.error != null) throw state.error;
  return state.exports;
}

/**
 * Resolves once the compiled loops for `backend` are ready (or failed, which
 * the next kernel call reports). For tests and benchmarks.
 */
export async function nativeReady(backend: WasmBackend): Promise<string> {
  const state = prepareNative(backend);
  await state.ready;
  if (state.error != null) throw state.error;
  return state.variant;
}
