// What the AMX translation units share with the rest of the build: the per-type entry
// points each tile implementation exports (emulated: matmul_emu.cpp, real:
// matmul_amx.cpp), the tile probe the tests compare the two with, and the per-thread
// scratch the kernels unpack weights into. Declarations only: code compiled with AMX
// flags must never be inlined into, or merged with, code that runs without them.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels/attention_kernel.h"
#include "kernels/matmul_kernel.h"

namespace tl {

// The types with an AMX layout (kernels/amx/layout.h), in the order of the tables below.
inline constexpr DType kAmxTypes[] = {DType::Q8_0, DType::Q4_0, DType::Q4_1, DType::Q4_K,
                                      DType::Q5_K, DType::Q6_K, DType::BF16, DType::F16};
inline constexpr int kAmxTypeCount = 8;

struct AmxKernelFns {
  void (*prepare)(const MatmulArgs& a, void* prepared, int64_t m0, int64_t m1);
  void (*compute)(const MatmulArgs& a, int64_t n0, int64_t n1);
};

// Constant-initialized (no code runs to build them), indexed like kAmxTypes.
extern const AmxKernelFns kAmxEmuKernels[kAmxTypeCount];
extern const AmxKernelFns kAmxRealKernels[kAmxTypeCount];

// Prompt attention on bf16 tiles (attention_tiles.h).
struct AmxAttentionFns {
  void (*pack)(const AttentionPackArgs& a, int64_t block);
  void (*attend)(const AttendBlockArgs& a);
};
extern const AmxAttentionFns kAmxEmuAttention;
extern const AmxAttentionFns kAmxRealAttention;

// One tile instruction on one tile implementation, for tests: C (rows x lanes, int32 or
// f32) op= A (rows x 4 * groups bytes) . B (groups x 4 * lanes bytes), all dense.
// rows, groups, lanes <= 16. Real tiles need AMX (and AMX-BF16 for Dpbf16ps).
enum class TileOp { Dpbssd, Dpbsud, Dpbusd, Dpbuud, Dpbf16ps };
void amx_tile_probe_emu(TileOp op, int rows, int groups, int lanes, const void* a, const void* b, void* c);
void amx_tile_probe_real(TileOp op, int rows, int groups, int lanes, const void* a, const void* b, void* c);

// For the microbenchmark and its test: the int8 tile core without block scales, C (M x N
// int32, row-major) = A . B, with A in 16-row tiles of 64 K ((M / 16, K / 64, 16 rows,
// 64 bytes), as the kernels' prepared activations) and B in 16-column panels of K / 64
// full tiles (16 rows of 4 K x 16 columns, 64 bytes a row). M multiple of 32, N of 64,
// K of 64. The C tiles go through memory every pass_steps tile ops (the K depth of a pass
// is 64 pass_steps; the int8 group path's is 4 ops).
void amx_int8_core_gemm_emu(const int8_t* a, const int8_t* b, int32_t* c, int64_t M, int64_t N, int64_t K,
                            int64_t pass_steps = 8);
void amx_int8_core_gemm_real(const int8_t* a, const int8_t* b, int32_t* c, int64_t M, int64_t N, int64_t K,
                             int64_t pass_steps = 8);
// n_ops tdpbssd (bf16: tdpbf16ps) of 16 x 16 x 64 (bf16: x 32) on registers only, with
// 4 or 6 independent accumulators: the measured tile peak.
void amx_peak_loop_real(int64_t n_ops, bool bf16, int chains);

// The int8 types' wide tile path (layout.h's AmxInt8Path; register.cpp): from
// amx_wide_min_rows() rows (of one matmul, or of one expert) on, weights converted once
// per matmul and shared by every row block, as int8 tiles on weights requantized per 512
// K (int8_groups.h, the default) or bf16 tiles on dequantized weights (tile_gemm.h).
// Settable for tests and benchmarks (tilelm bench --amx-wide-rows, --amx-wide), never
// while a matmul runs.
enum class AmxWide { Int8Groups, Bf16 };
int64_t amx_wide_min_rows();
void set_amx_wide_min_rows(int64_t rows);
AmxWide amx_wide();
void set_amx_wide(AmxWide wide);
// K per scale group of the int8 group path (int8_groups.h), for what the tools print.
int64_t amx_group_k();

// A 64-byte aligned buffer of at least `bytes`, owned by the calling thread and reused
// by its next call (register.cpp).
uint8_t* amx_thread_scratch(size_t bytes);

}  // namespace tl
