// The contract between ops and matmul kernels: what a kernel is asked, how it says no,
// and the entry points it provides. One kernel per (ISA level, weight type, layout).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "runtime/isa.h"
#include "tensor/dtype.h"

namespace tl {

// How a weight matrix's bytes are laid out in its buffer.
enum class WeightLayout {
  Rows,  // GGUF's own: N rows of K elements, each row row_bytes(type, K) long
  AmxPanels,  // the amx buffer type's 16-column tile panels (kernels/amx/layout.h)
  VnniPanels,  // the cpu-repack type's panels for the avx512 int8 kernels: the same
               // bytes as AmxPanels, made by the same packer, read by other kernels
};
const char* weight_layout_name(WeightLayout layout);

// What a matmul kernel is asked to compute, known at placement time.
struct MatmulProblem {
  DType type = DType::F32;
  WeightLayout layout = WeightLayout::Rows;
  int64_t K = 0;  // reduced dimension (GGUF ne[0])
  int64_t N = 0;  // output rows (GGUF ne[1])
};

// A weight matrix as a kernel sees it: N rows of K, `row_stride` bytes apart.
struct WeightView {
  const uint8_t* data = nullptr;
  size_t row_stride = 0;
  DType type = DType::F32;
  int64_t K = 0;
  int64_t N = 0;
};

// One matmul call: dst[m][n] = sum_k src[m][k] * W[n][k] for m < M.
struct MatmulArgs {
  WeightView w;
  // (M, src_stride) float rows. A kernel whose prepared_bytes() is not 0 reads them in
  // prepare() only, one row at a time, so a caller may pass each row on its own
  // (ops/matmul.cpp's experts: src_stride 0, src the row); compute() reads src_prepared.
  const float* src = nullptr;
  int64_t src_stride = 0;      // floats between rows
  const void* src_prepared = nullptr;  // activations in the kernel's format (prepare())
  float* dst = nullptr;        // (M, dst_stride)
  int64_t dst_stride = 0;      // floats between rows
  int64_t M = 0;
};

struct MatmulKernel {
  const char* name;
  Isa isa;
  // True if this kernel computes `p`; otherwise false and the reason in *why.
  bool (*accepts)(const MatmulProblem& p, std::string* why);
  // Bytes of scratch needed for the activations of M rows in the kernel's own format
  // (0: the kernel reads float rows directly).
  size_t (*prepared_bytes)(const MatmulProblem& p, int64_t M);
  // Converts rows [m0, m1) of src into the prepared buffer (run on all threads).
  void (*prepare)(const MatmulArgs& a, void* prepared, int64_t m0, int64_t m1);
  // Computes dst columns [n0, n1) for all M rows.
  void (*compute)(const MatmulArgs& a, int64_t n0, int64_t n1);
  // Preferred granularity of [n0, n1) splits (rows interleaved together, cache blocks).
  int64_t n_block;
};

}  // namespace tl
