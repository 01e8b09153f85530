/**
 * The scatter-add draw: instance i adds row `srcIdx[i]` of `src` (times
 * `scale[srcIdx[i]]`) to row `dstIdx[i]` of the output, whose texels it
 * covers with quads. Additive blending (ONE, ONE) into the float32 output
 * does the adds, in primitive order, i.e. in input order for every texel:
 * the same order, and with IEEE float32 adds the same bits, as the cpu
 * kernel's loop.
 *
 * The draw is a plain (not instanced) draw of `verticesPerInstance`
 * consecutive vertices per instance: SwiftShader runs each instance of an
 * instanced draw as a separate draw, which is far slower. A row of
 * `rowSize` texels starts at flat index dst * rowSize of the output
 * texture and may wrap over texture rows, so an instance draws one quad
 * (6 vertices) per texture row it can touch; unused quads collapse to a
 * point outside the viewport. Rows of one texel are drawn as points
 * (1 vertex). Pairs with an index out of range are dropped the same way,
 * so nothing is read or written out of bounds.
 *
 * Compile-time variants: HAS_SRC_INDEX (srcIdx checks and selects the
 * source row; without it, instance i reads source row i), HAS_SRC (the
 * value is read from `src`, else it is 1.0), HAS_SCALE, POINTS. Without
 * blending the same draw writes marks.
 */

import {FETCH_TEX} from './common.glsl';

export interface ScatterVariant {
  hasSrcIndex: boolean;
  hasSrc: boolean;
  hasScale: boolean;
  points: boolean;
}

function defines(v: ScatterVariant): string {
  return [
    v.hasSrcIndex ? '#define HAS_SRC_INDEX' : '',
    v.hasSrc ? '#define HAS_SRC' : '',
    v.hasScale ? '#define HAS_SCALE' : '',
    v.points ? '#define POINTS' : '',
  ].join('\n');
}

const PREFIX = `#version 300 es
    precision highp float;
    precision highp int;
    precision highp sampler2D;`;

export function scatterVertexShader(v: ScatterVariant): string {
  return `${PREFIX}
    ${defines(v)}
    uniform sampler2D dstIdx;
    uniform ivec3 dstIdxInfo;  // (width, offset, split int32s)
    #ifdef HAS_SRC_INDEX
    uniform sampler2D srcIdx;
    uniform ivec3 srcIdxInfo;
    #endif
    #ifdef HAS_SCALE
    uniform sampler2D scale;
    uniform ivec2 scaleInfo;
    #endif
    uniform int instanceBase;
    uniform int verticesPerInstance;
    uniform int dstRows;
    uniform int srcRows;
    uniform int rowSize;
    uniform ivec2 outSize;  // output texture (width, height)

    flat out int vDstStart;
    flat out int vSrcStart;
    flat out float vScale;
    ${FETCH_TEX}

    void main() {
      int instance = gl_VertexID / verticesPerInstance;
      int vertex = gl_VertexID - instance * verticesPerInstance;
      int i = instance + instanceBase;
      int dst = fetchIndexTex(dstIdx, dstIdxInfo, i);
      int src = 0;
      #if defined(HAS_SRC_INDEX)
      src = fetchIndexTex(srcIdx, srcIdxInfo, i);
      #elif defined(HAS_SRC)
      src = i;
      #endif
      int quad = vertex / 6;
      int corner = vertex - quad * 6;
      int start = dst * rowSize;
      int firstRow = start / outSize.x;
      int y = firstRow + quad;
      int x0 = quad == 0 ? start - firstRow * outSize.x : 0;
      int x1 = min(outSize.x, start + rowSize - y * outSize.x);
      bool ok = dst >= 0 && dst < dstRows && src >= 0 && src < srcRows;
      if (!ok || x1 <= x0) {
        gl_Position = vec4(-2.0, -2.0, 0.0, 1.0);
        #ifdef POINTS
        gl_PointSize = 1.0;
        #endif
        return;
      }
      #ifdef POINTS
      // One texel: a point of size 1 at its center.
      vec2 p = vec2(float(x0) + 0.5, float(y) + 0.5);
      gl_PointSize = 1.0;
      #else
      // Two counter-clockwise triangles: (x0,y) (x1,y) (x0,y+1) and
      // (x0,y+1) (x1,y) (x1,y+1). Edges lie on texel borders, so exactly
      // the texels of [x0, x1) x [y, y+1) are covered.
      bool right = corner == 1 || corner == 4 || corner == 5;
      bool top = corner == 2 || corner == 3 || corner == 5;
      vec2 p = vec2(float(right ? x1 : x0), float(top ? y + 1 : y));
      #endif
      gl_Position = vec4(p / vec2(outSize) * 2.0 - 1.0, 0.0, 1.0);
      vDstStart = start;
      vSrcStart = src * rowSize;
      vScale = 1.0;
      #ifdef HAS_SCALE
      vScale = fetchTex(scale, scaleInfo, src);
      #endif
    }`;
}

export function scatterFragmentShader(v: ScatterVariant): string {
  return `${PREFIX}
    ${defines(v)}
    #ifdef HAS_SRC
    uniform sampler2D src;
    uniform ivec2 srcInfo;
    #endif
    uniform ivec2 outSize;
    flat in int vDstStart;
    flat in int vSrcStart;
    flat in float vScale;
    out vec4 color;
    ${FETCH_TEX}

    void main() {
      float v = 1.0;
      #ifdef HAS_SRC
      ivec2 p = ivec2(gl_FragCoord.xy);
      int column = p.y * outSize.x + p.x - vDstStart;
      v = fetchTex(src, srcInfo, vSrcStart + column);
      #endif
      #ifdef HAS_SCALE
      v *= vScale;
      #endif
      color = vec4(v, 0.0, 0.0, 0.0);
    }`;
}
