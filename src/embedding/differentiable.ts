/**
 * Differentiable forms of TensorFlow ops that tfjs cannot differentiate.
 * tfjs has no gradient for comparisons (`Equal`, `Greater`, ...), so its
 * `divNoNan`, and any `where` whose condition is computed from a tensor
 * being differentiated, fail under `tf.grad` ("gradient function not found
 * for Equal"). TensorFlow treats comparisons as constants; here the
 * condition is computed from `stopGradient(x)`, which has no tape history,
 * so the gradient is the one TensorFlow gives.
 */
import {div, engine, equal, greater, maximum, mul, sqrt, sum, where} from '@tensorflow/tfjs-core';
import type {Tensor} from '@tensorflow/tfjs-core';

/**
 * `x`'s values in a tensor with no gradient history (TF's
 * `stop_gradient`): the same memory, one more reference to it.
 */
export function stopGradient<T extends Tensor>(x: T): T {
  const copy = engine().makeTensorFromDataId(x.dataId, x.shape, x.dtype) as T;
  engine().backend.incRef(x.dataId);
  return copy;
}

/** TF's `div_no_nan`: a / b, and 0 where b is 0; gradients as TF's. */
export function divNoNan(a: Tensor, b: Tensor): Tensor {
  const zero = equal(stopGradient(b), 0);
  return where(zero, 0 as unknown as Tensor, div(a, where(zero, 1 as unknown as Tensor, b)));
}

/**
 * a / sqrt(b), and 0 where b is 0, with a zero (not NaN) gradient there:
 * sqrt is not differentiable at 0, so it sees 1 where b is 0.
 */
export function divNoNanBySqrt(a: Tensor, b: Tensor): Tensor {
  const zero = equal(stopGradient(b), 0);
  return where(zero, 0 as unknown as Tensor, div(a, sqrt(where(zero, 1 as unknown as Tensor, b))));
}

/**
 * TF's `clip_by_norm` of each row of `rows` (`[n, D]`) to L2 norm `maxNorm`:
 * `t * maxNorm / max(||t||, maxNorm)`, with TF's guard for zero rows.
 */
export function clipByNorm(rows: Tensor, maxNorm: number): Tensor {
  const l2sum = sum(mul(rows, rows), 1, true);
  const positive = greater(stopGradient(l2sum), 0);
  const l2norm = where(positive, sqrt(where(positive, l2sum, 1 as unknown as Tensor)), l2sum);
  return div(mul(rows, maxNorm), maximum(l2norm, maxNorm));
}
