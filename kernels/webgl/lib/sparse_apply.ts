/**
 * The webgl kernel functions of the sparse optimizers' in-place updates
 * (`SparseGradApply*`) and of `SparseGradOwnedCopy`.
 *
 * An update reads the int32 `indices` back (index metadata only; the float
 * rows never leave the GPU), groups the gradient rows by variable row on the
 * CPU (O(N)), and uploads that grouping. Fragment programs then compute the
 * new values of the U looked-up rows (sparse_apply.glsl.ts), and a scatter
 * draw without blending writes them into the variable's own texture (and
 * each slot's), at their rows: O(N * D) in all, nothing of the size of the
 * variable. `SparseGradOwnedCopy` has made those textures unpacked and
 * unshared first.
 */
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import {util} from '@tensorflow/tfjs-core';

import {SparseGradOwnedCopy} from '../../../src/kernel_names';
import {kernelInputs, OpName} from '../../../src/op_registry';
import {checkSparseApplyCall, checkSparseApplyIndices, checkSumDuplicatesCall} from '../../../src/validation/sparse_apply';
import {COPY} from '../../../shaders/webgl/sort.glsl';
import {APPLY_STEP_INPUTS, sparseApplyProgram, sumDuplicatesProgram} from '../../../shaders/webgl/sparse_apply.glsl';
import {groupByRow, ROW_STEPS, UPDATE_STEPS, updateConstants} from '../../shared/sparse_apply_impl';

import {scatterDraw} from './scatter_draw';
import {disposeAll, readIndices, uploadInt32, WebGLBackend, webglBackend} from './backend_util';
import {runProgram} from './program';

export function sparseApplyKernel(op: OpName): KernelFunc {
  return ({inputs, backend, attrs}) => {
    const webgl = webglBackend(backend);
    const call = checkSparseApplyCall(op, inputs, attrs);
    if (call.numValues === 0 || call.rowSize === 0) return [];
    const indices = readIndices(webgl, call.indices, op, 'indices', call.numRows);
    checkSparseApplyIndices(op, indices, call.numRows);
    const groups = groupByRow(indices);
    const numGroups = groups.rows.length;
    if (numGroups === 0) return [];
    const temps: TensorInfo[] = [];
    try {
      const meta: Record<string, TensorInfo> = {
        G: call.values,
        S: uploadInt32(webgl, groups.starts),
        O: uploadInt32(webgl, groups.order),
        R: uploadInt32(webgl, groups.rows),
      };
      temps.push(meta.S, meta.O, meta.R);
      const targets: Record<string, TensorInfo> = {variable: call.variable};
      call.slotNames.forEach((n, k) => targets[n] = call.slots[k]);
      const floats = updateConstants(call.attrs);
      // New rows of each target, computed before any target is written.
      const newRows: Array<[TensorInfo, string, number]> = [];
      // The first slot and the variable as they were (P, V).
      const byName: Record<string, TensorInfo> = {...meta, P: call.slots[0], V: call.variable};
      for (const [step, target] of UPDATE_STEPS[op]) {
        byName.X = targets[target];
        const width = ROW_STEPS.has(step) ? 1 : call.rowSize;
        const rows = runProgram(
            webgl, sparseApplyProgram(step), APPLY_STEP_INPUTS[step].map(name => byName[name]),
            'float32', {
              outputShape: [numGroups, width],
              uniforms: {numRows: numGroups, rowSize: call.rowSize, ...floats},
            });
        temps.push(rows);
        newRows.push([rows, target, width]);
        // Later steps read the new accumulator, moments and linear.
        byName[{accumulator: 'A', m: 'M', v: 'W', linear: 'L'}[target] ?? 'unused'] = rows;
      }
      for (const [rows, target, width] of newRows) {
        writeRows(webgl, targets[target], meta.R, rows, call.numRows, width, numGroups);
      }
      return [];
    } finally {
      disposeAll(webgl, temps);
    }
  };
}

/** Draws row u of `rows` into row `rowIds[u]` of `target`'s own texture. */
function writeRows(
    webgl: WebGLBackend, target: TensorInfo, rowIds: TensorInfo, rows: TensorInfo, numRows: number,
    rowSize: number, count: number): void {
  scatterDraw(webgl, {
    out: target,
    clear: false,
    dstRows: numRows,
    rowSize,
    dstIdx: rowIds,
    count,
    src: rows,
    srcIdx: null,
    srcRows: count,
    scale: null,
    blend: false,
  });
  // A CPU copy tfjs kept from an earlier read is stale now.
  const data = webgl.texData.get(target.dataId);
  if (data.texture != null) data.values = undefined;
}

/** `SparseGradOwnedCopy`: an unpacked texture of its own with `x`'s values. */
export const ownedCopyKernel: KernelFunc = ({inputs, backend}) => {
  const webgl = webglBackend(backend);
  const [x] = kernelInputs(SparseGradOwnedCopy, inputs);
  return runProgram(
      webgl, COPY, [x], x.dtype,
      {outputShape: x.shape, uniforms: {n: util.sizeFromShape(x.shape)}});
};

/**
 * `SparseGradSumDuplicates`: the grouping made on the CPU from the indices
 * read back (as an update does), the sums by a fragment program.
 */
export const sumDuplicatesKernel: KernelFunc = ({inputs, backend, attrs}) => {
  const webgl = webglBackend(backend);
  const op = 'SparseGradSumDuplicates';
  const call = checkSumDuplicatesCall(inputs, attrs);
  const indices = readIndices(webgl, call.indices, op, 'indices', call.numRows);
  checkSparseApplyIndices(op, indices, call.numRows);
  const groups = groupByRow(indices);
  const outIndices = new Int32Array(call.numValues).fill(-1);
  const groupAt = new Int32Array(call.numValues).fill(-1);
  groups.rows.forEach((row, g) => {
    const first = groups.order[groups.starts[g]];
    outIndices[first] = row;
    groupAt[first] = g;
  });
  const indicesOut = webgl.makeTensorInfo(call.indices.shape, 'int32', outIndices);
  if (call.numValues * call.rowSize === 0 || groups.rows.length === 0) {
    const zeros = new Float32Array(call.numValues * call.rowSize);
    return [indicesOut, webgl.makeTensorInfo(call.values.shape, 'float32', zeros)];
  }
  const temps = [
    uploadInt32(webgl, groups.starts), uploadInt32(webgl, groups.order), uploadInt32(webgl, groupAt)
  ];
  try {
    const values = runProgram(
        webgl, sumDuplicatesProgram(), [call.values, ...temps], 'float32',
        {outputShape: [call.numValues, call.rowSize], uniforms: {rowSize: call.rowSize}});
    return [indicesOut, {...values, shape: call.values.shape}];
  } finally {
    disposeAll(webgl, temps);
  }
};
