/**
 * Async twins of the public ops, for index tensors that live on the GPU.
 *
 * On webgpu (in Chromium), a synchronous readback of GPU data breaks the
 * device, so a kernel whose int32 index inputs are only on the GPU cannot
 * read them: it cannot validate them (it skips out-of-range entries instead)
 * and cannot size an output that depends on them (V2's unique count, a
 * slice). Each op below first reads its int32 index inputs back
 * asynchronously (never the float data), then runs the synchronous op on
 * CPU-held copies of them, so it validates and raises TensorFlow's errors on
 * every backend, exactly like the cpu kernels. On cpu and webgl it gives the
 * same results as the synchronous op.
 */
import {tensor} from '@tensorflow/tfjs-core';
import type {Tensor} from '@tensorflow/tfjs-core';
import type {TensorLike} from '@tensorflow/tfjs-core';

import {isTensor} from './op_util';
import {sparseFillEmptyRowsGrad, SparseFillEmptyRowsGradResult} from './sparse_fill_empty_rows_grad';
import {sparseSegmentMeanGrad, sparseSegmentSqrtNGrad, sparseSegmentSumGrad} from './sparse_segment_grad';
import {sparseSegmentMeanGradV2, sparseSegmentSqrtNGradV2, sparseSegmentSumGradV2, SparseSegmentGradV2Result} from './sparse_segment_grad_v2';
import {sparseSegmentSqrtN} from './sparse_segment_sqrt_n';
import {sparseSegmentMeanWithNumSegments, sparseSegmentSqrtNWithNumSegments, sparseSegmentSumWithNumSegments} from './sparse_segment_with_num_segments';
import {sparseSlice, SparseSliceResult} from './sparse_slice';
import {sparseSliceGrad} from './sparse_slice_grad';

type IndexArg = Tensor|TensorLike|number;

/** An error of an async op whose argument is disposed: names the argument. */
function disposedError(op: string, name: string, when: string): Error {
  return new Error(`${op}: the tensor passed as '${name}' is disposed${when}`);
}

interface Settled<T> {
  value: T|null;
  failed: boolean;
  reason?: unknown;
}

/** What `Promise.allSettled` gives for one promise (the build targets ES2019). */
async function settle<T>(run: () => Promise<T>): Promise<Settled<T>> {
  try {
    return {value: await run(), failed: false};
  } catch (reason) {
    return {value: null, failed: true, reason};
  }
}

/**
 * Runs `run` with each tensor of `indexArgs` replaced by a copy made from its
 * values read back asynchronously (so held on the CPU), then disposes the
 * copies. Non-tensor arguments pass through. `others` are the op's other
 * tensor arguments (float data), read by `run` itself: they must still be
 * alive when the reads are done. A disposed argument (before the call or
 * while it awaits) rejects with an error that names it, and no copy is left
 * behind.
 */
async function withIndicesOnHost<A extends IndexArg[], R>(
    op: string, indexArgs: {[name: string]: IndexArg}, others: {[name: string]: unknown},
    run: (...hostArgs: A) => R): Promise<R> {
  const names = Object.keys(indexArgs);
  const args = Object.values(indexArgs);
  const checkAlive = (entries: Array<[string, unknown]>, when: string) => {
    for (const [name, arg] of entries) {
      if (isTensor(arg) && arg.isDisposed) throw disposedError(op, name, when);
    }
  };
  checkAlive([...Object.entries(indexArgs), ...Object.entries(others)], '');
  // Every read settles before anything is thrown, so that no copy made by a
  // read that succeeded is left behind.
  const reads = await Promise.all(args.map(
      arg => settle(
          async () => isTensor(arg) ? tensor(await arg.data(), arg.shape, arg.dtype) : arg)));
  const copies = reads.map(r => r.value);
  const disposeCopies = () => {
    for (const copy of copies) {
      if (isTensor(copy)) copy.dispose();
    }
  };
  try {
    const failed = reads.findIndex(r => r.failed);
    if (failed >= 0) {
      const arg = args[failed];
      if (isTensor(arg) && arg.isDisposed) {
        throw disposedError(op, names[failed], ' (it was disposed while the call read it)');
      }
      throw reads[failed].reason;
    }
    checkAlive(Object.entries(others), ' (it was disposed while the call read its indices)');
    return run(...copies as A);
  } finally {
    disposeCopies();
  }
}

/**
 * {@link sparseSegmentSumGrad}, after reading `indices`, `segmentIds` and
 * `outputDim0` back asynchronously, so that their values are validated on
 * every backend (also when they live on the GPU).
 *
 * ```js
 * const grad = tf.tensor2d([[1, 2], [3, 4]]);
 * const indices = tf.tensor1d([2, 0, 2], 'int32');
 * const out = await tfSparseGrad.sparseSegmentSumGradAsync(
 *     grad, indices, [0, 1, 1], 3);
 * out.print();  // [[3, 4], [0, 0], [4, 6]]
 * ```
 *
 * @param grad float32 `[numSegments, ...]`.
 * @param indices 1-D int32, each in `[0, outputDim0)`.
 * @param segmentIds 1-D int32, as long as `indices`, each in
 *     `[0, grad.shape[0])`.
 * @param outputDim0 A non-negative integer or int32 scalar.
 * @returns A promise of float32 `[outputDim0, ...grad.shape[1:]]`.
 * @throws (rejects with) InvalidArgumentError with TensorFlow's message,
 *     e.g. `Index 10 out of range [0, 10).`
 */
export function sparseSegmentSumGradAsync(
    grad: Tensor|TensorLike, indices: Tensor|TensorLike, segmentIds: Tensor|TensorLike,
    outputDim0: number|Tensor): Promise<Tensor> {
  return withIndicesOnHost(
      'sparseSegmentSumGradAsync', {indices, segmentIds, outputDim0}, {grad},
      (i, s, d) => sparseSegmentSumGrad(grad, i, s, d as number | Tensor));
}

/**
 * {@link sparseSegmentMeanGrad}, after reading `indices`, `segmentIds` and
 * `outputDim0` back asynchronously, so that their values are validated on
 * every backend (also when they live on the GPU).
 *
 * ```js
 * const grad = tf.tensor2d([[1, 2], [3, 4]]);
 * const out = await tfSparseGrad.sparseSegmentMeanGradAsync(
 *     grad, [2, 0, 2], [0, 1, 1], 3);
 * out.print();  // [[1.5, 2], [0, 0], [2.5, 4]]
 * ```
 *
 * @param grad float32 `[numSegments, ...]`.
 * @param indices 1-D int32, each in `[0, outputDim0)`.
 * @param segmentIds 1-D int32, as long as `indices`, each in
 *     `[0, grad.shape[0])`.
 * @param outputDim0 A non-negative integer or int32 scalar.
 * @returns A promise of float32 `[outputDim0, ...grad.shape[1:]]`.
 * @throws (rejects with) InvalidArgumentError with TensorFlow's message,
 *     e.g. `Segment id 4 out of range [0, 3).`
 */
export function sparseSegmentMeanGradAsync(
    grad: Tensor|TensorLike, indices: Tensor|TensorLike, segmentIds: Tensor|TensorLike,
    outputDim0: number|Tensor): Promise<Tensor> {
  return withIndicesOnHost(
      'sparseSegmentMeanGradAsync', {indices, segmentIds, outputDim0}, {grad},
      (i, s, d) => sparseSegmentMeanGrad(grad, i, s, d as number | Tensor));
}

/**
 * {@link sparseSegmentSqrtNGrad}, after reading `indices`, `segmentIds` and
 * `outputDim0` back asynchronously, so that their values are validated on
 * every backend (also when they live on the GPU).
 *
 * ```js
 * const grad = tf.tensor2d([[1, 2], [3, 4]]);
 * const out = await tfSparseGrad.sparseSegmentSqrtNGradAsync(
 *     grad, [2, 0, 2], [0, 1, 1], 3);
 * out.print();  // [[2.1213, 2.8284], [0, 0], [3.1213, 4.8284]]
 * ```
 *
 * @param grad float32 `[numSegments, ...]`.
 * @param indices 1-D int32, each in `[0, outputDim0)`.
 * @param segmentIds 1-D int32, as long as `indices`, each in
 *     `[0, grad.shape[0])`.
 * @param outputDim0 A non-negative integer or int32 scalar.
 * @returns A promise of float32 `[outputDim0, ...grad.shape[1:]]`.
 * @throws (rejects with) InvalidArgumentError with TensorFlow's message.
 */
export function sparseSegmentSqrtNGradAsync(
    grad: Tensor|TensorLike, indices: Tensor|TensorLike, segmentIds: Tensor|TensorLike,
    outputDim0: number|Tensor): Promise<Tensor> {
  return withIndicesOnHost(
      'sparseSegmentSqrtNGradAsync', {indices, segmentIds, outputDim0}, {grad},
      (i, s, d) => sparseSegmentSqrtNGrad(grad, i, s, d as number | Tensor));
}

/**
 * {@link sparseSegmentSumGradV2}, after reading `indices`, `segmentIds` and
 * `denseOutputDim0` back asynchronously. The number of output rows is the
 * number of distinct indices, so on webgpu the synchronous op needs the
 * indices on the CPU; this one works wherever they are.
 *
 * ```js
 * const grad = tf.tensor2d([[1, 2], [3, 4]]);
 * const {output, sortedUniqueIndices} =
 *     await tfSparseGrad.sparseSegmentSumGradV2Async(grad, [2, 0, 2], [0, 1, 1], 3);
 * output.print();               // [[3, 4], [4, 6]]
 * sortedUniqueIndices.print();  // [0, 2]
 * ```
 *
 * @param grad float32, rank >= 1.
 * @param indices 1-D int32, each in `[0, denseOutputDim0)`.
 * @param segmentIds 1-D int32, as long as `indices`, each in
 *     `[0, grad.shape[0])`.
 * @param denseOutputDim0 A non-negative integer or int32 scalar.
 * @returns A promise of `{output: [numUnique, ...grad.shape[1:]],
 *     sortedUniqueIndices: [numUnique]}`.
 * @throws (rejects with) InvalidArgumentError with TensorFlow's message.
 */
export function sparseSegmentSumGradV2Async(
    grad: Tensor|TensorLike, indices: Tensor|TensorLike, segmentIds: Tensor|TensorLike,
    denseOutputDim0: number|Tensor): Promise<SparseSegmentGradV2Result> {
  return withIndicesOnHost(
      'sparseSegmentSumGradV2Async', {indices, segmentIds, denseOutputDim0}, {grad},
      (i, s, d) => sparseSegmentSumGradV2(grad, i, s, d as number | Tensor));
}

/**
 * {@link sparseSegmentMeanGradV2}, after reading `indices`, `segmentIds`
 * and `denseOutputDim0` back asynchronously. The number of output rows is
 * the number of distinct indices, so on webgpu the synchronous op needs the
 * indices on the CPU; this one works wherever they are.
 *
 * ```js
 * const grad = tf.tensor2d([[1, 2], [3, 4]]);
 * // An op's output: on the GPU when the backend is webgpu.
 * const indices = tf.add(tf.tensor1d([2, 0, 2], 'int32'), tf.scalar(0, 'int32'));
 * const {output, sortedUniqueIndices} =
 *     await tfSparseGrad.sparseSegmentMeanGradV2Async(grad, indices, [0, 1, 1], 3);
 * output.print();               // [[1.5, 2], [2.5, 4]]
 * sortedUniqueIndices.print();  // [0, 2]
 * ```
 *
 * @param grad float32, rank >= 1.
 * @param indices 1-D int32, each in `[0, denseOutputDim0)`.
 * @param segmentIds 1-D int32, as long as `indices`, each in
 *     `[0, grad.shape[0])`.
 * @param denseOutputDim0 A non-negative integer or int32 scalar.
 * @returns A promise of `{output: [numUnique, ...grad.shape[1:]],
 *     sortedUniqueIndices: [numUnique]}`.
 * @throws (rejects with) InvalidArgumentError with TensorFlow's message.
 */
export function sparseSegmentMeanGradV2Async(
    grad: Tensor|TensorLike, indices: Tensor|TensorLike, segmentIds: Tensor|TensorLike,
    denseOutputDim0: number|Tensor): Promise<SparseSegmentGradV2Result> {
  return withIndicesOnHost(
      'sparseSegmentMeanGradV2Async', {indices, segmentIds, denseOutputDim0}, {grad},
      (i, s, d) => sparseSegmentMeanGradV2(grad, i, s, d as number | Tensor));
}

/**
 * {@link sparseSegmentSqrtNGradV2}, after reading `indices`, `segmentIds`
 * and `denseOutputDim0` back asynchronously. The number of output rows is
 * the number of distinct indices, so on webgpu the synchronous op needs the
 * indices on the CPU; this one works wherever they are.
 *
 * ```js
 * const grad = tf.tensor2d([[1, 2], [3, 4]]);
 * const {output, sortedUniqueIndices} =
 *     await tfSparseGrad.sparseSegmentSqrtNGradV2Async(grad, [2, 0, 2], [0, 1, 1], 3);
 * output.print();               // [[2.1213, 2.8284], [3.1213, 4.8284]]
 * sortedUniqueIndices.print();  // [0, 2]
 * ```
 *
 * @param grad float32, rank >= 1.
 * @param indices 1-D int32, each in `[0, denseOutputDim0)`.
 * @param segmentIds 1-D int32, as long as `indices`, each in
 *     `[0, grad.shape[0])`.
 * @param denseOutputDim0 A non-negative integer or int32 scalar.
 * @returns A promise of `{output: [numUnique, ...grad.shape[1:]],
 *     sortedUniqueIndices: [numUnique]}`.
 * @throws (rejects with) InvalidArgumentError with TensorFlow's message.
 */
export function sparseSegmentSqrtNGradV2Async(
    grad: Tensor|TensorLike, indices: Tensor|TensorLike, segmentIds: Tensor|TensorLike,
    denseOutputDim0: number|Tensor): Promise<SparseSegmentGradV2Result> {
  return withIndicesOnHost(
      'sparseSegmentSqrtNGradV2Async', {indices, segmentIds, denseOutputDim0}, {grad},
      (i, s, d) => sparseSegmentSqrtNGradV2(grad, i, s, d as number | Tensor));
}

/**
 * {@link sparseFillEmptyRowsGrad}, after reading `reverseIndexMap` back
 * asynchronously, so that its entries are validated on every backend.
 *
 * ```js
 * const {dValues, dDefaultValue} =
 *     await tfSparseGrad.sparseFillEmptyRowsGradAsync([0, 1, 3], [10, 20, 30, 40, 50]);
 * dValues.print();        // [10, 20, 40]
 * dDefaultValue.print();  // 80
 * ```
 *
 * @param reverseIndexMap 1-D int32 `[N]`, each in `[0, gradValues.shape[0])`.
 * @param gradValues 1-D float32 or int32 `[N_full]`.
 * @returns A promise of `{dValues: [N], dDefaultValue: []}`.
 * @throws (rejects with) InvalidArgumentError, e.g.
 *     `Elements in reverse index must be in [0, 5) but got 7`.
 */
export function sparseFillEmptyRowsGradAsync(
    reverseIndexMap: Tensor|TensorLike,
    gradValues: Tensor|TensorLike): Promise<SparseFillEmptyRowsGradResult> {
  return withIndicesOnHost(
      'sparseFillEmptyRowsGradAsync', {reverseIndexMap}, {gradValues},
      map => sparseFillEmptyRowsGrad(map, gradValues));
}

/**
 * {@link sparseSliceGrad}, after reading `inputIndices`, `inputStart` and
 * `outputIndices` back asynchronously, so that the row matching can raise
 * TensorFlow's Internal error on every backend.
 *
 * ```js
 * const valGrad = await tfSparseGrad.sparseSliceGradAsync(
 *     [5, 6], [[0, 0], [0, 2], [1, 1]], [0, 1], [[0, 1], [1, 0]]);
 * valGrad.print();  // [0, 5, 6]
 * ```
 *
 * @param backpropValGrad 1-D float32 or int32 `[nnzOut]`.
 * @param inputIndices 2-D int32 `[nnzIn, rank]`.
 * @param inputStart 1-D int32 `[rank]`.
 * @param outputIndices 2-D int32 `[nnzOut, rank]`.
 * @returns A promise of `[nnzIn]`, of `backpropValGrad`'s dtype.
 * @throws (rejects with) InternalError `Elements of backprop_val_grad aren't
 *     all propagated. ...` or InvalidArgumentError for bad shapes.
 */
export function sparseSliceGradAsync(
    backpropValGrad: Tensor|TensorLike, inputIndices: Tensor|TensorLike,
    inputStart: Tensor|TensorLike, outputIndices: Tensor|TensorLike): Promise<Tensor> {
  return withIndicesOnHost(
      'sparseSliceGradAsync', {inputIndices, inputStart, outputIndices}, {backpropValGrad},
      (i, s, o) => sparseSliceGrad(backpropValGrad, i, s, o));
}

/**
 * {@link sparseSlice}, after reading `indices`, `denseShape`, `start` and
 * `size` back asynchronously. The output size depends on them, so on webgpu
 * the synchronous op needs them on the CPU; this one works wherever they are.
 *
 * ```js
 * const {outputIndices, outputValues, outputShape} =
 *     await tfSparseGrad.sparseSliceAsync(
 *         [[0, 0], [0, 2], [1, 1]], [1, 2, 3], [2, 3], [0, 1], [2, 2]);
 * outputValues.print();  // [2, 3]
 * ```
 *
 * @param indices 2-D int32 `[nnz, rank]`.
 * @param values 1-D `[nnz]` (float32, int32 or bool).
 * @param denseShape 1-D int32 `[rank]`.
 * @param start 1-D int32 `[rank]`.
 * @param size 1-D int32 `[rank]`.
 * @returns A promise of `{outputIndices: [nnzOut, rank], outputValues:
 *     [nnzOut], outputShape: [rank]}`.
 * @throws (rejects with) InvalidArgumentError with TensorFlow's message.
 */
export function sparseSliceAsync(
    indices: Tensor|TensorLike, values: Tensor|TensorLike, denseShape: Tensor|TensorLike,
    start: Tensor|TensorLike, size: Tensor|TensorLike): Promise<SparseSliceResult> {
  return withIndicesOnHost(
      'sparseSliceAsync', {indices, denseShape, start, size}, {values},
      (i, d, st, sz) => sparseSlice(i, values, d, st, sz));
}

/**
 * {@link sparseSegmentSqrtN}, after reading `indices` and `segmentIds` back
 * asynchronously. The number of output rows is the last segment id + 1, so
 * on webgpu the synchronous op needs the ids on the CPU; this one works
 * wherever they are, and validates them.
 *
 * ```js
 * const data = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
 * (await tfSparseGrad.sparseSegmentSqrtNAsync(data, [0, 1, 2], [0, 0, 1])).print();
 * // [[2.8284, 4.2426], [5, 6]]
 * ```
 *
 * @param data float32, rank >= 1.
 * @param indices 1-D int32, each in `[0, data.shape[0])`.
 * @param segmentIds 1-D int32, as long as `indices`, sorted ascending.
 * @returns A promise of float32 `[segmentIds[N-1] + 1, ...data.shape[1:]]`.
 * @throws (rejects with) InvalidArgumentError with TensorFlow's message.
 */
export function sparseSegmentSqrtNAsync(
    data: Tensor|TensorLike, indices: Tensor|TensorLike,
    segmentIds: Tensor|TensorLike): Promise<Tensor> {
  return withIndicesOnHost(
      'sparseSegmentSqrtNAsync', {indices, segmentIds}, {data},
      (i, s) => sparseSegmentSqrtN(data, i, s));
}

/**
 * {@link sparseSegmentSumWithNumSegments}, after reading `indices`,
 * `segmentIds` and `numSegments` back asynchronously, so that they are
 * validated on every backend.
 *
 * ```js
 * const data = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
 * (await tfSparseGrad.sparseSegmentSumWithNumSegmentsAsync(data, [0, 2], [0, 2], 4))
 *     .print();  // [[1, 2], [0, 0], [5, 6], [0, 0]]
 * ```
 *
 * @param data float32 or int32, rank >= 1.
 * @param indices 1-D int32, each in `[0, data.shape[0])`.
 * @param segmentIds 1-D int32, as long as `indices`, sorted ascending.
 * @param numSegments The number of output rows, > the last segment id.
 * @returns A promise of `[numSegments, ...data.shape[1:]]`.
 * @throws (rejects with) InvalidArgumentError with TensorFlow's message.
 */
export function sparseSegmentSumWithNumSegmentsAsync(
    data: Tensor|TensorLike, indices: Tensor|TensorLike, segmentIds: Tensor|TensorLike,
    numSegments: number|Tensor): Promise<Tensor> {
  return withIndicesOnHost(
      'sparseSegmentSumWithNumSegmentsAsync', {indices, segmentIds, numSegments}, {data},
      (i, s, n) => sparseSegmentSumWithNumSegments(data, i, s, n as number | Tensor));
}

/**
 * {@link sparseSegmentMeanWithNumSegments}, after reading `indices`,
 * `segmentIds` and `numSegments` back asynchronously, so that they are
 * validated on every backend.
 *
 * ```js
 * const data = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
 * (await tfSparseGrad.sparseSegmentMeanWithNumSegmentsAsync(data, [0, 2], [1, 1], 3))
 *     .print();  // [[0, 0], [3, 4], [0, 0]]
 * ```
 *
 * @param data float32, rank >= 1.
 * @param indices 1-D int32, each in `[0, data.shape[0])`.
 * @param segmentIds 1-D int32, as long as `indices`, sorted ascending.
 * @param numSegments The number of output rows, > the last segment id.
 * @returns A promise of float32 `[numSegments, ...data.shape[1:]]`.
 * @throws (rejects with) InvalidArgumentError with TensorFlow's message.
 */
export function sparseSegmentMeanWithNumSegmentsAsync(
    data: Tensor|TensorLike, indices: Tensor|TensorLike, segmentIds: Tensor|TensorLike,
    numSegments: number|Tensor): Promise<Tensor> {
  return withIndicesOnHost(
      'sparseSegmentMeanWithNumSegmentsAsync', {indices, segmentIds, numSegments}, {data},
      (i, s, n) => sparseSegmentMeanWithNumSegments(data, i, s, n as number | Tensor));
}

/**
 * {@link sparseSegmentSqrtNWithNumSegments}, after reading `indices`,
 * `segmentIds` and `numSegments` back asynchronously, so that they are
 * validated on every backend.
 *
 * ```js
 * const data = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
 * (await tfSparseGrad.sparseSegmentSqrtNWithNumSegmentsAsync(data, [0, 1], [0, 0], 2))
 *     .print();  // [[2.8284, 4.2426], [0, 0]]
 * ```
 *
 * @param data float32, rank >= 1.
 * @param indices 1-D int32, each in `[0, data.shape[0])`.
 * @param segmentIds 1-D int32, as long as `indices`, sorted ascending.
 * @param numSegments The number of output rows, > the last segment id.
 * @returns A promise of float32 `[numSegments, ...data.shape[1:]]`.
 * @throws (rejects with) InvalidArgumentError with TensorFlow's message.
 */
export function sparseSegmentSqrtNWithNumSegmentsAsync(
    data: Tensor|TensorLike, indices: Tensor|TensorLike, segmentIds: Tensor|TensorLike,
    numSegments: number|Tensor): Promise<Tensor> {
  return withIndicesOnHost(
      'sparseSegmentSqrtNWithNumSegmentsAsync', {indices, segmentIds, numSegments}, {data},
      (i, s, n) => sparseSegmentSqrtNWithNumSegments(data, i, s, n as number | Tensor));
}
