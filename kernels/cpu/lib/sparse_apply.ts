/**
 * The cpu kernel functions of the sparse optimizers' in-place updates
 * (`SparseGradApply*`) and of `SparseGradOwnedCopy`. The variable's (and the
 * slots') typed arrays are written in place; the optimizer has made them
 * the variable's own first (`SparseGradOwnedCopy`), so no other tensor or
 * user array sees the write.
 */
import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import {engine} from '@tensorflow/tfjs-core';
import type {KernelFunc} from '@tensorflow/tfjs-core';

import {kernelInputs, OpName} from '../../../src/op_registry';
import {disown, isOwned} from '../../../src/training/writable';
import {checkSparseApplyCall, checkSparseApplyIndices, checkSumDuplicatesCall} from '../../../src/validation/sparse_apply';

import {cpuValues} from './backend_util';
import {applyRows, groupByRow, summedDuplicates} from '../../shared/sparse_apply_impl';

/** The kernel function of one of the `SparseGradApply*` kernels. */
export function sparseApplyKernel(op: OpName): KernelFunc {
  return ({inputs, backend, attrs}) => {
    const cpu = backend as MathBackendCPU;
    const call = checkSparseApplyCall(op, inputs, attrs);
    const indices = cpuValues(cpu, call.indices);
    checkSparseApplyIndices(op, indices, call.numRows);
    const groups = groupByRow(indices);
    const f32 = (t: typeof call.variable) => cpuValues(cpu, t) as Float32Array;
    const variable = f32(call.variable);
    const values = f32(call.values);
    const slots = call.slots.map(f32);
    applyRows(op, variable, slots, groups, values, call.rowSize, call.attrs);
    return [];
  };
}

/**
 * `SparseGradOwnedCopy`: a fresh typed array with `x`'s values, watched for
 * sharing the cpu backend does not count (see `watchCpuSharing`).
 */
export const ownedCopyKernel: KernelFunc = ({inputs, backend}) => {
  const cpu = backend as MathBackendCPU;
  const [x] = kernelInputs('SparseGradOwnedCopy', inputs);
  const values = cpuValues(cpu, x).slice();
  const out = cpu.makeTensorInfo(x.shape, x.dtype, values);
  watchCpuSharing(cpu);
  ownerOfBuffer.set(values.buffer, out.dataId);
  return out;
};

/** The data id of each owned copy's array buffer. */
const ownerOfBuffer = new WeakMap<ArrayBufferLike, object>();
const watched = new WeakSet<object>();

/**
 * Watches the cpu backend for the ways a tensor or a user comes to share an
 * owned copy's typed array without a reference the backend counts, and
 * disowns the copy when one does (the next update then copies it first):
 *
 * - a new tensor whose values are a view of it: tfjs's cpu `Slice` of a
 *   contiguous block returns a `subarray` (so do `split`, `unstack` and
 *   `stridedSlice`), and `tf.tensor(v.dataSync())` wraps the array itself;
 * - `dataSync()`, `data()` and `array()`, which on cpu hand out the
 *   backend's own array (tfjs-core's engine `readSync`/`read`). Kernels read
 *   the backend directly and are not counted.
 */
function watchCpuSharing(cpu: MathBackendCPU): void {
  if (watched.has(cpu)) return;
  watched.add(cpu);
  const backend = cpu as unknown as {
    write(values: unknown, shape: number[], dtype: string): object,
    move(dataId: object, values: unknown, shape: number[], dtype: string, refCount: number): void,
  };
  const disownViewsOf = (values: unknown) => {
    const buffer = (values as {buffer?: ArrayBufferLike} | null)?.buffer;
    const owner = buffer == null ? undefined : ownerOfBuffer.get(buffer);
    if (owner != null) disown(owner);
  };
  const write = backend.write.bind(backend);
  backend.write = (values, shape, dtype) => {
    disownViewsOf(values);
    return write(values, shape, dtype);
  };
  const move = backend.move.bind(backend);
  backend.move = (dataId, values, shape, dtype, refCount) => {
    disownViewsOf(values);
    move(dataId, values, shape, dtype, refCount);
  };
  const e = engine() as unknown as {
    readSync(dataId: object): unknown,
    read(dataId: object): Promise<unknown>,
    state: {tensorInfo: WeakMap<object, {backend: unknown}>},
  };
  const handsOut = (dataId: object) => {
    if (isOwned(dataId) && e.state.tensorInfo.get(dataId)?.backend === cpu) disown(dataId);
  };
  const readSync = e.readSync.bind(e);
  e.readSync = dataId => {
    handsOut(dataId);
    return readSync(dataId);
  };
  const read = e.read.bind(e);
  e.read = dataId => {
    handsOut(dataId);
    return read(dataId);
  };
}

/** `SparseGradSumDuplicates`: each row once, its rows summed, at its first position. */
export const sumDuplicatesKernel: KernelFunc = ({inputs, backend, attrs}) => {
  const cpu = backend as MathBackendCPU;
  const op = 'SparseGradSumDuplicates';
  const call = checkSumDuplicatesCall(inputs, attrs);
  const indices = cpuValues(cpu, call.indices);
  checkSparseApplyIndices(op, indices, call.numRows);
  const out = summedDuplicates(indices, cpuValues(cpu, call.values) as Float32Array, call.rowSize);
  return [
    cpu.makeTensorInfo(call.indices.shape, 'int32', out.indices),
    cpu.makeTensorInfo(call.values.shape, 'float32', out.values),
  ];
};
