/**
 * What int32 *values* can be on the webgl backend.
 *
 * tfjs-backend-webgl keeps every int32 tensor in float32 texels: an int32
 * value is rounded to float32 when tfjs uploads it and when a kernel
 * stores it, and converted back (wrapping like an Int32Array) when read.
 * So int32 values are exact only up to 2^24 in magnitude, for every webgl
 * op, this package's included, except where this package's kernels copy
 * int32 values that the CPU holds exactly on the host instead
 * (SparseFillEmptyRowsGrad, SparseSliceGrad). A few cases of the shared table use int32
 * data up to 2^31 to test TensorFlow's wrapping sums; on webgl they are
 * checked against that model instead: the reference run on the values
 * tfjs can hold, with the result stored the way tfjs stores it. The
 * kernels do their adds in exact wrapping int32 arithmetic on those values.
 */
import type {KernelCase, TensorSpec} from '../harness/types';
import {refFillEmptyRowsGrad, refSegmentReduction, refUnsortedSegmentSum} from '../reference/reference';

const EXACT_LIMIT = 2 ** 24;

/** Inputs that carry int32 values (not indices) in some kernel. */
const VALUE_INPUTS = ['data', 'gradValues', 'values', 'backpropValGrad', 'x'];

/** An int32 the way tfjs-webgl holds it: rounded to float32, read back wrapped. */
function asWebglInt32(v: number): number {
  return Math.fround(v) | 0;
}

function isWide(spec: TensorSpec|undefined): boolean {
  if (spec == null || spec.dtype !== 'int32') return false;
  for (let i = 0; i < spec.values.length; i++) {
    if (Math.abs(spec.values[i]) > EXACT_LIMIT) return true;
  }
  return false;
}

/**
 * The kernels that copy int32 values the CPU holds exactly on the host
 * instead when some reach 2^24 (with validation on, which reads the index
 * inputs back): then their results are exact.
 */
const EXACT_ON_HOST = new Set(['SparseFillEmptyRowsGrad', 'SparseSliceGrad']);

/**
 * The kernels that read their ids back and work out each row on the host,
 * exactly, whatever the validation flag (the embedding bag, the sum of
 * duplicate slices), with the input that holds the ids: with ids the CPU
 * holds their results are exact; ids of 2^24 or more that exist only in a
 * float texture raise.
 */
const HOST_ID_KERNELS: Record<string, string> = {
  EmbeddingBag: 'ids',
  EmbeddingBagGrad: 'ids',
  SparseGradSumDuplicates: 'indices',
};

/** The error of ids of 2^24 or more that exist only in a float texture. */
export function floatTextureIdsError(input: string): string {
  return `'${input}' holds values of 2^24 or more, and exists only in a float32 texture`;
}

/**
 * True when a case has int32 values or results that float32 cannot hold,
 * unless (`run` given) its kernel computes them exactly in that run.
 */
export function needsInt32Model(
    c: KernelCase, run?: {valuesOnHost: boolean, validate: boolean}): boolean {
  const {inputs, expected} = c.build();
  const ids = HOST_ID_KERNELS[c.kernel];
  if (ids != null) {
    return run != null && !run.valuesOnHost && isWide(inputs[ids]);
  }
  if (run != null && run.valuesOnHost && run.validate && EXACT_ON_HOST.has(c.kernel)) {
    return false;
  }
  return VALUE_INPUTS.some(name => isWide(inputs[name])) ||
      ('outputs' in expected && expected.outputs.some(isWide));
}

function rounded(spec: TensorSpec): TensorSpec {
  return {...spec, values: Array.from(spec.values, asWebglInt32)};
}

/** The case with webgl-representable inputs and the matching expectation. */
export function webglInt32Case(c: KernelCase): KernelCase {
  return {
    ...c,
    build: () => {
      // A copy: build() may return the same object every time.
      const built = c.build();
      const inputs = {...built.inputs};
      const attrs = built.attrs;
      let outputs: TensorSpec[];
      switch (c.kernel) {
        case 'SparseSegmentSum':
        case 'SparseSegmentSumWithNumSegments': {
          const data = rounded(inputs.data);
          inputs.data = data;
          outputs = [refSegmentReduction(
              'sum', data, inputs.indices.values, inputs.segmentIds.values,
              inputs.numSegments?.values[0] ?? null)];
          break;
        }
        case 'UnsortedSegmentSum': {
          const x = rounded(inputs.x);
          inputs.x = x;
          outputs = [refUnsortedSegmentSum(
              x, inputs.segmentIds.values, inputs.segmentIds.shape.length,
              attrs!.numSegments as number)];
          break;
        }
        case 'SparseFillEmptyRowsGrad': {
          const gradValues = rounded(inputs.gradValues);
          inputs.gradValues = gradValues;
          outputs = refFillEmptyRowsGrad(inputs.reverseIndexMap.values, gradValues);
          break;
        }
        case 'EmbeddingBag':
        case 'EmbeddingBagGrad':
        case 'SparseGradSumDuplicates':
          return {
            inputs,
            attrs,
            expected: {error: floatTextureIdsError(HOST_ID_KERNELS[c.kernel])}
          };
        default:
          throw new Error(`no webgl int32 model for ${c.kernel}`);
      }
      return {
        inputs,
        attrs,
        expected: {outputs: outputs.map(o => o.dtype === 'int32' ? rounded(o) : o)}
      };
    }
  };
}
