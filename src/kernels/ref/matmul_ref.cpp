// Reference matmul: dequantize one weight row at a time (tensor/quant.h) and take float
// dot products with every activation row. Slow and obvious: the oracle for faster levels.
#include <string>
#include <vector>

#include "kernels/registry.h"
#include "tensor/quant.h"

namespace tl {
namespace {

bool accepts_ref(const MatmulProblem& p, std::string* why) {
  if (p.layout != WeightLayout::Rows) {
    *why = "needs the plain row layout";
    return false;
  }
  if (!dtype_info(p.type).computable) {
    *why = std::string("no dequantizer for ") + std::string(dtype_name(p.type));
    return false;
  }
  return true;
}

size_t no_prepared_bytes(const MatmulProblem&, int64_t) { return 0; }
void no_prepare(const MatmulArgs&, void*, int64_t, int64_t) {}

void compute_ref(const MatmulArgs& a, int64_t n0, int64_t n1) {
  thread_local std::vector<float> row;
  row.resize(static_cast<size_t>(a.w.K));
  for (int64_t n = n0; n < n1; ++n) {
    dequantize_row(a.w.type, a.w.data + static_cast<size_t>(n) * a.w.row_stride, row.data(), a.w.K);
    for (int64_t m = 0; m < a.M; ++m) {
      const float* x = a.src + m * a.src_stride;
      // Double accumulation keeps the oracle's own rounding error far below the
      // tolerances faster kernels are held to.
      double sum = 0.0;
      for (int64_t k = 0; k < a.w.K; ++k) sum += static_cast<double>(x[k]) * row[k];
      a.dst[m * a.dst_stride + n] = static_cast<float>(sum);
    }
  }
}

}  // namespace

void register_ref_matmul(KernelRegistry& r) {
  r.add_matmul(MatmulKernel{"matmul_ref", Isa::Ref, accepts_ref, no_prepared_bytes, no_prepare,
                            compute_ref, 16});
}

}  // namespace tl
