// The float loops of the wasm kernels, compiled to WebAssembly that runs on
// tfjs-backend-wasm's own linear memory (scripts/build-wasm.mjs: clang
// --target=wasm32 -O3, with -msimd128 for the SIMD variant; clang vectorizes
// the column loops). Every pointer is a byte offset into that memory; the
// TypeScript side (kernels/wasm/lib/native.ts) passes the tensors' heap
// offsets and checks every index first.
//
// Each function does what its TypeScript twin in kernels/shared/ does,
// one float32 operation at a time in the same order (WebAssembly has no
// fused multiply-add, and its f32 add, mul, div and sqrt round correctly):
// the results are bit-identical to the cpu backend's, hence TensorFlow's.
//
// No libc, no data segments, no stack in memory: the module must not write
// anything of its own into memory it shares with tfjs.

#include <stdint.h>

#define EXPORT(name) __attribute__((export_name(#name)))

// out[dst[i], :] += src[s(i), :] * scale[s(i)] for i in [0, n), in input
// order, where s(i) = src_rows[i] (or i when src_rows is 0) and the scale is
// 1 when scales is 0; pairs with dst[i] < 0 are skipped. The products are
// rounded before they are added, as TF's SparseSegmentGradFunctor does
// (sparse_segment_grad_impl.ts, unsorted_segment_sum_impl.ts).
EXPORT(scatter_rows_f32)
void scatter_rows_f32(float* restrict out, const float* restrict src, const int32_t* dst,
                      const int32_t* src_rows, const float* scales, int32_t n, int32_t d) {
  for (int32_t i = 0; i < n; i++) {
    const int32_t row = dst[i];
    if (row < 0) continue;
    const int32_t s = src_rows ? src_rows[i] : i;
    float* restrict o = out + (int64_t)row * d;
    const float* restrict g = src + (int64_t)s * d;
    if (scales) {
      const float scale = scales[s];
      for (int32_t c = 0; c < d; c++) o[c] += g[c] * scale;
    } else {
      for (int32_t c = 0; c < d; c++) o[c] += g[c];
    }
  }
}

// The int32 sum of UnsortedSegmentSum: adds wrap, as TF's int32 adds do.
EXPORT(scatter_rows_i32)
void scatter_rows_i32(int32_t* restrict out, const int32_t* restrict src, const int32_t* dst,
                      int32_t n, int32_t d) {
  for (int32_t i = 0; i < n; i++) {
    const int32_t row = dst[i];
    if (row < 0) continue;
    int32_t* restrict o = out + (int64_t)row * d;
    const int32_t* restrict g = src + (int64_t)i * d;
    for (int32_t c = 0; c < d; c++) o[c] = (int32_t)((uint32_t)o[c] + (uint32_t)g[c]);
  }
}

// target = data[indices[first]] + ... + data[indices[first + count - 1]],
// added left to right.
static void add_rows_f32(float* restrict target, const float* restrict data,
                         const int32_t* indices, int32_t first, int32_t count, int32_t d) {
  const float* restrict row0 = data + (int64_t)indices[first] * d;
  for (int32_t c = 0; c < d; c++) target[c] = row0[c];
  for (int32_t k = 1; k < count; k++) {
    const float* restrict row = data + (int64_t)indices[first + k] * d;
    for (int32_t c = 0; c < d; c++) target[c] += row[c];
  }
}

static void add_rows_i32(int32_t* restrict target, const int32_t* restrict data,
                         const int32_t* indices, int32_t first, int32_t count, int32_t d) {
  const int32_t* restrict row0 = data + (int64_t)indices[first] * d;
  for (int32_t c = 0; c < d; c++) target[c] = row0[c];
  for (int32_t k = 1; k < count; k++) {
    const int32_t* restrict row = data + (int64_t)indices[first + k] * d;
    for (int32_t c = 0; c < d; c++) target[c] = (int32_t)((uint32_t)target[c] + (uint32_t)row[c]);
  }
}

// TF's first group of a segment: num & 7 rows, but 8 for 0 and 9 for 1.
static int32_t first_group(int32_t num) {
  const int32_t r = num & 7;
  return r == 0 ? 8 : r == 1 ? 9 : r;
}

// One segment of the forward SparseSegment{Sum,Mean,SqrtN} in TF's order
// (sparse_segment_reduction_impl.ts): acc = the first group of rows, times
// small_scale (when it is not 1), plus each further group of 8 rows summed
// on its own in `group`, divided by divisor (when it is not 0).
EXPORT(reduce_segment_f32)
void reduce_segment_f32(float* restrict acc, float* restrict group, const float* restrict data,
                        const int32_t* indices, int32_t start, int32_t num, int32_t d,
                        float small_scale, float divisor) {
  add_rows_f32(acc, data, indices, start, num == 1 ? 1 : first_group(num), d);
  if (num == 1) return;
  if (small_scale != 1.0f) {
    for (int32_t c = 0; c < d; c++) acc[c] *= small_scale;
  }
  for (int32_t k = start + first_group(num); k < start + num; k += 8) {
    add_rows_f32(group, data, indices, k, 8, d);
    for (int32_t c = 0; c < d; c++) acc[c] += group[c];
  }
  if (divisor != 0.0f) {
    for (int32_t c = 0; c < d; c++) acc[c] /= divisor;
  }
}

// The int32 SparseSegmentSum of one segment (wrapping adds).
EXPORT(reduce_segment_i32)
void reduce_segment_i32(int32_t* restrict acc, int32_t* restrict group,
                        const int32_t* restrict data, const int32_t* indices, int32_t start,
                        int32_t num, int32_t d) {
  add_rows_i32(acc, data, indices, start, num == 1 ? 1 : first_group(num), d);
  if (num == 1) return;
  for (int32_t k = start + first_group(num); k < start + num; k += 8) {
    add_rows_i32(group, data, indices, k, 8, d);
    for (int32_t c = 0; c < d; c++) acc[c] = (int32_t)((uint32_t)acc[c] + (uint32_t)group[c]);
  }
}

// The sparse optimizers' updates of the looked-up rows
// (sparse_apply_impl.ts): group u (variable row rows[u]) has the gradient
// rows order[starts[u]] .. order[starts[u + 1] - 1], summed in that order
// into g (d floats of scratch), then the row is updated in place with
// tfjs's dense optimizer's formula.

static void group_gradient(float* restrict g, const float* restrict values, const int32_t* starts,
                           const int32_t* order, int32_t u, int32_t d) {
  for (int32_t c = 0; c < d; c++) g[c] = 0.0f;
  for (int32_t k = starts[u]; k < starts[u + 1]; k++) {
    const float* restrict row = values + (int64_t)order[k] * d;
    for (int32_t c = 0; c < d; c++) g[c] += row[c];
  }
}

// tf.train.sgd: value + (-lr) * g.
EXPORT(apply_sgd)
void apply_sgd(float* restrict variable, float* restrict g, const float* restrict values,
               const int32_t* rows, const int32_t* starts, const int32_t* order,
               int32_t num_groups, int32_t d, float nlr) {
  for (int32_t u = 0; u < num_groups; u++) {
    group_gradient(g, values, starts, order, u, d);
    float* restrict v = variable + (int64_t)rows[u] * d;
    for (int32_t c = 0; c < d; c++) v[c] = v[c] + nlr * g[c];
  }
}

// tf.train.adagrad: accum' = accum + g * g;
// value' = value + (g / sqrt(accum' + eps)) * (-lr).
EXPORT(apply_adagrad)
void apply_adagrad(float* restrict variable, float* restrict accumulator, float* restrict g,
                   const float* restrict values, const int32_t* rows, const int32_t* starts,
                   const int32_t* order, int32_t num_groups, int32_t d, float nlr, float eps) {
  for (int32_t u = 0; u < num_groups; u++) {
    group_gradient(g, values, starts, order, u, d);
    const int64_t base = (int64_t)rows[u] * d;
    float* restrict v = variable + base;
    float* restrict a = accumulator + base;
    for (int32_t c = 0; c < d; c++) {
      const float acc = a[c] + g[c] * g[c];
      a[c] = acc;
      v[c] = v[c] + (g[c] / __builtin_sqrtf(acc + eps)) * nlr;
    }
  }
}

// Lazy Adam (tf.train.adam on the looked-up rows):
// m' = m * b1 + g * (1 - b1); v' = v * b2 + (g * g) * (1 - b2);
// value' = value + ((m' / c1) / (sqrt(v' / c2) + eps)) * (-lr),
// with c1, c2 = 1 - beta^t.
EXPORT(apply_lazy_adam)
void apply_lazy_adam(float* restrict variable, float* restrict m, float* restrict v,
                     float* restrict g, const float* restrict values, const int32_t* rows,
                     const int32_t* starts, const int32_t* order, int32_t num_groups, int32_t d,
                     float b1, float b2, float omb1, float omb2, float c1, float c2, float eps,
                     float nlr) {
  for (int32_t u = 0; u < num_groups; u++) {
    group_gradient(g, values, starts, order, u, d);
    const int64_t base = (int64_t)rows[u] * d;
    float* restrict x = variable + base;
    float* restrict mr = m + base;
    float* restrict vr = v + base;
    for (int32_t c = 0; c < d; c++) {
      const float m1 = mr[c] * b1 + g[c] * omb1;
      const float v1 = vr[c] * b2 + (g[c] * g[c]) * omb2;
      mr[c] = m1;
      vr[c] = v1;
      x[c] = x[c] + ((m1 / c1) / (__builtin_sqrtf(v1 / c2) + eps)) * nlr;
    }
  }
}

// A bag's denominator (embedding_bag_impl.ts): the weight sum (mode 1,
// 'mean'; the count without weights) or the square root of the sum of
// squared weights (mode 2, 'sqrtn'), over the bag's ids that are not padding.
static float bag_divisor(const int32_t* rows, const float* weights, int32_t start, int32_t end,
                         int32_t mode) {
  float den = 0.0f;
  for (int32_t k = start; k < end; k++) {
    if (rows[k] < 0) continue;
    const float w = weights ? weights[k] : 1.0f;
    den = mode == 2 ? den + w * w : den + w;
  }
  return mode == 2 ? __builtin_sqrtf(den) : den;
}

// The embedding bag's forward pass without clipping, 'sum' (mode 0), 'mean'
// (1) or 'sqrtn' (2): out[b, :] = the sum of w[k] * table[rows[k], :] over
// bag b's ids in order (weights 0: every weight 1, added without a
// multiply), divided by the bag's divisor unless that is 0 (then 0).
EXPORT(bag_forward_f32)
void bag_forward_f32(float* restrict out, const float* restrict table, const int32_t* rows,
                     const int32_t* offsets, const float* weights, int32_t num_bags, int32_t d,
                     int32_t mode) {
  for (int32_t b = 0; b < num_bags; b++) {
    float* restrict o = out + (int64_t)b * d;
    for (int32_t c = 0; c < d; c++) o[c] = 0.0f;
    for (int32_t k = offsets[b]; k < offsets[b + 1]; k++) {
      if (rows[k] < 0) continue;
      const float* restrict t = table + (int64_t)rows[k] * d;
      if (weights) {
        const float w = weights[k];
        for (int32_t c = 0; c < d; c++) o[c] += w * t[c];
      } else {
        for (int32_t c = 0; c < d; c++) o[c] += t[c];
      }
    }
    if (mode == 0) continue;
    const float divisor = bag_divisor(rows, weights, offsets[b], offsets[b + 1], mode);
    for (int32_t c = 0; c < d; c++) o[c] = divisor == 0.0f ? 0.0f : o[c] / divisor;
  }
}

// Its backward pass: values[k, :] = w[k] * dy[b, :] ('sum'), or
// (w[k] * dy[b, :]) / divisor (0 when the divisor is 0), for each id k of
// bag b that is not padding; every other row of values is 0.
EXPORT(bag_backward_f32)
void bag_backward_f32(float* restrict values, const float* restrict dy, const int32_t* rows,
                      const int32_t* offsets, const float* weights, int32_t num_bags,
                      int32_t num_ids, int32_t d, int32_t mode) {
  for (int64_t i = 0; i < (int64_t)num_ids * d; i++) values[i] = 0.0f;
  for (int32_t b = 0; b < num_bags; b++) {
    const float* restrict g = dy + (int64_t)b * d;
    const float divisor =
        mode == 0 ? 1.0f : bag_divisor(rows, weights, offsets[b], offsets[b + 1], mode);
    for (int32_t k = offsets[b]; k < offsets[b + 1]; k++) {
      if (rows[k] < 0) continue;
      float* restrict v = values + (int64_t)k * d;
      const float w = weights ? weights[k] : 1.0f;
      if (mode == 0) {
        for (int32_t c = 0; c < d; c++) v[c] = w * g[c];
      } else if (divisor != 0.0f) {
        for (int32_t c = 0; c < d; c++) v[c] = (w * g[c]) / divisor;
      }
    }
  }
}
