// avx512 matmul over the cpu-repack buffer type's 16-column panels (WeightLayout::
// VnniPanels: kernels/amx/layout.h's bytes) for the int8 types whose panels are exact:
// panel_vector.h's vpdpbusd kernel under this file's -m flags (AVX-512 + VNNI).
#include "kernels/amx/formats.h"
#include "kernels/amx/panel_vector.h"
#include "kernels/amx/vec_avx512.h"
#include "kernels/registry.h"

namespace tl {
namespace {

template <DType kType, class Fmt>
struct PanelKernel {
  using Body = PanelVectorInt8<VecAvx512, Fmt>;
  static bool accepts(const MatmulProblem& p, std::string* why) {
    if (p.layout != WeightLayout::VnniPanels) {
      *why = "needs the vnni-panels layout (the cpu-repack buffer type)";
      return false;
    }
    if (p.type != kType) {
      *why = "other type";
      return false;
    }
    if (p.K % dtype_info(kType).block_elems != 0) {
      *why = "K is not a multiple of the block size";
      return false;
    }
    return true;
  }
  static size_t prepared_bytes(const MatmulProblem& p, int64_t M) { return static_cast<size_t>(M * Act32(p.K).stride); }
  // Four panels per compute() call: decode's register tile (panel_vector.h).
  static MatmulKernel make(const char* name) {
    return MatmulKernel{name, Isa::Avx512, accepts, prepared_bytes, Body::prepare, Body::compute, 4 * kPanelCols};
  }
};

}  // namespace

void register_avx512_matmul_panels(KernelRegistry& r) {
  r.add_matmul(PanelKernel<DType::Q8_0, FmtQ8_0>::make("matmul_q8_0_avx512_panels"));
  r.add_matmul(PanelKernel<DType::Q4_0, FmtQ4_0>::make("matmul_q4_0_avx512_panels"));
  r.add_matmul(PanelKernel<DType::Q4_1, FmtQ4_1>::make("matmul_q4_1_avx512_panels"));
  r.add_matmul(PanelKernel<DType::Q4_K, FmtQ4_K>::make("matmul_q4_K_avx512_panels"));
  r.add_matmul(PanelKernel<DType::Q5_K, FmtQ5_K>::make("matmul_q5_K_avx512_panels"));
}

}  // namespace tl
