/**
 * Checks of bad use that must fail clearly, on every backend: async ops
 * with disposed arguments (before the call, and while it reads its indices
 * back) reject with an error naming the argument and leave no tensor behind;
 * outputs larger than the device can hold fail at once with TensorFlow's
 * ResourceExhausted error, leaving nothing allocated.
 */
import type {NamedCheck} from '../harness/types';

type TF = typeof import('@tensorflow/tfjs');

/** The message of the rejection of `promise` ('' when it resolves). */
async function rejection(tf: TF, promise: Promise<unknown>): Promise<string> {
  try {
    tf.dispose(await promise as never);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

/** What the active backend holds: tensors, data ids, GPU bytes. */
function footprint(tf: TF): string {
  const memory = tf.memory() as {numTensors: number, numBytesInGPU?: number};
  const backend = tf.backend() as unknown as {numDataIds(): number};
  return JSON.stringify(
      {tensors: memory.numTensors, dataIds: backend.numDataIds(), gpuBytes: memory.numBytesInGPU});
}

export function hardeningChecks(): NamedCheck[] {
  return [
    {
      name: 'hardening/an output too large for the device fails at once and leaves nothing behind',
      tags: ['hardening'],
      run: async (tf, sg) => {
        // On tensorflow (tfjs-node) TensorFlow allocates, and its own
        // allocator raises ResourceExhausted (after trying for seconds):
        // there is no limit of the package's to check.
        if (tf.getBackend() === 'tensorflow') return;
        const grad = tf.tensor2d([[1, 2, 3, 4]]);
        const data = tf.tensor2d([[1, 2, 3, 4]]);
        const x = tf.tensor1d([1, 2]);
        const before = footprint(tf);
        // A backend with a device limit raises TF's ResourceExhausted; cpu
        // (JS typed arrays) a RangeError for the 32 GiB ones.
        const device = tf.getBackend() !== 'cpu';
        const calls: Array<[string, () => unknown, boolean]> = [
          // 1 GiB: over WebGPU's largest storage buffer and SwiftShader's
          // largest WebGL texture (8192 x 8192 texels).
          [
            'sparseSegmentSumGrad, outputDim0 = 2^26, D = 4',
            () => sg.sparseSegmentSumGrad(grad, [5], [0], 2 ** 26),
            tf.getBackend() === 'webgl' || tf.getBackend() === 'webgpu'
          ],
          // 32 GiB: over every device.
          [
            'sparseSegmentMeanGrad, outputDim0 = 2^31 - 1, D = 4',
            () => sg.sparseSegmentMeanGrad(grad, [5], [0], 2 ** 31 - 1), true
          ],
          [
            'sparseSegmentSumWithNumSegments, numSegments = 2^31 - 1, D = 4',
            () => sg.sparseSegmentSumWithNumSegments(data, [0], [0], 2 ** 31 - 1), true
          ],
          [
            'unsortedSegmentSum, numSegments = 2^31 - 1, D = 1',
            () => tf.unsortedSegmentSum(x, tf.tensor1d([0, 1], 'int32'), 2 ** 31 - 1), device
          ],
        ];
        for (const [label, call, mustFail] of calls) {
          if (!mustFail) continue;
          const start = performance.now();
          let error: Error|null = null;
          try {
            tf.dispose(tf.tidy(() => call() as never));
          } catch (e) {
            error = e as Error;
          }
          const ms = performance.now() - start;
          const ok = device ? error?.name === 'ResourceExhaustedError' &&
                  /^OOM when allocating tensor/.test(error.message) :
                              error != null;
          if (!ok)
            throw new Error(
                `${label}: expected ResourceExhaustedError, got ${error?.name}: ${error?.message}`);
          if (ms > 2000) throw new Error(`${label}: took ${ms.toFixed(0)} ms to fail`);
          const after = footprint(tf);
          if (after !== before) throw new Error(`${label}: left ${after}, had ${before}`);
        }
        tf.dispose([grad, data, x]);
      }
    },
    {
      name: 'hardening/an async op with a disposed argument names it and leaks nothing',
      tags: ['hardening'],
      run: async (tf, sg) => {
        const before = tf.memory().numTensors;
        const grad = tf.tensor2d([[1, 2], [3, 4]]);
        const indices = tf.tensor1d([2, 0, 2], 'int32');
        const segmentIds = tf.tensor1d([0, 1, 1], 'int32');
        segmentIds.dispose();
        const message =
            await rejection(tf, sg.sparseSegmentSumGradAsync(grad, indices, segmentIds, 3));
        const expected = `sparseSegmentSumGradAsync: the tensor passed as 'segmentIds' is disposed`;
        if (message !== expected) throw new Error(`got "${message}", expected "${expected}"`);
        tf.dispose([grad, indices]);
        const leaked = tf.memory().numTensors - before;
        if (leaked !== 0) throw new Error(`${leaked} tensors leaked`);
      }
    },
    {
      name: 'hardening/disposing an argument while an async op reads its indices rejects clearly',
      tags: ['hardening'],
      run: async (tf, sg) => {
        const before = tf.memory().numTensors;
        const expect = (message: string, expected: string) => {
          if (message !== expected) throw new Error(`got "${message}", expected "${expected}"`);
        };
        // The float data, disposed after the call starts reading the indices.
        const grad = tf.tensor2d([[1, 2], [3, 4]]);
        const indices = tf.tensor1d([2, 0, 2], 'int32');
        const call = sg.sparseSegmentMeanGradAsync(grad, indices, [0, 1, 1], 3);
        grad.dispose();
        expect(
            await rejection(tf, call),
            `sparseSegmentMeanGradAsync: the tensor passed as 'grad' is disposed ` +
                `(it was disposed while the call read its indices)`);
        // An index tensor, disposed while it is being read.
        const data = tf.tensor2d([[1, 2], [3, 4]]);
        const ids = tf.tensor1d([0, 0], 'int32');
        const call2 = sg.sparseSegmentSqrtNAsync(data, [0, 1], ids);
        ids.dispose();
        const message = await rejection(tf, call2);
        // Read before the dispose (the read was already under way) or not.
        if (message !== '' &&
            !message.startsWith(
                `sparseSegmentSqrtNAsync: the tensor passed as 'segmentIds' is disposed`)) {
          throw new Error(`got "${message}"`);
        }
        tf.dispose([indices, data]);
        const leaked = tf.memory().numTensors - before;
        if (leaked !== 0) throw new Error(`${leaked} tensors leaked`);
      }
    },
  ];
}
