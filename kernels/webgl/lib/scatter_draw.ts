/**
 * The one place where this package issues its own WebGL draw calls: the
 * scatter draw of `shaders/webgl/scatter_blend.glsl.ts`, into the texture of
 * a tfjs output tensor. Everything else runs through tfjs's fragment-program
 * machinery.
 *
 * tfjs keeps GL state between its programs (scissor test and back-face
 * culling on, blending off, its own framebuffer, program and vertex array),
 * so every piece of state this draw changes is read first and put back
 * after, even when the draw throws. Compiled programs, the vertex array and
 * the framebuffer are created once per GL context and reused.
 */
import {env, util} from '@tensorflow/tfjs-core';
import type {TensorInfo} from '@tensorflow/tfjs-core';

import {scatterFragmentShader, scatterVertexShader, ScatterVariant} from '../../../shaders/webgl/scatter_blend.glsl';

import {getGL, gpuInput, TexInfo, WebGLBackend} from './backend_util';

interface ScatterProgram {
  program: WebGLProgram;
  locations: Map<string, WebGLUniformLocation|null>;
}

interface ContextResources {
  programs: Map<string, ScatterProgram>;
  /** An empty vertex array: the vertex shader needs no attributes. */
  vao: WebGLVertexArrayObject;
  framebuffer: WebGLFramebuffer;
}

const resources = new WeakMap<WebGL2RenderingContext, ContextResources>();

function contextResources(gl: WebGL2RenderingContext): ContextResources {
  let r = resources.get(gl);
  if (r == null) {
    const vao = gl.createVertexArray();
    const framebuffer = gl.createFramebuffer();
    if (vao == null || framebuffer == null) {
      throw new Error('tfjs-sparse-grad: could not create WebGL objects (context lost?)');
    }
    r = {programs: new Map(), vao, framebuffer};
    resources.set(gl, r);
  }
  return r;
}

const UNIFORMS = [
  'dstIdx', 'dstIdxInfo', 'srcIdx', 'srcIdxInfo', 'scale', 'scaleInfo', 'src', 'srcInfo',
  'instanceBase', 'verticesPerInstance', 'dstRows', 'srcRows', 'rowSize', 'outSize'
];

function compile(gl: WebGL2RenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type)!;
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) {
    const log = gl.getShaderInfoLog(shader);
    gl.deleteShader(shader);
    throw new Error(`tfjs-sparse-grad: scatter shader failed to compile: ${log}`);
  }
  return shader;
}

/** The scatter program for these compile-time variants, compiled once per context. */
function scatterProgram(gl: WebGL2RenderingContext, variant: ScatterVariant): ScatterProgram {
  const r = contextResources(gl);
  const key =
      `scatter:${variant.hasSrcIndex}:${variant.hasSrc}:${variant.hasScale}:${variant.points}`;
  let p = r.programs.get(key);
  if (p == null) {
    const vs = compile(gl, gl.VERTEX_SHADER, scatterVertexShader(variant));
    const fs = compile(gl, gl.FRAGMENT_SHADER, scatterFragmentShader(variant));
    const program = gl.createProgram()!;
    gl.attachShader(program, vs);
    gl.attachShader(program, fs);
    gl.linkProgram(program);
    // The program keeps what it needs; the shader objects can go now.
    gl.detachShader(program, vs);
    gl.detachShader(program, fs);
    gl.deleteShader(vs);
    gl.deleteShader(fs);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) {
      const log = gl.getProgramInfoLog(program);
      gl.deleteProgram(program);
      throw new Error(`tfjs-sparse-grad: scatter program failed to link: ${log}`);
    }
    const locations = new Map<string, WebGLUniformLocation|null>();
    for (const name of UNIFORMS) {
      locations.set(name, gl.getUniformLocation(program, name));
    }
    p = {program, locations};
    r.programs.set(key, p);
  }
  return p;
}

/** Capabilities that decide between the blend and the gather path. */
export function supportsFloatBlend(backend: WebGLBackend): boolean {
  const gl = backend.gpgpu.gl;
  if (typeof WebGL2RenderingContext === 'undefined' || !(gl instanceof WebGL2RenderingContext)) {
    return false;
  }
  // getExtension enables an extension; WebGL requires that before use.
  return gl.getExtension('EXT_color_buffer_float') != null &&
      gl.getExtension('EXT_float_blend') != null && isFloat32Texture(backend);
}

/** Whether tfjs stores float32 tensors in 32-bit (not 16-bit) textures. */
function isFloat32Texture(backend: WebGLBackend): boolean {
  const config = backend.gpgpu.textureConfig;
  const gl = backend.gpgpu.gl as WebGL2RenderingContext;
  return config.internalFormatFloat === gl.R32F;
}

/** The number of GL objects this package holds for a context (for leak tests). */
export function scatterResourceCount(gl: WebGL2RenderingContext): number {
  const r = resources.get(gl);
  return r == null ? 0 : r.programs.size + 2;
}

/**
 * A tensor (float32, or int32, which tfjs-webgl also stores as float32
 * texels) to scatter `rowSize`-texel rows into. Its texture is
 * given a width that is a multiple of `rowSize` (tfjs accepts any texture
 * shape for an unpacked tensor: it addresses texels by flat index), so no
 * row wraps and each row is a single quad. The draw clears it first.
 */
export function scatterTarget(
    backend: WebGLBackend, shape: number[], rowSize: number,
    dtype: 'float32'|'int32' = 'float32'): TensorInfo {
  const size = util.sizeFromShape(shape);
  if (size === 0) {
    return backend.makeTensorInfo(
        shape, dtype, dtype === 'int32' ? new Int32Array(0) : new Float32Array(0));
  }
  const out = backend.makeTensorInfo(shape, dtype);
  const maxSize = env().getNumber('WEBGL_MAX_TEXTURE_SIZE');
  if (rowSize <= maxSize) {
    const rows = size / rowSize;
    const rowsPerTexRow = Math.min(rows, Math.floor(maxSize / rowSize));
    const height = Math.ceil(rows / rowsPerTexRow);
    if (height <= maxSize) {
      backend.texData.get(out.dataId).texShape = [height, rowsPerTexRow * rowSize];
    }
  }
  return out;
}

export interface ScatterArgs {
  /** The output tensor; its texture receives the draw. */
  out: TensorInfo;
  /** Clear the output to 0 first. */
  clear: boolean;
  /** Rows of the output (an index outside [0, dstRows) is dropped). */
  dstRows: number;
  /** Texels per row. */
  rowSize: number;
  /** int32 [n]: the output row of each instance. */
  dstIdx: TensorInfo;
  /** Draws instances [first, first + count). */
  first?: number;
  count: number;
  /** float32 [srcRows, rowSize] rows to add, or null to write 1.0. */
  src: TensorInfo|null;
  /**
   * int32 [n]: the row of `src` (and `scale`) of each instance; an instance
   * whose value is outside [0, srcRows) is dropped. Without it, instance i
   * reads row i of `src`.
   */
  srcIdx: TensorInfo|null;
  srcRows: number;
  /** float32 [srcRows]: a factor per source row, or null. */
  scale: TensorInfo|null;
  /** true: add (blend ONE, ONE); false: overwrite (a mark). */
  blend: boolean;
}

/** Instances per draw call: keeps each call short on a real GPU. */
const MAX_INSTANCES_PER_DRAW = 1 << 20;

/**
 * Draws `count` scatter instances into `out`'s texture. Instances are drawn
 * in order (each is 6 x quads consecutive vertices of a plain draw), over
 * as many draw calls as needed; blending then adds each texel's
 * contributions in instance order.
 */
export function scatterDraw(backend: WebGLBackend, args: ScatterArgs): void {
  if (util.sizeFromShape(args.out.shape) === 0) {
    return;
  }
  const gl = getGL(backend);
  const variant: ScatterVariant = {
    hasSrcIndex: args.srcIdx != null,
    hasSrc: args.src != null,
    hasScale: args.scale != null,
    points: args.rowSize === 1,
  };
  const temps: TensorInfo[] = [];
  const input = (t: TensorInfo): TexInfo => {
    const {tex, temp} = gpuInput(backend, t);
    if (temp != null) temps.push(temp);
    return tex;
  };
  try {
    const draw = args.count > 0 && args.dstRows > 0;
    const dstIdx = draw ? input(args.dstIdx) : null;
    const srcIdx = draw && args.srcIdx != null ? input(args.srcIdx) : null;
    const src = draw && args.src != null ? input(args.src) : null;
    const scale = draw && args.scale != null ? input(args.scale) : null;
    // The output texture last: uploading inputs may run tfjs programs.
    backend.uploadToGPU(args.out.dataId);
    const outData = backend.texData.get(args.out.dataId);
    if (outData.isPacked) {
      throw new Error('tfjs-sparse-grad: scatter output must be unpacked');
    }
    const [outHeight, outWidth] = outData.texShape!;
    const outTexture = outData.texture!.texture;

    const {program, locations} = scatterProgram(gl, variant);
    const {vao, framebuffer} = contextResources(gl);
    const textures: Array<[string, TexInfo]> = [];
    if (dstIdx != null) textures.push(['dstIdx', dstIdx]);
    if (srcIdx != null) textures.push(['srcIdx', srcIdx]);
    if (src != null) textures.push(['src', src]);
    if (scale != null) textures.push(['scale', scale]);

    withSavedState(gl, textures.length, () => {
      gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, outTexture, 0);
      try {
        const status = gl.checkFramebufferStatus(gl.FRAMEBUFFER);
        if (status !== gl.FRAMEBUFFER_COMPLETE) {
          throw new Error(
              `tfjs-sparse-grad: the output texture is not renderable (framebuffer status 0x${
                  status.toString(16)})`);
        }
        gl.viewport(0, 0, outWidth, outHeight);
        gl.scissor(0, 0, outWidth, outHeight);
        gl.disable(gl.CULL_FACE);
        gl.disable(gl.DEPTH_TEST);
        gl.disable(gl.STENCIL_TEST);
        gl.disable(gl.RASTERIZER_DISCARD);
        gl.disable(gl.SAMPLE_ALPHA_TO_COVERAGE);
        gl.disable(gl.SAMPLE_COVERAGE);
        gl.disable(gl.POLYGON_OFFSET_FILL);
        gl.disable(gl.DITHER);
        gl.colorMask(true, true, true, true);
        if (args.clear) {
          gl.clearBufferfv(gl.COLOR, 0, [0, 0, 0, 0]);
        }
        if (!draw) {
          return;
        }
        if (args.blend) {
          gl.enable(gl.BLEND);
          gl.blendEquation(gl.FUNC_ADD);
          gl.blendFunc(gl.ONE, gl.ONE);
        } else {
          gl.disable(gl.BLEND);
        }
        gl.useProgram(program);
        gl.bindVertexArray(vao);
        textures.forEach(([name, tex], unit) => {
          gl.activeTexture(gl.TEXTURE0 + unit);
          gl.bindTexture(gl.TEXTURE_2D, tex.texture);
          gl.bindSampler(unit, null);
          gl.uniform1i(locations.get(name)!, unit);
          const info = locations.get(`${name}Info`)!;
          if (name === 'dstIdx' || name === 'srcIdx') {
            gl.uniform3i(info, tex.width, tex.offset, tex.split ? 1 : 0);
          } else {
            gl.uniform2i(info, tex.width, tex.offset);
          }
        });
        gl.uniform1i(locations.get('dstRows')!, args.dstRows);
        gl.uniform1i(
            locations.get('srcRows')!, variant.hasSrcIndex || variant.hasSrc ? args.srcRows : 1);
        gl.uniform1i(locations.get('rowSize')!, args.rowSize);
        gl.uniform2i(locations.get('outSize')!, outWidth, outHeight);
        // A point per one-texel row; else a quad per texture row an output
        // row can touch: ceil(rowSize / width) + 1, or exactly 1 when rows
        // never wrap.
        const quads = outWidth % args.rowSize === 0 ? 1 : Math.ceil(args.rowSize / outWidth) + 1;
        const vertices = variant.points ? 1 : 6 * quads;
        gl.uniform1i(locations.get('verticesPerInstance')!, vertices);
        const first = args.first ?? 0;
        const end = first + args.count;
        for (let base = first; base < end; base += MAX_INSTANCES_PER_DRAW) {
          gl.uniform1i(locations.get('instanceBase')!, base);
          gl.drawArrays(
              variant.points ? gl.POINTS : gl.TRIANGLES, 0,
              vertices * Math.min(MAX_INSTANCES_PER_DRAW, end - base));
        }
      } finally {
        gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, null, 0);
      }
    });
  } finally {
    for (const t of temps) {
      backend.disposeIntermediateTensorInfo(t);
    }
  }
}

/**
 * Runs `draw` and then restores every piece of GL state it may change:
 * framebuffers, viewport, scissor, capabilities, blend function and
 * equation, color mask, program, vertex array, and the texture and sampler
 * bindings of units 0 .. units-1 with the active unit.
 */
export function withSavedState(gl: WebGL2RenderingContext, units: number, draw: () => void): void {
  const drawFramebuffer = gl.getParameter(gl.DRAW_FRAMEBUFFER_BINDING);
  const readFramebuffer = gl.getParameter(gl.READ_FRAMEBUFFER_BINDING);
  const viewport = gl.getParameter(gl.VIEWPORT) as Int32Array;
  const scissorBox = gl.getParameter(gl.SCISSOR_BOX) as Int32Array;
  const capabilities = [
    gl.BLEND, gl.CULL_FACE, gl.DEPTH_TEST, gl.STENCIL_TEST, gl.RASTERIZER_DISCARD,
    gl.SAMPLE_ALPHA_TO_COVERAGE, gl.SAMPLE_COVERAGE, gl.POLYGON_OFFSET_FILL, gl.DITHER,
    gl.SCISSOR_TEST
  ];
  const enabled = capabilities.map(c => gl.isEnabled(c));
  const blendSrcRGB = gl.getParameter(gl.BLEND_SRC_RGB);
  const blendDstRGB = gl.getParameter(gl.BLEND_DST_RGB);
  const blendSrcAlpha = gl.getParameter(gl.BLEND_SRC_ALPHA);
  const blendDstAlpha = gl.getParameter(gl.BLEND_DST_ALPHA);
  const blendEquationRGB = gl.getParameter(gl.BLEND_EQUATION_RGB);
  const blendEquationAlpha = gl.getParameter(gl.BLEND_EQUATION_ALPHA);
  const colorMask = gl.getParameter(gl.COLOR_WRITEMASK) as boolean[];
  const program = gl.getParameter(gl.CURRENT_PROGRAM);
  const vertexArray = gl.getParameter(gl.VERTEX_ARRAY_BINDING);
  const activeTexture = gl.getParameter(gl.ACTIVE_TEXTURE);
  const bindings: Array<[WebGLTexture | null, WebGLSampler | null]> = [];
  for (let unit = 0; unit < units; unit++) {
    gl.activeTexture(gl.TEXTURE0 + unit);
    bindings.push([gl.getParameter(gl.TEXTURE_BINDING_2D), gl.getParameter(gl.SAMPLER_BINDING)]);
  }
  try {
    draw();
  } finally {
    bindings.forEach(([texture, sampler], unit) => {
      gl.activeTexture(gl.TEXTURE0 + unit);
      gl.bindTexture(gl.TEXTURE_2D, texture);
      gl.bindSampler(unit, sampler);
    });
    gl.activeTexture(activeTexture);
    gl.bindVertexArray(vertexArray);
    gl.useProgram(program);
    gl.colorMask(colorMask[0], colorMask[1], colorMask[2], colorMask[3]);
    gl.blendEquationSeparate(blendEquationRGB, blendEquationAlpha);
    gl.blendFuncSeparate(blendSrcRGB, blendDstRGB, blendSrcAlpha, blendDstAlpha);
    capabilities.forEach((c, k) => enabled[k] ? gl.enable(c) : gl.disable(c));
    gl.scissor(scissorBox[0], scissorBox[1], scissorBox[2], scissorBox[3]);
    gl.viewport(viewport[0], viewport[1], viewport[2], viewport[3]);
    gl.bindFramebuffer(gl.DRAW_FRAMEBUFFER, drawFramebuffer);
    gl.bindFramebuffer(gl.READ_FRAMEBUFFER, readFramebuffer);
  }
}
