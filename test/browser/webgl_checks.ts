/**
 * Checks that only make sense on the webgl backend: GL state, leaks of
 * tensors and GPU memory over 1,000 calls, determinism, shapes past the
 * texture size limit, packed and sliced inputs, what validation-off does
 * with out-of-range entries, agreement with the cpu backend, and which
 * scatter path runs. They run in the browser page (see webgl_entry.ts).
 */
import type * as tfType from '@tensorflow/tfjs';

import {scatterSegmentGrad, uniqueSortedIndices} from '../../kernels/shared/sparse_segment_grad_impl';
import {scatterDraw, scatterResourceCount, scatterTarget} from '../../kernels/webgl/lib/scatter_draw';
import {uploadInt32} from '../../kernels/webgl/lib/backend_util';
import {runProgram} from '../../kernels/webgl/lib/program';
import type {ProgramSpec} from '../../shaders/webgl/program_spec';
import {EXACT_MATH} from '../../shaders/webgl/exact_math.glsl';
import {segmentScaleProgram} from '../../shaders/webgl/segment_grad.glsl';
import {Random} from '../harness/random';
import type {NamedCheck} from '../harness/types';
import {refFillEmptyRowsGrad, refSegmentReduction} from '../reference/reference';

type TF = typeof tfType;
type SG = typeof import('../../src/layers');
type Tensor = tfType.Tensor;

const SCATTER = 'SPARSE_GRAD_WEBGL_SCATTER';
const VALIDATE = 'SPARSE_GRAD_VALIDATE';
const PATHS = ['blend', 'gather'] as const;

function webglBackend(tf: TF): any {
  if (tf.getBackend() !== 'webgl') throw new Error('not on webgl');
  return tf.backend();
}

function gl(tf: TF): WebGL2RenderingContext {
  return webglBackend(tf).gpgpu.gl;
}

/** Runs `body` with tfjs flags set, then puts the old values back. */
async function withFlags<T>(
    tf: TF, flags: Record<string, string|boolean>, body: () => Promise<T>): Promise<T> {
  const old: Record<string, string|boolean> = {};
  for (const [name, value] of Object.entries(flags)) {
    old[name] = tf.env().get(name) as string | boolean;
    tf.env().set(name, value);
  }
  try {
    return await body();
  } finally {
    for (const [name, value] of Object.entries(old)) tf.env().set(name, value);
  }
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
function bits(x: number): number {
  f32[0] = x;
  return u32[0];
}

/** Throws unless `actual` has exactly the bits of `expected` (NaNs equal). */
function expectBits(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
  if (actual.length !== expected.length) {
    throw new Error(`${label}: ${actual.length} values, expected ${expected.length}`);
  }
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (bits(a) !== bits(e) && !(Number.isNaN(a) && Number.isNaN(e))) {
      throw new Error(`${label}: element ${i} is ${a}, expected ${e}`);
    }
  }
}

/** A copy that lives on the GPU, as an op's output would. */
function onGpu(tf: TF, t: Tensor): Tensor {
  const copy = tf.tidy(() => tf.add(t, tf.zerosLike(t)));
  t.dispose();
  return copy;
}

interface SegmentGradData {
  grad: Float32Array;
  indices: Int32Array;
  segmentIds: Int32Array;
  s: number;
  d: number;
  m: number;
}

function segmentGradData(
    seed: number, n: number, s: number, d: number, m: number): SegmentGradData {
  const rng = new Random(seed);
  const segmentIds = rng.ints(n, 0, s);
  if (n > 0) segmentIds[n - 1] = s - 1;
  return {grad: rng.floats(s * d), indices: rng.ints(n, 0, m), segmentIds, s, d, m};
}

/** Runs a segment gradient kernel on tensors made from `data`. */
async function runSegmentGrad(tf: TF, kernel: string, data: SegmentGradData, gpuInputs = true):
    Promise<Array<Float32Array|Int32Array>> {
  const make = (t: Tensor) => gpuInputs ? onGpu(tf, t) : t;
  const grad = make(tf.tensor2d(data.grad, [data.s, data.d]));
  const indices = make(tf.tensor1d(data.indices, 'int32'));
  const segmentIds = make(tf.tensor1d(data.segmentIds, 'int32'));
  const dim = tf.scalar(data.m, 'int32');
  const isV2 = kernel.endsWith('V2');
  const out = tf.engine().runKernel(
      kernel, {grad, indices, segmentIds, [isV2 ? 'denseOutputDim0' : 'outputDim0']: dim});
  const outs = (Array.isArray(out) ? out : [out]) as Tensor[];
  const values = await Promise.all(outs.map(t => t.data()));
  tf.dispose([...outs, grad, indices, segmentIds, dim]);
  return values as Array<Float32Array|Int32Array>;
}

const REDUCTIONS = [['Sum', 'sum'], ['Mean', 'mean'], ['SqrtN', 'sqrtn']] as const;

/** The cpu kernel's arithmetic (V1 output) for `data`. */
function scatterSegmentGradRef(
    reduction: 'sum'|'mean'|'sqrtn', data: SegmentGradData): Float32Array {
  return scatterSegmentGrad(
      reduction, data.grad, data.indices, data.segmentIds, data.s, data.m, data.d);
}

function scatterUniqueSortedIndices(indices: Int32Array): Int32Array {
  return uniqueSortedIndices(indices).sortedUniqueIndices;
}

// ---- GL state ---------------------------------------------------------------

/** Every piece of GL state the scatter draw touches, and some it must not. */
function glSnapshot(g: WebGL2RenderingContext): unknown[] {
  const p = (e: number) => g.getParameter(e);
  const state: unknown[] = [
    p(g.DRAW_FRAMEBUFFER_BINDING),
    p(g.READ_FRAMEBUFFER_BINDING),
    Array.from(p(g.VIEWPORT)),
    Array.from(p(g.SCISSOR_BOX)),
    ...[g.BLEND, g.CULL_FACE, g.DEPTH_TEST, g.STENCIL_TEST, g.SCISSOR_TEST, g.RASTERIZER_DISCARD,
        g.SAMPLE_ALPHA_TO_COVERAGE, g.SAMPLE_COVERAGE, g.POLYGON_OFFSET_FILL, g.DITHER]
        .map(c => g.isEnabled(c)),
    p(g.BLEND_SRC_RGB),
    p(g.BLEND_DST_RGB),
    p(g.BLEND_SRC_ALPHA),
    p(g.BLEND_DST_ALPHA),
    p(g.BLEND_EQUATION_RGB),
    p(g.BLEND_EQUATION_ALPHA),
    Array.from(p(g.COLOR_WRITEMASK)),
    Array.from(p(g.COLOR_CLEAR_VALUE)),
    p(g.CURRENT_PROGRAM),
    p(g.VERTEX_ARRAY_BINDING),
    p(g.ARRAY_BUFFER_BINDING),
    p(g.CULL_FACE_MODE),
    p(g.FRONT_FACE),
    p(g.UNPACK_ALIGNMENT),
    p(g.PACK_ALIGNMENT),
  ];
  const active = p(g.ACTIVE_TEXTURE);
  state.push(active);
  for (let unit = 0; unit < 8; unit++) {
    g.activeTexture(g.TEXTURE0 + unit);
    state.push(p(g.TEXTURE_BINDING_2D), p(g.SAMPLER_BINDING));
  }
  g.activeTexture(active);
  return state;
}

function expectSameState(before: unknown[], after: unknown[], label: string): void {
  for (let k = 0; k < before.length; k++) {
    const a = before[k];
    const b = after[k];
    const same = Array.isArray(a) ? JSON.stringify(a) === JSON.stringify(b) : a === b;
    if (!same) {
      throw new Error(`${label}: GL state item ${k} changed from ${String(a)} to ${String(b)}`);
    }
  }
}

/** Unusual GL state, so that a draw which forgot to restore something shows. */
function setOddState(g: WebGL2RenderingContext): () => void {
  const framebuffer = g.createFramebuffer();
  const texture = g.createTexture();
  const sampler = g.createSampler();
  const buffer = g.createBuffer();
  g.bindFramebuffer(g.FRAMEBUFFER, framebuffer);
  g.viewport(3, 4, 5, 6);
  g.scissor(1, 2, 3, 4);
  g.enable(g.BLEND);
  g.blendFuncSeparate(g.SRC_ALPHA, g.ONE_MINUS_SRC_ALPHA, g.ZERO, g.DST_ALPHA);
  g.blendEquationSeparate(g.FUNC_SUBTRACT, g.MAX);
  g.colorMask(true, false, true, false);
  g.clearColor(0.25, 0.5, 0.75, 1);
  g.enable(g.DEPTH_TEST);
  g.disable(g.DITHER);
  g.frontFace(g.CW);
  g.activeTexture(g.TEXTURE2);
  g.bindTexture(g.TEXTURE_2D, texture);
  g.bindSampler(1, sampler);
  g.bindBuffer(g.ARRAY_BUFFER, buffer);
  return () => {
    g.bindFramebuffer(g.FRAMEBUFFER, null);
    g.deleteFramebuffer(framebuffer);
    g.bindTexture(g.TEXTURE_2D, null);
    g.deleteTexture(texture);
    g.bindSampler(1, null);
    g.deleteSampler(sampler);
    g.bindBuffer(g.ARRAY_BUFFER, null);
    g.deleteBuffer(buffer);
    g.disable(g.BLEND);
    g.blendFunc(g.ONE, g.ZERO);
    g.blendEquation(g.FUNC_ADD);
    g.colorMask(true, true, true, true);
    g.clearColor(0, 0, 0, 0);
    g.disable(g.DEPTH_TEST);
    g.frontFace(g.CCW);
    g.activeTexture(g.TEXTURE0);
  };
}

/** A few tfjs ops whose cpu results are known: they must still be right. */
async function tfjsStillRight(tf: TF, label: string): Promise<void> {
  const rng = new Random(77);
  const a = rng.floats(12 * 9);
  const b = rng.floats(9 * 7);
  const c = rng.floats(7);
  const x = rng.floats(1 * 6 * 6 * 2);
  const w = rng.floats(3 * 3 * 2 * 3);
  const compute = () => tf.tidy(
      () =>
          [tf.relu(
               tf.add(tf.matMul(tf.tensor2d(a, [12, 9]), tf.tensor2d(b, [9, 7])), tf.tensor1d(c))),
           tf.conv2d(tf.tensor4d(x, [1, 6, 6, 2]), tf.tensor4d(w, [3, 3, 2, 3]), 1, 'same'),
           tf.sum(
               tf.unsortedSegmentSum(
                   tf.tensor2d(a, [12, 9]),
                   tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2], 'int32'), 3),
               1),
  ]);
  const webgl = compute();
  const got = await Promise.all(webgl.map(t => t.data()));
  tf.dispose(webgl);
  await tf.setBackend('cpu');
  const cpu = compute();
  const want = await Promise.all(cpu.map(t => t.data()));
  tf.dispose(cpu);
  await tf.setBackend('webgl');
  got.forEach((values, k) => {
    for (let i = 0; i < values.length; i++) {
      if (!(Math.abs(values[i] - want[k][i]) <= 1e-4 * Math.max(1, Math.abs(want[k][i])))) {
        throw new Error(
            `${label}: tfjs op ${k} element ${i} is ${values[i]}, cpu gives ${want[k][i]}`);
      }
    }
  });
}

function glStateChecks(): NamedCheck[] {
  return [
    {
      name: 'webgl/the scatter draw restores every piece of GL state',
      tags: ['webgl', 'gl-state'],
      run: async (tf) => {
        const backend = webglBackend(tf);
        const g = gl(tf);
        // Unpacked GPU inputs, so that no tfjs program runs inside the draw.
        const uploaded = (t: Tensor) => {
          backend.uploadToGPU(t.dataId);
          return t;
        };
        const grad = uploaded(tf.tensor2d(new Random(1).floats(4 * 3), [4, 3]));
        const indices = uploaded(tf.tensor1d([0, 2, 1, 2], 'int32'));
        const segmentIds = uploaded(tf.tensor1d([3, 1, 0, 2], 'int32'));
        const cases: Array<[string, number, boolean]> =
            [['rows', 3, true], ['points', 1, true], ['marks', 1, false]];
        for (const [label, rowSize, blend] of cases) {
          const out = scatterTarget(backend, [3, rowSize], rowSize);
          backend.uploadToGPU(out.dataId);
          const restore = setOddState(g);
          const before = glSnapshot(g);
          scatterDraw(backend, {
            out,
            clear: true,
            dstRows: 3,
            rowSize,
            dstIdx: indices,
            count: 4,
            src: rowSize === 3 ? grad : null,
            srcIdx: segmentIds,
            srcRows: 4,
            scale: null,
            blend,
          });
          const after = glSnapshot(g);
          restore();
          backend.disposeIntermediateTensorInfo(out);
          expectSameState(before, after, label);
        }
        tf.dispose([grad, indices, segmentIds]);
      }
    },
    {
      name: 'webgl/tfjs ops after every kernel of this package are still right',
      tags: ['webgl', 'gl-state'],
      run: async (tf, sg) => {
        for (const path of PATHS) {
          await withFlags(tf, {[SCATTER]: path}, async () => {
            const data = segmentGradData(3, 300, 40, 5, 60);
            for (const [name] of REDUCTIONS) {
              await runSegmentGrad(tf, `SparseSegment${name}Grad`, data);
              await tfjsStillRight(tf, `${path} after ${name}Grad`);
              await runSegmentGrad(tf, `SparseSegment${name}GradV2`, data);
              await tfjsStillRight(tf, `${path} after ${name}GradV2`);
            }
            const fill =
                sg.sparseFillEmptyRowsGrad([0, 2, 2, 5], tf.tensor1d([1, 2, 3, 4, 5, 6, 7]));
            await fill.dDefaultValue.data();
            tf.dispose([fill.dValues, fill.dDefaultValue]);
            await tfjsStillRight(tf, `${path} after SparseFillEmptyRowsGrad`);
            const reduced = sg.sparseSegmentSqrtNWithNumSegments(
                tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]), [0, 1, 2], [0, 0, 2], 4);
            await reduced.data();
            reduced.dispose();
            await tfjsStillRight(tf, `${path} after SparseSegmentSqrtNWithNumSegments`);
          });
        }
        const g = gl(tf);
        if (g.isEnabled(g.BLEND) || !g.isEnabled(g.SCISSOR_TEST) || !g.isEnabled(g.CULL_FACE)) {
          throw new Error('the blend / scissor / cull-face state tfjs set up has changed');
        }
      }
    },
  ];
}

// ---- leaks --------------------------------------------------------------------

interface MemoryState {
  tensors: number;
  bytes: number;
  allocated: number;
  glObjects: number;
}

function memoryState(tf: TF): MemoryState {
  const m = tf.memory() as any;
  return {
    tensors: m.numTensors,
    bytes: m.numBytesInGPU,
    allocated: m.numBytesInGPUAllocated,
    glObjects: scatterResourceCount(gl(tf)),
  };
}

function leakCheck(
    name: string, calls: number, path: 'blend'|'gather', call: (tf: TF, sg: SG) => Tensor[],
    validate = true): NamedCheck {
  return {
    name: `webgl/no tensors, GPU memory or GL objects leak over ${calls} calls: ${name} (${path}${
        validate ? '' : ', validation off'})`,
    tags: ['webgl', 'leak'],
    run: async (tf, sg) => withFlags(
        tf, {[SCATTER]: path, [VALIDATE]: validate},
        async () => {
          const runs = async (count: number) => {
            for (let i = 0; i < count; i++) {
              const outs = call(tf, sg);
              // Read back now and then, so the GPU queue and tfjs's deferred
              // texture releases keep up, as in a training loop.
              if (i % 100 === 99 || i === count - 1) {
                await Promise.all(outs.map(t => t.data()));
              }
              tf.dispose(outs);
            }
          };
          await runs(5);
          const before = memoryState(tf);
          await runs(calls);
          const after = memoryState(tf);
          for (const key of Object.keys(before) as Array<keyof MemoryState>) {
            if (after[key] !== before[key]) {
              throw new Error(`${key}: ${before[key]} before ${calls} calls, ${after[key]} after`);
            }
          }
        })
  };
}

function leakChecks(): NamedCheck[] {
  const data = segmentGradData(5, 400, 50, 8, 80);
  const inputs = new Map<TF, {grad: Tensor, indices: Tensor, segmentIds: Tensor}>();
  const segmentInputs = (tf: TF) => {
    let t = inputs.get(tf);
    if (t == null || t.grad.isDisposed) {
      t = {
        grad: tf.keep(onGpu(tf, tf.tensor2d(data.grad, [data.s, data.d]))),
        indices: tf.keep(onGpu(tf, tf.tensor1d(data.indices, 'int32'))),
        segmentIds: tf.keep(onGpu(tf, tf.tensor1d(data.segmentIds, 'int32'))),
      };
      inputs.set(tf, t);
    }
    return t;
  };
  const meanGrad = (tf: TF, sg: SG) => {
    const {grad, indices, segmentIds} = segmentInputs(tf);
    return [sg.sparseSegmentMeanGrad(grad, indices, segmentIds, data.m)];
  };
  const sqrtNGradV2 = (tf: TF, sg: SG) => {
    const {grad, indices, segmentIds} = segmentInputs(tf);
    const r = sg.sparseSegmentSqrtNGradV2(grad, indices, segmentIds, data.m);
    return [r.output, r.sortedUniqueIndices];
  };
  const others = (_tf: TF, sg: SG) => {
    const fill = sg.sparseFillEmptyRowsGrad([0, 3, 1, 3], [1, 2, 3, 4, 5]);
    const slice = sg.sparseSlice([[0, 0], [1, 2], [2, 1]], [1, 2, 3], [3, 3], [1, 0], [2, 3]);
    const sliceGrad =
        sg.sparseSliceGrad([7, 8], [[0, 0], [1, 2], [2, 1]], [1, 0], [[0, 2], [1, 1]]);
    const sqrtN = sg.sparseSegmentSqrtN([[1, 2], [3, 4]], [0, 1, 1], [0, 0, 1]);
    return [
      fill.dValues, fill.dDefaultValue, slice.outputIndices, slice.outputValues, slice.outputShape,
      sliceGrad, sqrtN
    ];
  };
  return [
    leakCheck('SparseSegmentMeanGrad', 1000, 'blend', meanGrad),
    leakCheck('SparseSegmentMeanGrad', 1000, 'gather', meanGrad),
    leakCheck('SparseSegmentSqrtNGradV2', 1000, 'blend', sqrtNGradV2),
    leakCheck('SparseSegmentSqrtNGradV2', 1000, 'gather', sqrtNGradV2),
    // Without validation the index metadata is built on the GPU.
    leakCheck('SparseSegmentMeanGrad', 300, 'blend', meanGrad, false),
    leakCheck('SparseSegmentMeanGrad', 100, 'gather', meanGrad, false),
    leakCheck('SparseSegmentSqrtNGradV2', 100, 'blend', sqrtNGradV2, false),
    leakCheck('SparseSegmentSqrtNGradV2', 100, 'gather', sqrtNGradV2, false),
    leakCheck('the other kernels', 300, 'blend', others),
    leakCheck('the other kernels', 100, 'blend', others, false),
    {
      name: 'webgl/leak checks release their inputs',
      tags: ['webgl', 'leak'],
      run: async () => {
        for (const t of inputs.values()) {
          t.grad.dispose();
          t.indices.dispose();
          t.segmentIds.dispose();
        }
        inputs.clear();
      }
    },
  ];
}

// ---- determinism, size limits, inputs of every kind ---------------------------

function determinismChecks(): NamedCheck[] {
  const variants = PATHS.flatMap(path => [true, false].map(validate => ({path, validate})));
  return variants.map(
      ({path, validate}) => ({
        name: `webgl/the same inputs give the same bits on every run (${path}${
            validate ? '' : ', validation off'})`,
        tags: ['webgl', 'determinism'],
        run: async (tf: TF) => withFlags(
            tf, {[SCATTER]: path, [VALIDATE]: validate},
            async () => {
              // Many pairs per output row, so that any change of summation order shows.
              const data = segmentGradData(11, 6000, 300, 16, 50);
              for (const [name] of REDUCTIONS) {
                for (const kernel of [`SparseSegment${name}Grad`, `SparseSegment${name}GradV2`]) {
                  const first = await runSegmentGrad(tf, kernel, data);
                  for (let run = 0; run < 4; run++) {
                    const again = await runSegmentGrad(tf, kernel, data);
                    first.forEach(
                        (v, k) => expectBits(again[k], v, `${kernel} run ${run + 2} output ${k}`));
                  }
                }
              }
            })
      }));
}

/** The gradient of every reduction on both paths, against the cpu arithmetic. */
async function checkAgainstReference(
    tf: TF, data: SegmentGradData, label: string, gpuInputs = true): Promise<void> {
  for (const [name, reduction] of REDUCTIONS) {
    const v1 = await runSegmentGrad(tf, `SparseSegment${name}Grad`, data, gpuInputs);
    const want = scatterSegmentGradRef(reduction, data);
    expectBits(v1[0], want, `${label} ${name}Grad`);
    const v2 = await runSegmentGrad(tf, `SparseSegment${name}GradV2`, data, gpuInputs);
    const unique = scatterUniqueSortedIndices(data.indices);
    expectBits(v2[1], unique, `${label} ${name}GradV2 indices`);
    const rows = new Float32Array(unique.length * data.d);
    unique.forEach((u, k) => rows.set(want.subarray(u * data.d, (u + 1) * data.d), k * data.d));
    expectBits(v2[0], rows, `${label} ${name}GradV2`);
  }
}

function sizeChecks(): NamedCheck[] {
  const checks: NamedCheck[] = [];
  for (const path of PATHS) {
    checks.push({
      name:
          `webgl/shapes past the 8192 texture limit, bit-identical to the cpu arithmetic (${path})`,
      tags: ['webgl', 'large'],
      run: async (tf: TF) => withFlags(
          tf, {[SCATTER]: path},
          async () => {
            // 20,000 output rows of 5 (rows do not divide tfjs's texture width).
            await checkAgainstReference(
                tf, segmentGradData(21, 9000, 700, 5, 20000), 'M=20000,D=5');
            // Rows of 9,000 values: each spans texture rows.
            await checkAgainstReference(tf, segmentGradData(22, 7, 3, 9000, 4), 'D=9000');
            // 20,000 segments.
            await checkAgainstReference(tf, segmentGradData(23, 30000, 20000, 2, 300), 'S=20000');
          })
    });
    checks.push({
      name: `webgl/packed, sliced and CPU-held inputs give the same bits (${path})`,
      tags: ['webgl'],
      run: async (tf: TF) => withFlags(
          tf, {[SCATTER]: path},
          async () => {
            const data = segmentGradData(31, 500, 24, 6, 40);
            await checkAgainstReference(tf, data, 'cpu-held inputs', false);
            const expectSame = async (grad: Tensor, label: string) => {
              const indices = tf.tensor1d(data.indices, 'int32');
              const segmentIds = tf.tensor1d(data.segmentIds, 'int32');
              const outputDim0 = tf.scalar(data.m, 'int32');
              for (const [name, reduction] of REDUCTIONS) {
                const out = tf.engine().runKernel(
                                `SparseSegment${name}Grad`,
                                {grad, indices, segmentIds, outputDim0}) as Tensor;
                expectBits(
                    await out.data(), scatterSegmentGradRef(reduction, data),
                    `${label} ${name}Grad`);
                out.dispose();
              }
              tf.dispose([indices, segmentIds, outputDim0]);
            };
            // A packed texture: the output of a packed matMul by the identity.
            await withFlags(tf, {WEBGL_PACK: true}, async () => {
              const packed = tf.tidy(
                  () => tf.matMul(tf.tensor2d(data.grad, [data.s, data.d]), tf.eye(data.d)));
              if (!webglBackend(tf).texData.get(packed.dataId).isPacked) {
                throw new Error('expected a packed texture');
              }
              await expectSame(packed, 'packed grad');
              packed.dispose();
            });
            // A slice that views another tensor's texture at a flat offset.
            {
              const big = tf.tensor2d(
                  Float32Array.from([...new Random(9).floats(3 * data.d), ...data.grad]),
                  [data.s + 3, data.d]);
              webglBackend(tf).uploadToGPU(big.dataId);  // unpacked
              const view = tf.slice(big, [3, 0], [data.s, data.d]);
              if (webglBackend(tf).texData.get(view.dataId).slice == null) {
                throw new Error('expected a sliced view');
              }
              await expectSame(view, 'sliced grad');
              tf.dispose([big, view]);
            }
          })
    });
  }
  return checks;
}

// ---- validation off --------------------------------------------------------------

function validationOffChecks(): NamedCheck[] {
  const checks: NamedCheck[] = [];
  for (const path of PATHS) {
    checks.push({
      name: `webgl/validation off: pairs with an index or segment id out of range are skipped (${
          path})`,
      tags: ['webgl', 'validation-off'],
      run: async (tf: TF) => withFlags(
          tf, {[SCATTER]: path, [VALIDATE]: false},
          async () => {
            const data = segmentGradData(41, 400, 30, 4, 50);
            const rng = new Random(42);
            const bad = [-1, 50, 51, 2 ** 30, -(2 ** 30), 1e6];
            for (let k = 0; k < 60; k++) {
              const i = rng.int(0, data.indices.length);
              if (k % 2 === 0) {
                data.indices[i] = bad[rng.int(0, bad.length)];
              } else {
                data.segmentIds[i] = [-1, 30, 31, -7, 2 ** 28][rng.int(0, 5)];
              }
            }
            const valid = Array.from(data.indices.keys())
                              .filter(
                                  i => data.indices[i] >= 0 && data.indices[i] < data.m &&
                                      data.segmentIds[i] >= 0 && data.segmentIds[i] < data.s);
            const filtered: SegmentGradData = {
              ...data,
              indices: Int32Array.from(valid, i => data.indices[i]),
              segmentIds: Int32Array.from(valid, i => data.segmentIds[i]),
            };
            for (const [name, reduction] of REDUCTIONS) {
              const v1 = await runSegmentGrad(tf, `SparseSegment${name}Grad`, data);
              const want = scatterSegmentGradRef(reduction, filtered);
              expectBits(v1[0], want, `${name}Grad`);
              const v2 = await runSegmentGrad(tf, `SparseSegment${name}GradV2`, data);
              const unique = scatterUniqueSortedIndices(filtered.indices);
              expectBits(v2[1], unique, `${name}GradV2 indices`);
              const rows = new Float32Array(unique.length * data.d);
              unique.forEach(
                  (u, k) => rows.set(want.subarray(u * data.d, (u + 1) * data.d), k * data.d));
              expectBits(v2[0], rows, `${name}GradV2`);
            }
          })
    });
  }
  checks.push({
    name: 'webgl/validation off: other kernels skip out-of-range entries safely',
    tags: ['webgl', 'validation-off'],
    run: async (tf: TF, sg: SG) => withFlags(
        tf, {[VALIDATE]: false},
        async () => {
          // SparseFillEmptyRowsGrad: a bad entry gets 0 and marks no slot.
          const gradValues = {shape: [6], dtype: 'float32' as const, values: [1, 2, 4, 8, 16, 32]};
          const fill = sg.sparseFillEmptyRowsGrad([2, -1, 6, 2 ** 30, 0], gradValues.values);
          const want = refFillEmptyRowsGrad([2, 0], gradValues);
          expectBits(await fill.dValues.data(), [4, 0, 0, 0, 1], 'dValues');
          expectBits(await fill.dDefaultValue.data(), want[1].values, 'dDefaultValue');
          tf.dispose([fill.dValues, fill.dDefaultValue]);
          // Forward reductions: a bad index reads as 0 (it still counts toward
          // the segment's size); ids outside [0, numSegments) match no row.
          const rng = new Random(43);
          const data = {shape: [8, 3], dtype: 'float32' as const, values: rng.floats(24)};
          const indices = [0, 9, 3, -1, 7, 7, 2 ** 30, 1, 5, 2, 4, 6];
          const segmentIds = [0, 0, 1, 1, 1, 3, 3, 3, 3, 3, 3, 3];
          const zeroRow = {...data, shape: [9, 3], values: [...data.values, 0, 0, 0]};
          const clamped = indices.map(i => i >= 0 && i < 8 ? i : 8);
          for (const [name, reduction] of REDUCTIONS) {
            const op = {
              sum: sg.sparseSegmentSumWithNumSegments,
              mean: sg.sparseSegmentMeanWithNumSegments,
              sqrtn: sg.sparseSegmentSqrtNWithNumSegments
            }[reduction];
            const out = op(tf.tensor2d(data.values, [8, 3]), indices, segmentIds, 5);
            expectBits(
                await out.data(),
                refSegmentReduction(reduction, zeroRow, clamped, segmentIds, 5).values,
                `${name}WithNumSegments`);
            out.dispose();
          }
          // Unsorted and negative segment ids: no error, no hang, same bits twice.
          const messy = [3, -2, 1, 0, 2 ** 29, 1];
          const runMessy = async () => {
            const out = sg.sparseSegmentMeanWithNumSegments(
                tf.tensor2d(data.values, [8, 3]), [1, 2, 3, 4, 5, 6], messy, 4);
            const v = await out.data();
            out.dispose();
            return v;
          };
          expectBits(await runMessy(), await runMessy(), 'unsorted ids');
        })
  });
  return checks;
}

// ---- agreement with the cpu backend, path choice --------------------------------

function cpuAgreementCheck(): NamedCheck {
  return {
    name: 'webgl/every kernel agrees bit for bit with the cpu backend on random inputs',
    tags: ['webgl'],
    run: async (tf: TF, sg: SG) => {
      const rng = new Random(51);
      const grad = rng.floats(40 * 7);
      const indices = rng.ints(300, 0, 90);
      const segmentIds = rng.ints(300, 0, 40);
      segmentIds[299] = 39;
      const sortedIds = Int32Array.from(segmentIds).sort();
      const rows = rng.ints(300, 0, 40);
      const map = rng.ints(50, 0, 70);
      const fillGrads = rng.floats(70);
      const sliceIndices = rng.ints(120 * 2, 0, 9);
      const sliceValues = rng.floats(120);
      const all = (): Tensor[] => {
        const outs: Tensor[] = [];
        const g = tf.tensor2d(grad, [40, 7]);
        for (const [name] of REDUCTIONS) {
          outs.push(tf.engine().runKernel(`SparseSegment${name}Grad`, {
            grad: g,
            indices: tf.tensor1d(indices, 'int32'),
            segmentIds: tf.tensor1d(segmentIds, 'int32'),
            outputDim0: tf.scalar(90, 'int32')
          }) as Tensor);
          outs.push(...tf.engine().runKernel(`SparseSegment${name}GradV2`, {
            grad: g,
            indices: tf.tensor1d(indices, 'int32'),
            segmentIds: tf.tensor1d(segmentIds, 'int32'),
            denseOutputDim0: tf.scalar(90, 'int32')
          }) as Tensor[]);
        }
        outs.push(sg.sparseSegmentSqrtN(g, rows, sortedIds));
        outs.push(sg.sparseSegmentSumWithNumSegments(g, rows, sortedIds, 45));
        outs.push(sg.sparseSegmentMeanWithNumSegments(g, rows, sortedIds, 45));
        outs.push(sg.sparseSegmentSqrtNWithNumSegments(g, rows, sortedIds, 45));
        const fill = sg.sparseFillEmptyRowsGrad(map, fillGrads);
        outs.push(fill.dValues, fill.dDefaultValue);
        const slice = sg.sparseSlice(
            tf.tensor2d(sliceIndices, [120, 2], 'int32'), sliceValues, [9, 9], [2, 3], [5, 4]);
        outs.push(slice.outputIndices, slice.outputValues, slice.outputShape);
        const nnzOut = slice.outputValues.shape[0];
        outs.push(sg.sparseSliceGrad(
            tf.tensor1d(Float32Array.from({length: nnzOut}, (_, k) => k * 0.75 - 5)),
            tf.tensor2d(sliceIndices, [120, 2], 'int32'), [2, 3], slice.outputIndices));
        return outs;
      };
      for (const path of PATHS) {
        await withFlags(tf, {[SCATTER]: path}, async () => {
          const webgl = tf.tidy(all);
          const got = await Promise.all(webgl.map(t => t.data()));
          tf.dispose(webgl);
          await tf.setBackend('cpu');
          const cpu = tf.tidy(all);
          const want = await Promise.all(cpu.map(t => t.data()));
          tf.dispose(cpu);
          await tf.setBackend('webgl');
          got.forEach((v, k) => expectBits(v, want[k], `${path} output ${k}`));
        });
      }
    }
  };
}

function pathChoiceChecks(): NamedCheck[] {
  /** Counts this package's draw calls (tfjs's own programs use drawElements). */
  const countDraws = async (tf: TF, body: () => Promise<void>) => {
    const g = gl(tf);
    const original = g.drawArrays;
    let draws = 0;
    g.drawArrays = function(...args: Parameters<typeof original>) {
      draws++;
      return original.apply(this, args);
    };
    try {
      await body();
    } finally {
      g.drawArrays = original;
    }
    return draws;
  };
  const meanGrad = async (tf: TF, sg: SG) => {
    const out =
        sg.sparseSegmentMeanGrad(tf.tensor2d([1, 2, 3, 4], [2, 2]), [1, 0, 1], [0, 1, 1], 3);
    expectBits(await out.data(), [1.5, 2, 2.5, 4, 0, 0], 'mean grad');
    out.dispose();
  };
  /** Hides EXT_float_blend, as on a GPU without float blending. */
  const withoutFloatBlend = async (tf: TF, body: () => Promise<void>) => {
    const g = gl(tf);
    const original = g.getExtension;
    (g as any).getExtension = function(name: string) {
      return name === 'EXT_float_blend' ? null : original.call(this, name);
    };
    try {
      await body();
    } finally {
      (g as any).getExtension = original;
    }
  };
  return [{
    name:
        'webgl/auto picks blend with EXT_float_blend and gather without; forced blend without it is an error',
    tags: ['webgl', 'path'],
    run: async (tf: TF, sg: SG) => withFlags(
        tf, {[SCATTER]: 'auto'},
        async () => {
          const blendDraws = await countDraws(tf, () => meanGrad(tf, sg));
          if (blendDraws === 0) throw new Error('auto did not take the blend path');
          await withoutFloatBlend(tf, async () => {
            const draws = await countDraws(tf, () => meanGrad(tf, sg));
            if (draws !== 0) throw new Error(`auto without EXT_float_blend drew ${draws} times`);
            await withFlags(tf, {[SCATTER]: 'blend'}, async () => {
              let message = '';
              try {
                await meanGrad(tf, sg);
              } catch (e) {
                message = (e as Error).message;
              }
              if (!message.includes('EXT_float_blend')) {
                throw new Error(`forced blend without the extension gave: "${message}"`);
              }
            });
          });
          const gatherDraws = await withFlags(
              tf, {[SCATTER]: 'gather'}, () => countDraws(tf, () => meanGrad(tf, sg)));
          if (gatherDraws !== 0) throw new Error('the gather path drew with blending');
        })
  }];
}

function exactMathCheck(): NamedCheck {
  return {
    name:
        'webgl/integer-exact scales match the cpu kernel (every count to 2^18, random counts to 2^26)',
    tags: ['webgl', 'exact'],
    run: async (tf: TF) => {
      const backend = webglBackend(tf);
      const tensorsBefore = tf.memory().numTensors;
      const rng = new Random(61);
      const counts = new Int32Array((1 << 18) + (1 << 16));
      for (let c = 0; c < 1 << 18; c++) counts[c] = c + 1;
      for (let k = 1 << 18; k < counts.length; k++) counts[k] = rng.int(1, 2 ** 26 + 1);
      // Counts reach the scale program as float32 texels, in parts below 2^24.
      const parts = [0, 1, 2, 3].map(
          p => uploadInt32(
              backend,
              counts.map(c => Math.max(0, Math.min((1 << 24) - 1, c - p * ((1 << 24) - 1))))));
      const scales = async (reduction: 'mean'|'sqrtn') => {
        const out = runProgram(
            backend, segmentScaleProgram(reduction, 4, false), parts, 'float32',
            {outputShape: [counts.length], uniforms: {numSegments: counts.length}});
        const t = tf.engine().makeTensorFromTensorInfo(out);
        const values = await t.data();
        t.dispose();
        return values;
      };
      expectBits(await scales('mean'), Array.from(counts, c => Math.fround(1 / c)), '1 / count');
      expectBits(
          await scales('sqrtn'), Array.from(counts, c => Math.fround(1 / Math.sqrt(c))),
          '1 / sqrt(count)');
      // sqrtExact, the divisor of the forward SqrtN (the counts as n).
      const sqrtProgram: ProgramSpec<{numSegments: 'int'}> = {
        name: 'sqrtExactCheck',
        inputs: ['C0', 'C1', 'C2', 'C3'],
        uniforms: {numSegments: 'int'},
        main: `
          ${EXACT_MATH}
          void main() {
            int i = outputFlatIndex();
            int n = fetchC0Int(i) + fetchC1Int(i) + fetchC2Int(i) + fetchC3Int(i);
            setOutput(i < numSegments ? sqrtExact(uint(n)) : 0.0);
          }`,
      };
      const sqrt = runProgram(
          backend, sqrtProgram, parts, 'float32',
          {outputShape: [counts.length], uniforms: {numSegments: counts.length}});
      const sqrtTensor = tf.engine().makeTensorFromTensorInfo(sqrt);
      const roots = await sqrtTensor.data();
      sqrtTensor.dispose();
      expectBits(roots, Array.from(counts, c => Math.fround(Math.sqrt(c))), 'sqrt(n)');
      parts.forEach(t => backend.disposeIntermediateTensorInfo(t));
      if (tf.memory().numTensors !== tensorsBefore) throw new Error('tensors leaked');
    }
  };
}

function contextCheck(): NamedCheck {
  return {
    name: 'webgl/16-bit float textures are a clear error, not a wrong answer',
    tags: ['webgl', 'path'],
    run: async (tf: TF, sg: SG) => {
      // Only the kernels' own check runs while the flag is off: the inputs
      // are plain arrays, so no texture is made with the wrong format.
      let message = '';
      await withFlags(tf, {WEBGL_RENDER_FLOAT32_ENABLED: false}, async () => {
        try {
          sg.sparseSegmentSumGrad([[1, 2]], [0], [0], 1).dispose();
        } catch (e) {
          message = (e as Error).message;
        }
      });
      if (!message.includes('32-bit float textures')) {
        throw new Error(`expected the 32-bit texture error, got "${message}"`);
      }
    }
  };
}

/** Throws unless `run` throws an error whose message includes `text`. */
function expectThrowsWith(run: () => unknown, text: string, label: string): void {
  let message = '';
  try {
    run();
  } catch (e) {
    message = (e as Error).message;
  }
  if (!message.includes(text)) {
    throw new Error(`${label}: expected an error with "${text}", got "${message}"`);
  }
}

/** 2^24: the first int32 that tfjs-webgl's float32 texels do not all hold. */
const BIG = 2 ** 24;

/** `[rows, 1]` float32 with row i = i % 1000: rows past 2^24 stay distinct. */
function rowNumbers(tf: TF, rows: number): Tensor {
  const values = new Float32Array(rows);
  for (let i = 0; i < rows; i++) values[i] = i % 1000;
  return tf.tensor2d(values, [rows, 1]);
}

/** Rows [from, from + count) of a `[rows, 1]` tensor, read back. */
async function rowsOf(tf: TF, t: Tensor, from: number, count: number): Promise<number[]> {
  const part = tf.slice(t, [from, 0], [count, 1]);
  const values = Array.from(await part.data());
  part.dispose();
  return values;
}

/** The reproductions of ids past 2^24 (each row i of `grad` is i % 1000). */
async function bigIdChecks(tf: TF, sg: SG): Promise<void> {
  const before = tf.memory().numTensors;
  const fiveSeven = tf.tensor2d([[5], [7]]);
  // 5 belongs in row 2^24 + 1, not 2^24.
  const sum = sg.sparseSegmentSumGrad(fiveSeven, [BIG + 1, BIG - 1], [0, 1], BIG + 2);
  expectBits(await rowsOf(tf, sum, BIG - 2, 4), [0, 7, 0, 5], 'sum grad');
  const v2 = sg.sparseSegmentSumGradV2(fiveSeven, [BIG + 1, BIG - 1], [0, 1], BIG + 2);
  expectBits(await v2.output.data(), [7, 5], 'V2 output');
  expectBits(await v2.sortedUniqueIndices.data(), [BIG - 1, BIG + 1], 'V2 indices');
  // Segment id 2^24 + 1 picks grad row 2^24 + 1 (217), not 2^24 (216).
  const grad = rowNumbers(tf, BIG + 2);
  const mean = sg.sparseSegmentMeanGrad(grad, [3, 4], [BIG + 1, BIG + 1], 6);
  expectBits(await mean.data(), [0, 0, 0, 108.5, 108.5, 0], 'mean grad');
  const sqrtn = sg.sparseSegmentSqrtNGrad(grad, [3], [BIG + 1], 4);
  expectBits(await sqrtn.data(), [0, 0, 0, 217], 'sqrtn grad');
  // Data row 2^24 + 1, read by the forward op and by the fill grad.
  const forward = sg.sparseSegmentSumWithNumSegments(grad, [BIG + 1, BIG], [0, 1], 2);
  expectBits(await forward.data(), [217, 216], 'forward data row');
  const flatGrad = tf.reshape(grad, [-1]);
  const fill = sg.sparseFillEmptyRowsGrad([BIG + 1], flatGrad);
  expectBits(await fill.dValues.data(), [217], 'fill grad map entry');
  // Output row 2^24 + 1 of gather's gradient.
  const unsorted = tf.unsortedSegmentSum(fiveSeven, [BIG + 1, BIG - 1], BIG + 2);
  expectBits(await rowsOf(tf, unsorted, BIG - 2, 4), [0, 7, 0, 5], 'unsortedSegmentSum');
  // A sparse update of row 2^24 + 1.
  const table = tf.tidy(() => tf.variable(tf.zeros([BIG + 2, 1])));
  const sgd = sg.train.sgd(1);
  const update = {indices: tf.tensor1d([BIG + 1], 'int32'), values: tf.tensor2d([[-3]])};
  sgd.applyGradients({[table.name]: {...update, denseShape: [BIG + 2, 1]}});
  expectBits(await rowsOf(tf, table, BIG, 2), [0, 3], 'sparse update');
  tf.dispose([
    fiveSeven, sum, v2.output, v2.sortedUniqueIndices, grad, mean, sqrtn, forward, flatGrad,
    fill.dValues, fill.dDefaultValue, unsorted, table, update.indices, update.values
  ]);
  sgd.dispose();
  if (tf.memory().numTensors > before) {
    throw new Error(`${tf.memory().numTensors - before} tensors leaked`);
  }
}

/**
 * Index values of 2^24 and more: exact when the CPU holds them (uploaded
 * split in two exact halves), an error when they exist only in a float
 * texture; int32 values of that size are copied exactly on the host.
 */
function largeIndexChecks(): NamedCheck[] {
  const checks: NamedCheck[] = [];
  for (const path of PATHS) {
    checks.push({
      name: `webgl/ids above 2^24 held on the CPU address the right rows (${path})`,
      tags: ['webgl', 'validation'],
      run: (tf: TF, sg: SG) => withFlags(tf, {[SCATTER]: path}, () => bigIdChecks(tf, sg)),
    });
  }
  checks.push({
    name: 'webgl/ids above 2^24 that exist only in a float texture raise',
    tags: ['webgl', 'validation'],
    run: async (tf: TF, sg: SG) => {
      const grad = tf.tensor2d([[5], [7]]);
      const gpuIdx = onGpu(tf, tf.tensor1d([BIG + 1, 3], 'int32'));
      expectThrowsWith(
          () => sg.sparseSegmentSumGrad(grad, gpuIdx, [0, 1], BIG + 2),
          `'indices' holds values of 2^24 or more, and exists only in a float32 texture`,
          'GPU-resident ids');
      // Below the bound of 2^24 they are simply out of range.
      expectThrowsWith(
          () => sg.sparseSegmentSumGrad(grad, gpuIdx, [0, 1], 10), 'out of range', 'small bound');
      // With the validation off the values are never read: a range past
      // 2^24 is refused.
      await withFlags(tf, {[VALIDATE]: false}, async () => {
        expectThrowsWith(
            () => sg.sparseSegmentSumGrad(grad, [BIG + 1, 3], [0, 1], BIG + 2),
            'past 2^24, and with SPARSE_GRAD_VALIDATE off', 'validation off');
      });
      tf.dispose([grad, gpuIdx]);
    }
  });
  checks.push({
    name: 'webgl/sparseSlice of coordinates past 2^24 is exact',
    tags: ['webgl', 'validation'],
    run: async (tf: TF, sg: SG) => {
      // Hashed feature ids as column coordinates of a [2, 2^30] tensor.
      const coords = [[0, BIG + 1], [0, 5], [1, BIG + 3], [1, BIG]];
      const slice = sg.sparseSlice(coords, [1, 2, 3, 4], [2, 2 ** 30], [0, BIG + 1], [2, 10]);
      expectBits(await slice.outputIndices.data(), [0, 0, 1, 2], 'indices');
      expectBits(await slice.outputValues.data(), [1, 3], 'values');
      expectBits(await slice.outputShape.data(), [2, 10], 'shape');
      // The same coordinates, but only in a float texture: an error.
      const gpuCoords = onGpu(tf, tf.tensor2d(coords, [4, 2], 'int32'));
      expectThrowsWith(
          () => sg.sparseSlice(gpuCoords, [1, 2, 3, 4], [2, 2 ** 30], [0, BIG + 1], [2, 10]),
          `'indices' holds values of 2^24 or more`, 'GPU-resident coordinates');
      tf.dispose([slice.outputIndices, slice.outputValues, slice.outputShape, gpuCoords]);
    }
  });
  checks.push({
    name: 'webgl/int32 values above 2^24 held on the CPU stay exact',
    tags: ['webgl', 'validation'],
    run: async (tf: TF, sg: SG) => {
      const wide = [BIG + 1, 5, 2 ** 30 + 1];
      const fill = sg.sparseFillEmptyRowsGrad([0], tf.tensor1d(wide, 'int32'));
      expectBits(await fill.dValues.data(), [BIG + 1], 'fill dValues');
      expectBits(await fill.dDefaultValue.data(), [2 ** 30 + 6], 'fill dDefaultValue');
      const slice = sg.sparseSliceGrad(
          tf.tensor1d([BIG + 1, 123456789], 'int32'), [[0, 0], [0, 1], [1, 0]], [0, 0],
          [[0, 1], [1, 0]]);
      expectBits(await slice.data(), [0, BIG + 1, 123456789], 'slice grad');
      tf.dispose([fill.dValues, fill.dDefaultValue, slice]);
    }
  });
  return checks;
}

export function webglChecks(): NamedCheck[] {
  return [
    ...glStateChecks(),
    ...leakChecks(),
    ...determinismChecks(),
    ...sizeChecks(),
    ...validationOffChecks(),
    cpuAgreementCheck(),
    ...pathChoiceChecks(),
    exactMathCheck(),
    contextCheck(),
    ...largeIndexChecks(),
  ];
}
