// Element-wise and per-row kernels (norms, RoPE, activations, attention dot products).
// One table per ISA level, chosen once when the model is loaded.
#pragma once

#include <cstdint>

#include "runtime/isa.h"

namespace tl {

enum class RopeStyle {
  Adjacent,  // pairs (2i, 2i+1): llama.cpp "normal", Meta/llama2.c layout
  Neox,      // pairs (i, i + n_rot/2): HF rotate-half, qwen2/qwen3
};

// One query token's heads that share one kv head (GQA), over keys [0, n):
//   out_h = softmax(scale * q_h . k_p) . v_p   for h < nq
struct AttendArgs {
  const float* q = nullptr;    // nq heads, d apart
  int nq = 0;
  int64_t d = 0;               // of q and k
  int64_t dv = 0;              // of v and out
  const float* k = nullptr;    // key p at k + p * k_stride
  int64_t k_stride = 0;
  const float* v = nullptr;    // value p at v + p * v_stride
  int64_t v_stride = 0;
  int64_t n = 0;               // keys
  float scale = 1.0f;
  float* scores = nullptr;     // scratch: nq * n floats
  float* out = nullptr;        // nq heads, dv apart
};

struct RowKernels {
  Isa isa;
  // y = x / sqrt(mean(x^2) + eps) * w   (w may be null: no scale)
  void (*rms_norm)(const float* x, const float* w, float* y, int64_t n, float eps);
  // Rotates the first n_rot dims of one head in place by the angles whose cosines and
  // sines (n_rot/2 each) the caller computed once per position (ops/row_ops.cpp).
  void (*rope)(float* x, int64_t n_rot, const float* cos, const float* sin, RopeStyle style);
  // y = silu(gate) * up
  void (*swiglu)(const float* gate, const float* up, float* y, int64_t n);
  // y += x
  void (*add)(const float* x, float* y, int64_t n);
  // y += a * x
  void (*axpy)(float a, const float* x, float* y, int64_t n);
  float (*dot)(const float* a, const float* b, int64_t n);
  // In place: x = softmax(x); returns nothing. Stable (subtracts the max).
  void (*softmax)(float* x, int64_t n);
  // Attention of one token's heads of one kv group (AttendArgs).
  void (*attend)(const AttendArgs& a);
};

}  // namespace tl
