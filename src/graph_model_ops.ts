/**
 * Runs this package's ops inside tfjs-converter's `GraphModel`, so a
 * TensorFlow graph that contains them (a training graph, a model exported
 * with `sparse_gradient=True`, ...) executes in tfjs.
 */
import {concat, engine, gather, reshape, sparse, tensor1d, tidy, util, zeros} from '@tensorflow/tfjs-core';
import type {NamedTensorMap, Tensor, Tensor1D} from '@tensorflow/tfjs-core';

import {hostInts} from './embedding/host_ints';
import {InvalidArgumentError} from './errors';
import {GRAPH_OP_NAMES, OPS} from './op_registry';

/** What `registerGraphModelOps` needs: tfjs-converter's `registerOp`. */
export interface GraphModelOpRegistry {
  /** tfjs-converter's `registerOp(name, opFunc)`. */
  registerOp(name: string, opFunc: (node: {
                             inputs: Tensor[],
                             attrs: {[key: string]: unknown}
                           }) => Tensor | Tensor[]): void;
}

/**
 * TF ops that graphs of `tf.nn.embedding_lookup_sparse` and
 * `tf.nn.safe_embedding_lookup_sparse` use and tfjs-converter lacks, built
 * from tfjs ops (their int32 inputs are read on the host, as the sparse ops'
 * are: on webgpu, from CPU-held values or through `executeAsync`).
 */
const COMPOSITE_GRAPH_OPS: ReadonlyArray<
    [string, (inputs: Tensor[], attrs: {[key: string]: unknown}) => Tensor | Tensor[]]> =
    [
      // SegmentSum(data, segment_ids): SparseSegmentSum with indices 0..n-1 (its
      // validation: sorted, non-negative ids; rows up to the last id).
      [
        'SegmentSum', ([data, segmentIds]) => tidy(() => {
                        const n = segmentIds.size;
                        return sparse.sparseSegmentSum(
                            data, tensor1d(Int32Array.from({length: n}, (_, i) => i), 'int32'),
                            segmentIds as Tensor1D);
                      })
      ],
      // DynamicPartition(data, partitions): output p holds the rows of data
      // whose partition is p, in order.
      [
        'DynamicPartition',
        ([data, partitions], attrs) => tidy(() => {
          const numPartitions = attrs.num_partitions as number;
          const p = hostInts(partitions, 'partitions', 'DynamicPartition', 'executeAsync');
          const rows: number[][] = Array.from({length: numPartitions}, () => []);
          p.forEach((q, i) => {
            if (q < 0 || q >= numPartitions) {
              throw new InvalidArgumentError(
                  'DynamicPartition', `partitions[${i}] = ${q} is not in [0, ${numPartitions})`);
            }
            rows[q].push(i);
          });
          const flat = reshape(data, [p.length, -1]);
          const rowShape = data.shape.slice(partitions.rank);
          return rows.map(
              r => reshape(gather(flat, tensor1d(r, 'int32')), [r.length, ...rowShape]));
        })
      ],
      // ParallelDynamicStitch(indices_0..N-1, data_0..N-1): merged[indices[m][i]]
      // = data[m][i]; rows no index names are 0.
      [
        'ParallelDynamicStitch',
        (inputs) => tidy(() => {
          const n = inputs.length / 2;
          const indices = inputs.slice(0, n).map(
              (t, m) => hostInts(t, `indices[${m}]`, 'ParallelDynamicStitch', 'executeAsync'));
          const data = inputs.slice(n);
          const rowShape = data[0].shape.slice(inputs[0].rank);
          const rowSize = util.sizeFromShape(rowShape);
          const rows = Math.max(0, ...indices.map(ix => Math.max(-1, ...Array.from(ix)) + 1));
          const source = new Int32Array(rows).fill(-1);
          let offset = 0;
          indices.forEach(ix => {
            ix.forEach((row, i) => source[row] = offset + i);
            offset += ix.length;
          });
          // A zero row at the end stands for rows nothing writes.
          const all = concat([...data.map(d => reshape(d, [-1, rowSize])), zeros([1, rowSize])]);
          const picks = source.map(s => s < 0 ? offset : s);
          return reshape(gather(all, tensor1d(picks, 'int32')), [rows, ...rowShape]);
        })
      ],
    ];

/**
 * Registers every raw op of this package with tfjs-converter, so that a
 * `GraphModel` whose graph contains `SparseSegmentMeanGrad`,
 * `SparseFillEmptyRowsGrad`, `SparseSliceGrad`, ... runs them with this
 * package's kernels (on the active backend). Pass the module that owns the
 * `GraphModel` loader: `@tensorflow/tfjs` or `@tensorflow/tfjs-converter`
 * (they keep the op registry per copy, which is why it is an argument).
 *
 * ```js
 * import * as tf from '@tensorflow/tfjs';
 * import {registerGraphModelOps} from 'tfjs-sparse-grad';
 * registerGraphModelOps(tf);
 * const model = await tf.loadGraphModel('model/model.json');
 * ```
 *
 * It also registers what graphs of `tf.nn.embedding_lookup_sparse` and
 * `tf.nn.safe_embedding_lookup_sparse` need and tfjs-converter lacks:
 * `SegmentSum`, `DynamicPartition` and `ParallelDynamicStitch`.
 *
 * The converter turns TF's int64 tensors into int32, which is what the
 * kernels take. Multi-output ops return their outputs in TF's order, so
 * graph references like `SparseFillEmptyRowsGrad:1` work.
 *
 * @param converter An object with tfjs-converter's `registerOp`.
 * @returns The names of the ops registered.
 */
export function registerGraphModelOps(converter: GraphModelOpRegistry): string[] {
  // A graph node's inputs come in TF's order, the registry's order.
  for (const opName of GRAPH_OP_NAMES) {
    converter.registerOp(opName, node => {
      const inputs: NamedTensorMap = {};
      OPS[opName].inputs.forEach((name, i) => {
        if (node.inputs[i] != null) inputs[name] = node.inputs[i];
      });
      return engine().runKernel(opName, inputs) as Tensor | Tensor[];
    });
  }
  for (const [opName, run] of COMPOSITE_GRAPH_OPS) {
    converter.registerOp(opName, node => run(node.inputs, node.attrs));
  }
  return [...GRAPH_OP_NAMES, ...COMPOSITE_GRAPH_OPS.map(([opName]) => opName)];
}
