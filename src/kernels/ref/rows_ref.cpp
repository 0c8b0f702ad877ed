// Reference element-wise kernels: plain loops, float accumulation in double where a
// reduction is long, so they can serve as the oracle for the vector levels.
#include <cmath>

#include "kernels/registry.h"

namespace tl {
namespace {

void rms_norm_ref(const float* x, const float* w, float* y, int64_t n, float eps) {
  double sum = 0.0;
  for (int64_t i = 0; i < n; ++i) sum += static_cast<double>(x[i]) * x[i];
  const float scale = static_cast<float>(1.0 / std::sqrt(sum / static_cast<double>(n) + eps));
  for (int64_t i = 0; i < n; ++i) y[i] = x[i] * scale * (w ? w[i] : 1.0f);
}

void rope_ref(float* x, int64_t n_rot, const float* cos, const float* sin, RopeStyle style) {
  const int64_t half = n_rot / 2;
  for (int64_t i = 0; i < half; ++i) {
    const float c = cos[i];
    const float s = sin[i];
    const int64_t a = style == RopeStyle::Adjacent ? 2 * i : i;
    const int64_t b = style == RopeStyle::Adjacent ? 2 * i + 1 : i + half;
    const float x0 = x[a];
    const float x1 = x[b];
    x[a] = x0 * c - x1 * s;
    x[b] = x0 * s + x1 * c;
  }
}

void swiglu_ref(const float* gate, const float* up, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    const float g = gate[i];
    y[i] = g / (1.0f + std::exp(-g)) * up[i];
  }
}

void add_ref(const float* x, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] += x[i];
}

void axpy_ref(float a, const float* x, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] += a * x[i];
}

float dot_ref(const float* a, const float* b, int64_t n) {
  double sum = 0.0;
  for (int64_t i = 0; i < n; ++i) sum += static_cast<double>(a[i]) * b[i];
  return static_cast<float>(sum);
}

void softmax_ref(float* x, int64_t n) {
  float max = x[0];
  for (int64_t i = 1; i < n; ++i) max = std::fmax(max, x[i]);
  double sum = 0.0;
  for (int64_t i = 0; i < n; ++i) {
    x[i] = std::exp(x[i] - max);
    sum += x[i];
  }
  const float inv = static_cast<float>(1.0 / sum);
  for (int64_t i = 0; i < n; ++i) x[i] *= inv;
}

// Scores, softmax and the weighted sum of values, one head at a time.
void attend_ref(const AttendArgs& a) {
  for (int h = 0; h < a.nq; ++h) {
    float* s = a.scores + h * a.n;
    for (int64_t p = 0; p < a.n; ++p) s[p] = dot_ref(a.q + h * a.d, a.k + p * a.k_stride, a.d) * a.scale;
    softmax_ref(s, a.n);
    float* o = a.out + h * a.dv;
    for (int64_t i = 0; i < a.dv; ++i) o[i] = 0.0f;
    for (int64_t p = 0; p < a.n; ++p) axpy_ref(s[p], a.v + p * a.v_stride, o, a.dv);
  }
}

}  // namespace

void register_ref_matmul(KernelRegistry& r);

void register_ref(KernelRegistry& r) {
  register_ref_matmul(r);
  r.add_rows(RowKernels{Isa::Ref, rms_norm_ref, rope_ref, swiglu_ref, add_ref, axpy_ref, dot_ref,
                        softmax_ref, attend_ref});
}

}  // namespace tl
