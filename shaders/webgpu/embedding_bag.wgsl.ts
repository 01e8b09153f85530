/**
 * WGSL of `EmbeddingBag` and `EmbeddingBagGrad` on webgpu: one invocation
 * per output element, each spelling out the float32 operations of
 * kernels/shared/embedding_bag_impl.ts in the same order (the cpu kernel's
 * results where the GPU rounds `/` and `sqrt` correctly and does not fuse
 * multiply-adds, as SwiftShader does). The programs and their inputs are
 * those of the webgl backend (shaders/webgl/embedding_bag.glsl.ts), plus:
 *
 * - `bagRows`: the table row of each id from GPU-resident ids and offsets
 *   (-1 for padding, ids in no bag, and ids out of range);
 * - `bagValidity`: the guard's flag (lib/guard.ts) for GPU-resident ids and
 *   offsets: set when offsets do not start at 0, decrease or pass the end of
 *   ids, or an id is past its feature's rows.
 */
import type {BagCombiner} from '../../src/validation/embedding_bag';

import type {ProgramSpec} from './program_spec';

/** The variant of a program: the combiner, weights, clipping. */
export interface BagConstants extends Record<string, string|boolean> {
  combiner: BagCombiner;
  weighted: boolean;
  clipped: boolean;
}

const WORKGROUP = 64;
/** The uniforms a program may read; each declares those it reads. */
const BAG_UNIFORMS = {
  numBags: 'i32',
  numIds: 'i32',
  rowSize: 'i32',
  maxNorm: 'f32'
} as const;
type BagUniforms = typeof BAG_UNIFORMS;

/** `BAG_UNIFORMS` restricted to `names`. */
function bagUniforms<K extends keyof BagUniforms>(...names: K[]): Pick<BagUniforms, K> {
  return Object.fromEntries(names.map(name => [name, BAG_UNIFORMS[name]])) as Pick<BagUniforms, K>;
}
const INDEX_UNIFORMS = {
  numBags: 'i32',
  numIds: 'i32',
  numFeatures: 'i32',
  paddingIdx: 'i32'
} as const;
type IndexUniforms = typeof INDEX_UNIFORMS;

/** `bagOf(k)`: the bag whose ids hold position k (k in some bag, offsets sorted). */
const BAG_OF = `
  fn bagOf(k : i32) -> i32 {
    var lo = 0;
    var hi = uniforms.numBags;
    while (lo < hi) {
      let mid = (lo + hi) >> 1u;
      if (offsets[mid + 1] > k) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }`;

/** `value(k, row, c)`: element c of id k's row, clipped to maxNorm when `clipped`. */
function valueOf(clipped: boolean): string {
  return `
  fn value(k : i32, row : i32, c : i32) -> f32 {
    let t = table[row * uniforms.rowSize + c];
    ${clipped ? 'return (t * uniforms.maxNorm) / max(norms[k], uniforms.maxNorm);' : 'return t;'}
  }`;
}

/**
 * The table row of id k, or -1: padding (negative, or `paddingIdx`), in no
 * bag, or out of its feature's range (which `bagValidity` flags).
 */
const ROW_OF = `
  fn rowOf(k : i32) -> i32 {
    let end = offsets[uniforms.numBags];
    if (k >= end || end > uniforms.numIds) {
      return -1;
    }
    let f = bagOf(k) % uniforms.numFeatures;
    let id = ids[k];
    if (id < 0 || id == uniforms.paddingIdx || id >= features[2 * f + 1]) {
      return -1;
    }
    return features[2 * f] + id;
  }`;

/** The table row of each id, from GPU-resident ids and offsets. */
export function bagRowsProgram(): ProgramSpec<Record<string, never>, IndexUniforms> {
  return {
    name: 'bagRows',
    constants: {},
    source: () => `
  ${BAG_OF}
  ${ROW_OF}
  fn main(index : i32) {
    if (index < uniforms.numIds) {
      result[index] = rowOf(index);
    }
  }`,
    inputs: ['ids', 'offsets', 'features'],
    workgroupSize: WORKGROUP,
    uniforms: INDEX_UNIFORMS,
  };
}

/**
 * The guard's flag (atomic int32 `[1]`, zeroed first) of GPU-resident ids
 * and offsets: one invocation per offset and per id.
 */
export function bagValidityProgram(): ProgramSpec<Record<string, never>, IndexUniforms> {
  return {
    name: 'bagValidity',
    constants: {},
    source: () => `
  ${BAG_OF}
  fn main(index : i32) {
    let nb = uniforms.numBags;
    var bad = false;
    if (index <= nb) {
      let o = offsets[index];
      bad = (index == 0 && o != 0) || (index > 0 && o < offsets[index - 1]) ||
          (index == nb && o > uniforms.numIds);
    }
    let end = offsets[nb];
    if (index < uniforms.numIds && index < end && end <= uniforms.numIds) {
      let f = bagOf(index) % uniforms.numFeatures;
      let id = ids[index];
      if (id >= 0 && id != uniforms.paddingIdx && id >= features[2 * f + 1]) {
        bad = true;
      }
    }
    if (bad) {
      atomicOr(&result[0], 1);
    }
  }`,
    inputs: ['ids', 'offsets', 'features'],
    workgroupSize: WORKGROUP,
    atomic: true,
    uniforms: INDEX_UNIFORMS,
  };
}

/** The row norm of each id (0 for padding): the squares added in column order. */
export function bagNormsProgram():
    ProgramSpec<Record<string, never>, Pick<BagUniforms, 'numIds'|'rowSize'>> {
  return {
    name: 'bagNorms',
    constants: {},
    source: () => `
  fn main(k : i32) {
    if (k >= uniforms.numIds) {
      return;
    }
    let row = rows[k];
    var l2 = 0.0;
    if (row >= 0) {
      for (var c = 0; c < uniforms.rowSize; c++) {
        let t = table[row * uniforms.rowSize + c];
        l2 = l2 + t * t;
      }
    }
    result[k] = sqrt(l2);
  }`,
    inputs: ['table', 'rows'],
    workgroupSize: WORKGROUP,
    uniforms: bagUniforms('numIds', 'rowSize'),
  };
}

/** Each bag's denominator: its weight sum ('mean') or squared-weight sum ('sqrtn'). */
export function bagDenominatorProgram(constants: BagConstants):
    ProgramSpec<BagConstants, Pick<BagUniforms, 'numBags'>> {
  return {
    name: 'bagDenominator',
    constants,
    source: ({combiner, weighted}) => `
  fn main(b : i32) {
    if (b >= uniforms.numBags) {
      return;
    }
    var total = 0.0;
    for (var k = offsets[b]; k < offsets[b + 1]; k++) {
      if (rows[k] < 0) {
        continue;
      }
      let w = ${weighted ? 'weights[k]' : '1.0'};
      total = total + ${combiner === 'sqrtn' ? 'w * w' : 'w'};
    }
    result[b] = total;
  }`,
    inputs: ['rows', 'offsets', ...(constants.weighted ? ['weights'] : [])],
    workgroupSize: WORKGROUP,
    uniforms: bagUniforms('numBags'),
  };
}

/** The inputs of the forward programs of a variant. */
export function bagForwardInputs({combiner, weighted, clipped}: BagConstants): string[] {
  return [
    'table', 'rows', 'offsets', ...(weighted ? ['weights'] : []), ...(clipped ? ['norms'] : []),
    ...(combiner === 'mean' || combiner === 'sqrtn' ? ['den'] : [])
  ];
}

/** The constants of the forward program: with `argmax`, the positions of the maxima. */
export interface BagForwardConstants extends BagConstants {
  argmax: boolean;
}

/** The forward pass, one invocation per (bag, column). */
export function bagForwardProgram(constants: BagForwardConstants):
    ProgramSpec<BagForwardConstants, Pick<BagUniforms, 'numBags'|'rowSize'|'maxNorm'>> {
  return {
    name: 'bagForward',
    constants,
    source: ({combiner, weighted, clipped, argmax}) => {
      const divisor = combiner === 'sqrtn' ? 'sqrt(den[b])' : 'den[b]';
      const body = combiner === 'max' ? `
    var best = 0.0;
    var at = -1;
    for (var k = start; k < end; k++) {
      let row = rows[k];
      if (row < 0) {
        continue;
      }
      let v = value(k, row, c);
      if (at < 0 || v > best) {
        best = v;
        at = k;
      }
    }
    result[index] = ${argmax ? 'at' : 'best'};` :
                                        `
    var acc = 0.0;
    for (var k = start; k < end; k++) {
      let row = rows[k];
      if (row < 0) {
        continue;
      }
      acc = acc + ${weighted ? 'weights[k] * ' : ''}value(k, row, c);
    }
    ${combiner === 'sum' ? 'result[index] = acc;' : `
    let divisor = ${divisor};
    result[index] = select(acc / divisor, 0.0, divisor == 0.0);`}`;
      return `
  ${valueOf(clipped)}
  fn main(index : i32) {
    let b = index / uniforms.rowSize;
    let c = index - b * uniforms.rowSize;
    if (b >= uniforms.numBags) {
      return;
    }
    let start = offsets[b];
    let end = offsets[b + 1];
    ${body}
  }`;
    },
    inputs: bagForwardInputs(constants),
    workgroupSize: WORKGROUP,
    uniforms: bagUniforms('numBags', 'rowSize', 'maxNorm'),
  };
}

/** The inputs of the gradient programs of a variant, before their own. */
export function bagGradInputs({combiner, weighted}: BagConstants): string[] {
  return [
    'rows', 'offsets', 'dy', ...(weighted ? ['weights'] : []),
    ...(combiner === 'mean' || combiner === 'sqrtn' ? ['den'] : []),
    ...(combiner === 'max' ? ['argmax'] : [])
  ];
}

/** `grad(k, b, c)`: the gradient of column c of id k's (clipped) row. */
function gradOf({combiner, weighted}: BagConstants): string {
  const w = weighted ? 'weights[k]' : '1.0';
  const body = combiner === 'max' ?
      'return select(0.0, g, argmax[b * uniforms.rowSize + c] == k);' :
      combiner === 'sum' ? `return ${w} * g;` :
                           `
    let divisor = ${combiner === 'sqrtn' ? 'sqrt(den[b])' : 'den[b]'};
    return select((${w} * g) / divisor, 0.0, divisor == 0.0);`;
  return `
  fn grad(k : i32, b : i32, c : i32) -> f32 {
    let g = dy[b * uniforms.rowSize + c];
    ${body}
  }`;
}

/**
 * Each id's row norm and `t . g` (for the gradient of the clip, `t . g` in
 * column order), as pairs `[2N]`: one buffer, as a program binds at most 8
 * storage buffers by default.
 */
export function bagClipDotProgram(constants: BagConstants):
    ProgramSpec<BagConstants, Pick<BagUniforms, 'numBags'|'numIds'|'rowSize'>> {
  return {
    name: 'bagClipDot',
    constants,
    source: variant => `
  ${BAG_OF}
  ${gradOf(variant)}
  fn main(k : i32) {
    if (k >= uniforms.numIds) {
      return;
    }
    let row = rows[k];
    var tg = 0.0;
    if (row >= 0) {
      let b = bagOf(k);
      for (var c = 0; c < uniforms.rowSize; c++) {
        tg = tg + table[row * uniforms.rowSize + c] * grad(k, b, c);
      }
    }
    result[2 * k] = norms[k];
    result[2 * k + 1] = tg;
  }`,
    inputs: ['table', ...bagGradInputs(constants), 'norms'],
    workgroupSize: WORKGROUP,
    uniforms: bagUniforms('numBags', 'numIds', 'rowSize'),
  };
}

/** The gradient row of each id, one invocation per (id, column); zeros for padding. */
export function bagGradValuesProgram(constants: BagConstants):
    ProgramSpec<BagConstants, BagUniforms> {
  return {
    name: 'bagGradValues',
    constants,
    source: variant => `
  ${BAG_OF}
  ${gradOf(variant)}
  fn main(index : i32) {
    let k = index / uniforms.rowSize;
    let c = index - k * uniforms.rowSize;
    if (k >= uniforms.numIds) {
      return;
    }
    let row = rows[k];
    if (row < 0) {
      result[index] = 0.0;
      return;
    }
    var g = grad(k, bagOf(k), c);
    ${
        variant.clipped ? `
    let n = clip[2 * k];
    if (n > 0.0 && n >= uniforms.maxNorm) {
      let s = uniforms.maxNorm / n;
      let u = (s * clip[2 * k + 1]) / (n * n);
      g = s * g - table[row * uniforms.rowSize + c] * u;
    }` :
                          ''}
    result[index] = g;
  }`,
    inputs: [...bagGradInputs(constants), ...(constants.clipped ? ['table', 'clip'] : [])],
    workgroupSize: WORKGROUP,
    uniforms: bagUniforms('numBags', 'numIds', 'rowSize', 'maxNorm'),
  };
}

/**
 * Each bag's denominator and `y . dy` (in column order), as pairs `[2B]`:
 * the weight gradient of 'mean' and 'sqrtn' reads both from one buffer.
 */
export function bagOutputDotProgram():
    ProgramSpec<Record<string, never>, Pick<BagUniforms, 'numBags'|'rowSize'>> {
  return {
    name: 'bagOutputDot',
    constants: {},
    source: () => `
  fn main(b : i32) {
    if (b >= uniforms.numBags) {
      return;
    }
    var ydy = 0.0;
    for (var c = 0; c < uniforms.rowSize; c++) {
      ydy = ydy + y[b * uniforms.rowSize + c] * dy[b * uniforms.rowSize + c];
    }
    result[2 * b] = den[b];
    result[2 * b + 1] = ydy;
  }`,
    inputs: ['y', 'dy', 'den'],
    workgroupSize: WORKGROUP,
    uniforms: bagUniforms('numBags', 'rowSize'),
  };
}

/** The inputs of the weight-gradient program of a variant. */
export function bagWeightGradInputs({combiner, clipped}: BagConstants): string[] {
  return [
    'table', 'rows', 'offsets', 'dy', ...(combiner === 'sqrtn' ? ['weights'] : []),
    ...(clipped ? ['norms'] : []), ...(combiner === 'sum' ? [] : ['denDot'])
  ];
}

/** The weight gradient of each id (0 for padding); not for 'max'. */
export function bagWeightGradProgram(constants: BagConstants):
    ProgramSpec<BagConstants, BagUniforms> {
  return {
    name: 'bagWeightGrad',
    constants,
    source: ({combiner, clipped}) => {
      const formula = combiner === 'sum' ?
          'vdy' :
          combiner === 'mean' ?
          '(vdy - denDot[2 * b + 1]) / denDot[2 * b]' :
          '(vdy / sqrt(denDot[2 * b])) - (denDot[2 * b + 1] * weights[k]) / denDot[2 * b]';
      return `
  ${BAG_OF}
  ${valueOf(clipped)}
  fn main(k : i32) {
    if (k >= uniforms.numIds) {
      return;
    }
    let row = rows[k];
    if (row < 0) {
      result[k] = 0.0;
      return;
    }
    let b = bagOf(k);
    var vdy = 0.0;
    for (var c = 0; c < uniforms.rowSize; c++) {
      vdy = vdy + value(k, row, c) * dy[b * uniforms.rowSize + c];
    }
    ${combiner === 'sum' ? '' : `if (denDot[2 * b] == 0.0) {
      result[k] = 0.0;
      return;
    }`}
    result[k] = ${formula};
  }`;
    },
    inputs: bagWeightGradInputs(constants),
    workgroupSize: WORKGROUP,
    uniforms: bagUniforms('numBags', 'numIds', 'rowSize', 'maxNorm'),
  };
}
