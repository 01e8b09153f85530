/**
 * The public API on cpu: argument conversion, error classes, registration,
 * the examples in the doc comments, leaks and determinism of every op.
 */
import * as tf from '@tensorflow/tfjs';

import * as sg from '../../src/index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const ALL_KERNEL_NAMES = [
  'SparseSegmentSumGrad',
  'SparseSegmentMeanGrad',
  'SparseSegmentSqrtNGrad',
  'SparseSegmentSumGradV2',
  'SparseSegmentMeanGradV2',
  'SparseSegmentSqrtNGradV2',
  'SparseFillEmptyRowsGrad',
  'SparseSliceGrad',
  'SparseSegmentSqrtN',
  'SparseSegmentSumWithNumSegments',
  'SparseSegmentMeanWithNumSegments',
  'SparseSegmentSqrtNWithNumSegments',
  'SparseSlice',
];

describe('registration', () => {
  test('every kernel is registered for cpu under its TF name', () => {
    for (const name of ALL_KERNEL_NAMES) {
      expect(tf.getKernel(name, 'cpu')).toBeDefined();
    }
  });

  test('gradients exist for the forward sparse ops', () => {
    for (const name
             of ['SparseSegmentSum', 'SparseSegmentMean', 'SparseSegmentSqrtN',
                 'SparseSegmentSumWithNumSegments', 'SparseSegmentMeanWithNumSegments',
                 'SparseSegmentSqrtNWithNumSegments', 'SparseFillEmptyRows', 'SparseSlice']) {
      expect(tf.getGradient(name)).toBeDefined();
    }
  });

  test('registerAll() again is a no-op without warnings', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    sg.registerAll();
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  test('the validation flag defaults to true', () => {
    expect(tf.env().getBool(sg.VALIDATE_FLAG)).toBe(true);
  });
});

describe('argument conversion', () => {
  const grad = () => tf.ones([2, 3]);

  test('numbers and arrays are accepted', async () => {
    const out = sg.sparseSegmentSumGrad([[1, 2], [3, 4]], [1, 0], [0, 1], 2);
    expect(await out.array()).toEqual([[3, 4], [1, 2]]);
  });

  test('an int32 scalar tensor works as outputDim0', async () => {
    const out = sg.sparseSegmentSumGrad(grad(), [1], [0], tf.scalar(3, 'int32'));
    expect(out.shape).toEqual([3, 3]);
  });

  test('a non-integer outputDim0 is rejected', () => {
    expect(() => sg.sparseSegmentMeanGrad(grad(), [0], [0], 2.5))
        .toThrow(/outputDim0.*must hold int32 integers, but holds 2.5/);
    expect(() => sg.sparseSegmentMeanGrad(grad(), [0], [0], NaN))
        .toThrow(/must hold int32 integers/);
    expect(() => sg.sparseSegmentMeanGrad(grad(), [0], [0], 2 ** 31))
        .toThrow(/must hold int32 integers/);
  });

  test('non-integer index arrays are rejected, not truncated', () => {
    expect(() => sg.sparseSegmentMeanGrad(grad(), [0.5], [0], 2))
        .toThrow(/indices.*must hold int32 integers, but holds 0.5/);
    expect(() => sg.sparseSlice([[0, 1.5]], [1], [2, 2], [0, 0], [
      1, 1
    ])).toThrow(/must hold int32 integers/);
  });

  test('a float32 index tensor is rejected with its dtype', () => {
    expect(() => sg.sparseSegmentMeanGrad(grad(), tf.tensor1d([0]), [0], 2))
        .toThrow(
            `Argument 'indices' passed to 'sparseSegmentMeanGrad' must be int32 tensor, but got float32 tensor`);
  });

  test('an int32 grad tensor is rejected', () => {
    expect(() => sg.sparseSegmentSqrtNGrad(tf.ones([1, 1], 'int32'), [0], [0], 1))
        .toThrow(/must be float32 tensor, but got int32/);
  });
});

describe('errors', () => {
  test('kernel errors are InvalidArgumentError with code 3 and TF text', () => {
    let error: unknown;
    try {
      sg.sparseSegmentMeanGrad(tf.ones([3, 4]), [8, 3, 0, 10], [0, 1, 2, 2], 10);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(sg.InvalidArgumentError);
    const e = error as InstanceType<typeof sg.InvalidArgumentError>;
    expect(e.code).toBe(3);
    expect(e.op).toBe('SparseSegmentMeanGrad');
    expect(e.message).toBe('Index 10 out of range [0, 10). [Op:SparseSegmentMeanGrad]');
  });

  test('the slice-grad merge failure is an InternalError with code 13', () => {
    expect(() => sg.sparseSliceGrad([1], [[0, 0]], [0, 0], [[1, 1]])).toThrow(sg.InternalError);
  });

  test('no tensor leaks when an op throws', () => {
    const before = tf.memory().numTensors;
    expect(() => sg.sparseSegmentSumGrad([[1]], [5], [0], 2)).toThrow();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('doc comment examples', () => {
  const grad = () => tf.tensor2d([[1, 2], [3, 4]]);
  const close = async (t: tf.Tensor, expected: number[][]|number[]|number) => {
    const actual = await t.array();
    expect(JSON.stringify(actual, (_k, v) => typeof v === 'number' ? +v.toFixed(4) : v))
        .toBe(JSON.stringify(expected));
  };

  test('segment grads', async () => {
    await close(sg.sparseSegmentSumGrad(grad(), [2, 0, 2], [0, 1, 1], 3), [[3, 4], [0, 0], [4, 6]]);
    await close(
        sg.sparseSegmentMeanGrad(grad(), [2, 0, 2], [0, 1, 1], 3), [[1.5, 2], [0, 0], [2.5, 4]]);
    await close(
        sg.sparseSegmentSqrtNGrad(grad(), [2, 0, 2], [0, 1, 1], 3),
        [[2.1213, 2.8284], [0, 0], [3.1213, 4.8284]]);
    const sum = sg.sparseSegmentSumGradV2(grad(), [2, 0, 2], [0, 1, 1], 3);
    await close(sum.output, [[3, 4], [4, 6]]);
    await close(sum.sortedUniqueIndices, [0, 2]);
    await close(
        sg.sparseSegmentMeanGradV2(grad(), [2, 0, 2], [0, 1, 1], 3).output, [[1.5, 2], [2.5, 4]]);
    await close(
        sg.sparseSegmentSqrtNGradV2(grad(), [2, 0, 2], [0, 1, 1], 3).output,
        [[2.1213, 2.8284], [3.1213, 4.8284]]);
  });

  test('fill empty rows and slice grads', async () => {
    const {dValues, dDefaultValue} = sg.sparseFillEmptyRowsGrad([0, 1, 3], [10, 20, 30, 40, 50]);
    await close(dValues, [10, 20, 40]);
    await close(dDefaultValue, 80);
    await close(
        sg.sparseSliceGrad([7, 9], [[0, 0], [0, 2], [1, 1]], [0, 1], [[0, 1], [1, 0]]), [0, 7, 9]);
  });

  test('forward ops', async () => {
    const data = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    await close(sg.sparseSegmentSqrtN(data, [0, 1, 2], [0, 0, 1]), [[2.8284, 4.2426], [5, 6]]);
    await close(
        sg.sparseSegmentSumWithNumSegments(data, [0, 2], [0, 2], 4),
        [[1, 2], [0, 0], [5, 6], [0, 0]]);
    await close(
        sg.sparseSegmentMeanWithNumSegments(data, [0, 2], [1, 1], 3), [[0, 0], [3, 4], [0, 0]]);
    await close(
        sg.sparseSegmentSqrtNWithNumSegments(data, [0, 1], [0, 0], 2), [[2.8284, 4.2426], [0, 0]]);
    const s = sg.sparseSlice([[0, 0], [0, 2], [1, 1]], [1, 2, 3], [2, 3], [0, 1], [2, 2]);
    await close(s.outputIndices, [[0, 1], [1, 0]]);
    await close(s.outputValues, [2, 3]);
    await close(s.outputShape, [2, 2]);
  });
});

describe('every op: no leaks, deterministic', () => {
  const calls: Array<[string, () => tf.Tensor | tf.Tensor[] | tf.NamedTensorMap]> = [
    [
      'sparseSegmentSumGrad',
      () => sg.sparseSegmentSumGrad(tf.ones([2, 3]), [0, 1, 1], [0, 1, 1], 4)
    ],
    [
      'sparseSegmentMeanGrad',
      () => sg.sparseSegmentMeanGrad(tf.ones([2, 3]), [0, 1, 1], [0, 1, 1], 4)
    ],
    [
      'sparseSegmentSqrtNGrad',
      () => sg.sparseSegmentSqrtNGrad(tf.ones([2, 3]), [0, 1, 1], [0, 1, 1], 4)
    ],
    [
      'sparseSegmentSumGradV2',
      () => sg.sparseSegmentSumGradV2(tf.ones([2, 3]), [0, 1, 1], [0, 1, 1], 4) as unknown as
          tf.NamedTensorMap
    ],
    [
      'sparseSegmentMeanGradV2',
      () => sg.sparseSegmentMeanGradV2(tf.ones([2, 3]), [0, 1, 1], [0, 1, 1], 4) as unknown as
          tf.NamedTensorMap
    ],
    [
      'sparseSegmentSqrtNGradV2',
      () => sg.sparseSegmentSqrtNGradV2(tf.ones([2, 3]), [0, 1, 1], [0, 1, 1], 4) as unknown as
          tf.NamedTensorMap
    ],
    [
      'sparseFillEmptyRowsGrad',
      () => sg.sparseFillEmptyRowsGrad([0, 2], [1, 2, 3]) as unknown as tf.NamedTensorMap
    ],
    ['sparseSliceGrad', () => sg.sparseSliceGrad([1], [[0, 0], [1, 1]], [1, 1], [[0, 0]])],
    ['sparseSegmentSqrtN', () => sg.sparseSegmentSqrtN(tf.ones([3, 2]), [0, 2], [0, 1])],
    [
      'sparseSegmentSumWithNumSegments',
      () => sg.sparseSegmentSumWithNumSegments(tf.ones([3, 2]), [0, 2], [0, 1], 3)
    ],
    [
      'sparseSegmentMeanWithNumSegments',
      () => sg.sparseSegmentMeanWithNumSegments(tf.ones([3, 2]), [0, 2], [0, 1], 3)
    ],
    [
      'sparseSegmentSqrtNWithNumSegments',
      () => sg.sparseSegmentSqrtNWithNumSegments(tf.ones([3, 2]), [0, 2], [0, 1], 3)
    ],
    [
      'sparseSlice',
      () => sg.sparseSlice([[0, 0], [1, 1]], [1, 2], [2, 2], [0, 0], [1, 2]) as unknown as
          tf.NamedTensorMap
    ],
  ];

  test.each(calls)('%s', async (_name, call) => {
    const before = tf.memory().numTensors;
    const read = async () => {
      const out = tf.tidy(call);
      const tensors = out instanceof tf.Tensor ? [out] :
          Array.isArray(out)                   ? out :
                                                 Object.values(out);
      const values = await Promise.all(tensors.map(t => t.data()));
      tf.dispose(tensors);
      return values.map(v => Array.from(v));
    };
    const first = await read();
    for (let i = 0; i < 5; i++) {
      expect(await read()).toEqual(first);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
