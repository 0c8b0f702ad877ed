// Matrix multiplications with placed weights: dense, and per-expert for MoE layers.
// Threads split the output columns; the kernel was chosen at placement time.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "kernels/matmul_kernel.h"
#include "ops/op_context.h"

namespace tl {

// A placed weight matrix (or a stack of expert matrices) and its kernel.
struct MatmulWeight {
  WeightView view;             // expert 0 (or the only matrix)
  size_t expert_stride = 0;    // bytes between experts; 0 for dense
  int64_t n_expert = 1;
  const MatmulKernel* kernel = nullptr;

  WeightView expert(int64_t e) const {
    WeightView v = view;
    v.data += static_cast<size_t>(e) * expert_stride;
    return v;
  }
};

// dst (M, dst_stride) = src (M, src_stride) x W^T.
void matmul(OpContext& ctx, const MatmulWeight& w, const float* src, int64_t src_stride,
            float* dst, int64_t dst_stride, int64_t M);

// One output of matmul_shared_src: dst (M, dst_stride) = src x w^T.
struct MatmulOut {
  const MatmulWeight* w = nullptr;
  float* dst = nullptr;
  int64_t dst_stride = 0;
};

// Several matmuls of one src (q, k, v; gate, up) as one: the activations are prepared
// once per distinct kernel, and all outputs' column blocks share one parallel region,
// so decode pays one pool wake-up instead of two per matrix.
void matmul_shared_src(OpContext& ctx, std::span<const MatmulOut> outs, const float* src, int64_t src_stride,
                       int64_t M);

// A feed-forward's gate and up of one src with the SwiGLU fused: gate_dst =
// silu(src x gate^T) * (src x up^T); up_dst receives up's products. Both (M, N), rows
// dst_stride apart. Each thread applies the SwiGLU to the columns it has just computed,
// while they are in cache, instead of a separate pass over both outputs (2 x 28 MiB per
// llama3-8b layer at 512 tokens). Same arithmetic as matmul_shared_src then swiglu_rows
// (row_ops.h): bit-identical.
void matmul_swiglu(OpContext& ctx, const MatmulWeight& gate, const MatmulWeight& up, const float* src,
                   int64_t src_stride, float* gate_dst, float* up_dst, int64_t dst_stride, int64_t M);

// The rows routed to one expert: row src_rows[i] of src goes in, row dst_rows[i] of dst
// comes out (a token routed to k experts has k distinct dst rows).
struct ExpertRows {
  int64_t expert = 0;
  std::vector<int64_t> src_rows;
  std::vector<int64_t> dst_rows;
};

// For each group, dst[dst_rows] = src[src_rows] x W_expert^T. A group's src (dst) rows
// are read (written) in place where they are consecutive, else gathered into (scattered
// from) contiguous per-expert scratch; work items (expert, column block) are spread over
// threads so busy and idle experts balance.
void matmul_experts(OpContext& ctx, const MatmulWeight& w, std::span<const ExpertRows> groups,
                    const float* src, int64_t src_stride, float* dst, int64_t dst_stride);
// The same for one or two expert stacks of one src and K (gate and up): the rows are
// gathered and quantized once, and both outputs' work items share one parallel region.
void matmul_experts(OpContext& ctx, std::span<const MatmulOut> outs, std::span<const ExpertRows> groups,
                    const float* src, int64_t src_stride);

}  // namespace tl
