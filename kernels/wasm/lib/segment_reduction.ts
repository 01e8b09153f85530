/**
 * The wasm kernel function shared by the forward
 * `SparseSegment{Sum,Mean,SqrtN}[WithNumSegments]`: the cpu kernel's
 * validation, then each segment reduced in TensorFlow's order on the wasm
 * heap, by the compiled loop (native/sparse_grad.c) or its TypeScript twin
 * (kernels/shared/sparse_segment_reduction_impl.ts).
 */
import {SEGMENT_REDUCTION_OPS, SegmentReductionOp} from '../../shared/op_families';
import type {KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {kernelInputs} from '../../../src/op_registry';
import {checkSegmentReductionDtypes, checkSegmentReductionIndices, checkSegmentReductionShapes, forEachSegment} from '../../../src/validation/sparse_segment_reduction';
import {largeSegmentDivisor, smallSegmentScale, sparseSegmentReductionImpl} from '../../shared/sparse_segment_reduction_impl';

import {heap, heapNumbers, scalarValue, offset, output, wasmBackend, withHeapArrays} from './backend_util';
import {nativeFor} from './native';

export function segmentReductionKernel(op: SegmentReductionOp): KernelFunc {
  const reduction = SEGMENT_REDUCTION_OPS[op];
  return ({inputs, backend}): TensorInfo => {
    const wasm = wasmBackend(backend);
    const [data, indices, segmentIds, numSegments = null] = kernelInputs(op, inputs);
    checkSegmentReductionDtypes(op, reduction, data, indices, segmentIds, numSegments);
    const geometry = checkSegmentReductionShapes(
        op, data, indices, segmentIds, numSegments, () => scalarValue(wasm, numSegments!),
        heap(wasm, segmentIds));
    checkSegmentReductionIndices(op, heap(wasm, indices), heap(wasm, segmentIds), geometry);
    const out = output(wasm, op, geometry.outputShape, data.dtype);
    const native = nativeFor(wasm);
    if (native == null) {
      sparseSegmentReductionImpl(
          op, reduction, heapNumbers(wasm, data), heap(wasm, indices), heap(wasm, segmentIds),
          geometry, heapNumbers(wasm, out));
      return out;
    }
    const d = geometry.innerSize;
    const isInt = data.dtype === 'int32';
    // A scratch row for the groups of 8 (each summed on its own, as TF does).
    const scratch = isInt ? new Int32Array(d) : new Float32Array(d);
    withHeapArrays(wasm, op, [scratch], ([group]) => {
      heapNumbers(wasm, out).fill(0);
      const outAt = offset(wasm, out);
      const dataAt = offset(wasm, data);
      const indicesAt = offset(wasm, indices);
      // The segment walk reads the ids (a view taken after every allocation).
      forEachSegment(op, heap(wasm, segmentIds), geometry, (segment, start, end) => {
        const acc = outAt + segment * d * 4;
        const num = end - start;
        if (isInt) {
          native.reduce_segment_i32(acc, group, dataAt, indicesAt, start, num, d);
        } else {
          native.reduce_segment_f32(
              acc, group, dataAt, indicesAt, start, num, d, smallSegmentScale(reduction, num),
              largeSegmentDivisor(reduction, num));
        }
      });
    });
    return out;
  };
}
