// Row-parallel ops: embedding lookup, RMSNorm, RoPE, SwiGLU, residual add. Each splits
// its rows over the pool and calls the chosen level's row kernel.
#pragma once

#include <cstdint>

#include "kernels/matmul_kernel.h"
#include "kernels/row_kernels.h"
#include "ops/op_context.h"

namespace tl {

// dst (n, table.K) = rows ids[0..n) of `table`, dequantized to float.
void get_rows(OpContext& ctx, const WeightView& table, const int32_t* ids, int64_t n, float* dst);

// y (rows, n) = rms_norm(x) * w, w of length n (or null). x and y may alias.
void rms_norm_rows(OpContext& ctx, const float* x, const float* w, float* y, int64_t rows, int64_t n,
                   float eps);

// RoPE: rope_angles computes, once per batch, the cosines and sines of token t at
// position pos[t] (cos_sin: (n_tokens, n_rot) floats, n_rot / 2 cosines then n_rot / 2
// sines per token); rope_rows rotates every head of every token of x (n_tokens, n_heads
// * head_dim) in place by them. Every layer's q and k share one table.
struct RopeParams {
  int64_t n_rot = 0;           // rotated dims per head (<= head_dim)
  const float* inv_freq = nullptr;  // n_rot / 2 frequencies
  RopeStyle style = RopeStyle::Adjacent;
};
void rope_angles(OpContext& ctx, const int32_t* pos, int64_t n_tokens, const RopeParams& rope, float* cos_sin);
void rope_rows(OpContext& ctx, float* x, int64_t n_tokens, int64_t n_heads, int64_t head_dim, const float* cos_sin,
               const RopeParams& rope);

// y = silu(gate) * up over (rows, n); y may alias gate.
void swiglu_rows(OpContext& ctx, const float* gate, const float* up, float* y, int64_t rows, int64_t n);

// y += x over (rows, n).
void add_rows(OpContext& ctx, const float* x, float* y, int64_t rows, int64_t n);

// y (rows, n) += bias (n) on every row.
void add_bias_rows(OpContext& ctx, const float* bias, float* y, int64_t rows, int64_t n);
// y[r] += sum_s w[r * k + s] * x[x_row[r * k + s]] for s < k: each row's k expert
// outputs, weighted, into the residual stream.
void weighted_sum_rows(OpContext& ctx, const float* x, const int64_t* x_row, const float* w, int64_t k, float* y,
                       int64_t rows,
                       int64_t n);

}  // namespace tl
