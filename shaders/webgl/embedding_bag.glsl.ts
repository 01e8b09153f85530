/**
 * The programs of `EmbeddingBag` and `EmbeddingBagGrad` on webgl: one
 * fragment per output element, each spelling out the float32 operations of
 * kernels/shared/embedding_bag_impl.ts in the same order (so the results
 * are the cpu kernel's where the GPU rounds `/` and `sqrt` correctly and
 * does not fuse multiply-adds, as SwiftShader does).
 *
 * Inputs (names as in the webgpu programs, embedding_bag.wgsl.ts):
 * `table` `[V, D]`; `rows` `[N]`, the table row of each id (-1: padding or
 * in no bag), worked out and checked on the CPU; `offsets` `[B + 1]`;
 * `weights` `[N]`; `norms` `[N]`, each id's row norm (`maxNorm` only);
 * `den` `[B]`, each bag's weight (or squared-weight) sum ('mean',
 * 'sqrtn'); `dy`, `y` (the forward output), `argmax` `[B, D]`; `tg` `[N]`, each id's
 * `t . g` (the clip's gradient); `ydot` `[B]`, each bag's `y . dy`.
 */
import type {BagCombiner} from '../../src/validation/embedding_bag';

import type {ProgramSpec} from './program_spec';

/** The variant of a program: the combiner, weights, clipping. */
export interface BagVariant {
  combiner: BagCombiner;
  weighted: boolean;
  clipped: boolean;
}

const BAG_UNIFORMS = {
  numBags: 'int',
  rowSize: 'int',
  maxNorm: 'float'
} as const;
type BagUniforms = typeof BAG_UNIFORMS;

/** `bagOf(k)`: the bag whose ids hold position k (k in some bag). */
const BAG_OF = `
    int bagOf(int k) {
      int lo = 0;
      int hi = numBags;
      while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (fetchOffsetsInt(mid + 1) > k) {
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
    float value(int k, int row, int c) {
      float t = fetchTable(row * rowSize + c);
      ${clipped ? 'return (t * maxNorm) / max(fetchNorms(k), maxNorm);' : 'return t;'}
    }`;
}

/** The row norm of each id (0 for padding): the squares added in column order. */
export function bagNormsProgram(): ProgramSpec<{numIds: 'int', rowSize: 'int'}> {
  return {
    name: 'bagNorms',
    inputs: ['table', 'rows'],
    uniforms: {numIds: 'int', rowSize: 'int'},
    main: `
    void main() {
      int k = outputFlatIndex();
      int row = k < numIds ? fetchRowsInt(k) : -1;
      if (row < 0) {
        setOutput(0.0);
        return;
      }
      float l2 = 0.0;
      for (int c = 0; c < rowSize; c++) {
        float t = fetchTable(row * rowSize + c);
        l2 += t * t;
      }
      setOutput(sqrt(l2));
    }`,
  };
}

/** Each bag's denominator: its weight sum ('mean') or squared-weight sum ('sqrtn'). */
export function bagDenominatorProgram({combiner, weighted}: Omit<BagVariant, 'clipped'>):
    ProgramSpec<{numBags: 'int'}> {
  const w = weighted ? 'fetchWeights(k)' : '1.0';
  return {
    name: 'bagDenominator',
    inputs: ['rows', 'offsets', ...(weighted ? ['weights'] : [])],
    uniforms: {numBags: 'int'},
    main: `
    void main() {
      int b = outputFlatIndex();
      if (b >= numBags) {
        setOutput(0.0);
        return;
      }
      float total = 0.0;
      for (int k = fetchOffsetsInt(b); k < fetchOffsetsInt(b + 1); k++) {
        if (fetchRowsInt(k) < 0) continue;
        float w = ${w};
        total += ${combiner === 'sqrtn' ? 'w * w' : 'w'};
      }
      setOutput(total);
    }`,
  };
}

/** The inputs of the forward programs of a variant. */
function forwardInputs({combiner, weighted, clipped}: BagVariant): string[] {
  return [
    'table', 'rows', 'offsets', ...(weighted ? ['weights'] : []), ...(clipped ? ['norms'] : []),
    ...(combiner === 'mean' || combiner === 'sqrtn' ? ['den'] : [])
  ];
}

/**
 * The forward pass, one fragment per (bag, column); with `argmax` ('max'
 * only) the position of each maximum instead (-1 for an empty bag).
 */
export function bagForwardProgram(variant: BagVariant, argmax = false): ProgramSpec<BagUniforms> {
  const {combiner, weighted, clipped} = variant;
  const divisor = combiner === 'sqrtn' ? 'sqrt(fetchDen(b))' : 'fetchDen(b)';
  const body = combiner === 'max' ? `
      float best = 0.0;
      int at = -1;
      for (int k = start; k < end; k++) {
        int row = fetchRowsInt(k);
        if (row < 0) continue;
        float v = value(k, row, c);
        if (at < 0 || v > best) {
          best = v;
          at = k;
        }
      }
      setOutput(${argmax ? 'float(at)' : 'best'});` :
                                    `
      float acc = 0.0;
      for (int k = start; k < end; k++) {
        int row = fetchRowsInt(k);
        if (row < 0) continue;
        acc += ${weighted ? 'fetchWeights(k) * ' : ''}value(k, row, c);
      }
      ${combiner === 'sum' ? 'setOutput(acc);' : `
      float divisor = ${divisor};
      setOutput(divisor == 0.0 ? 0.0 : acc / divisor);`}`;
  return {
    name: argmax ? 'bagArgmax' : 'bagForward',
    inputs: forwardInputs(variant),
    uniforms: BAG_UNIFORMS,
    main: `
    ${valueOf(clipped)}
    void main() {
      int flatIndex = outputFlatIndex();
      int b = flatIndex / rowSize;
      int c = flatIndex - b * rowSize;
      if (b >= numBags) {
        setOutput(0.0);
        return;
      }
      int start = fetchOffsetsInt(b);
      int end = fetchOffsetsInt(b + 1);
      ${body}
    }`,
  };
}

/** The inputs of the gradient programs of a variant, before their own. */
function gradInputs({combiner, weighted}: BagVariant): string[] {
  return [
    'rows', 'offsets', 'dy', ...(weighted ? ['weights'] : []),
    ...(combiner === 'mean' || combiner === 'sqrtn' ? ['den'] : []),
    ...(combiner === 'max' ? ['argmax'] : [])
  ];
}

/** `grad(k, b, c)`: the gradient of column c of id k's (clipped) row. */
function gradOf({combiner, weighted}: BagVariant): string {
  const w = weighted ? 'fetchWeights(k)' : '1.0';
  const body = combiner === 'max' ? 'return fetchArgmaxInt(b * rowSize + c) == k ? g : 0.0;' :
      combiner === 'sum'          ? `return ${w} * g;` :
                                    `
      float divisor = ${combiner === 'sqrtn' ? 'sqrt(fetchDen(b))' : 'fetchDen(b)'         };
      return divisor == 0.0 ? 0.0 : (${w} * g) / divisor;`;
  return `
    float grad(int k, int b, int c) {
      float g = fetchDy(b * rowSize + c);
      ${body}
    }`;
}

/** Each id's `t . g` (for the gradient of the clip), in column order. */
export function bagClipDotProgram(variant: BagVariant):
    ProgramSpec<{numBags: 'int', rowSize: 'int', numIds: 'int'}> {
  return {
    name: 'bagClipDot',
    inputs: ['table', ...gradInputs(variant)],
    uniforms: {numBags: 'int', rowSize: 'int', numIds: 'int'},
    main: `
    ${BAG_OF}
    ${gradOf(variant)}
    void main() {
      int k = outputFlatIndex();
      int row = k < numIds ? fetchRowsInt(k) : -1;
      if (row < 0) {
        setOutput(0.0);
        return;
      }
      int b = bagOf(k);
      float tg = 0.0;
      for (int c = 0; c < rowSize; c++) {
        tg += fetchTable(row * rowSize + c) * grad(k, b, c);
      }
      setOutput(tg);
    }`,
  };
}

/** The gradient row of each id, one fragment per (id, column); zeros for padding. */
export function bagGradValuesProgram(variant: BagVariant):
    ProgramSpec<BagUniforms&{numIds: 'int'}> {
  const clip = variant.clipped ? `
      float n = fetchNorms(k);
      if (n > 0.0 && n >= maxNorm) {
        float s = maxNorm / n;
        float u = (s * fetchTg(k)) / (n * n);
        g = s * g - fetchTable(row * rowSize + c) * u;
      }` :
                                 '';
  return {
    name: 'bagGradValues',
    inputs: [
      ...(variant.clipped ? ['table'] : []), ...gradInputs(variant),
      ...(variant.clipped ? ['norms', 'tg'] : [])
    ],
    uniforms: {...BAG_UNIFORMS, numIds: 'int'},
    main: `
    ${BAG_OF}
    ${gradOf(variant)}
    void main() {
      int flatIndex = outputFlatIndex();
      int k = flatIndex / rowSize;
      int c = flatIndex - k * rowSize;
      int row = k < numIds ? fetchRowsInt(k) : -1;
      if (row < 0) {
        setOutput(0.0);
        return;
      }
      float g = grad(k, bagOf(k), c);
      ${clip}
      setOutput(g);
    }`,
  };
}

/** Each bag's `y . dy`, in column order (the weight gradient of 'mean' and 'sqrtn'). */
export function bagOutputDotProgram(): ProgramSpec<{numBags: 'int', rowSize: 'int'}> {
  return {
    name: 'bagOutputDot',
    inputs: ['y', 'dy'],
    uniforms: {numBags: 'int', rowSize: 'int'},
    main: `
    void main() {
      int b = outputFlatIndex();
      if (b >= numBags) {
        setOutput(0.0);
        return;
      }
      float ydy = 0.0;
      for (int c = 0; c < rowSize; c++) {
        ydy += fetchY(b * rowSize + c) * fetchDy(b * rowSize + c);
      }
      setOutput(ydy);
    }`,
  };
}

/** The weight gradient of each id (0 for padding); not for 'max'. */
export function bagWeightGradProgram(variant: BagVariant):
    ProgramSpec<BagUniforms&{numIds: 'int'}> {
  const {combiner, clipped} = variant;
  const formula = combiner === 'sum' ? 'vdy' :
      combiner === 'mean'            ? '(vdy - fetchYdot(b)) / d' :
                                       '(vdy / sqrt(d)) - (fetchYdot(b) * fetchWeights(k)) / d';
  return {
    name: 'bagWeightGrad',
    inputs: [
      'table', 'rows', 'offsets', 'dy', ...(combiner === 'sqrtn' ? ['weights'] : []),
      ...(clipped ? ['norms'] : []), ...(combiner === 'sum' ? [] : ['den', 'ydot'])
    ],
    uniforms: {...BAG_UNIFORMS, numIds: 'int'},
    main: `
    ${BAG_OF}
    ${valueOf(clipped)}
    void main() {
      int k = outputFlatIndex();
      int row = k < numIds ? fetchRowsInt(k) : -1;
      if (row < 0) {
        setOutput(0.0);
        return;
      }
      int b = bagOf(k);
      float vdy = 0.0;
      for (int c = 0; c < rowSize; c++) {
        vdy += value(k, row, c) * fetchDy(b * rowSize + c);
      }
      ${
        combiner === 'sum' ?
            '' :
            'float d = fetchDen(b);\n      if (d == 0.0) {\n        setOutput(0.0);\n        return;\n      }'}
      setOutput(${formula});
    }`,
  };
}
