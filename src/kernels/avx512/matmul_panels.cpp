// avx512 matmul over the cpu-repack buffer type's 16-column panels (WeightLayout::
// VnniPanels: kernels/amx/layout.h's bytes) for the int8 types whose panels are exact:
// panel_vector.h's vpdpbusd kernel under this file's -m flags (AVX-512 + VNNI).
#include "kernels/amx/formats.h"
#include "kernels/amx/panel_vector.h"
#include "kernels/amx/vec_avx512.h"
#include "kernels/registry.h"

namespace tl {

void register_avx512_matmul_panels(KernelRegistry& r) {
  using V = VecAvx512;
  r.add_matmul(PanelKernel<V, DType::Q8_0, FmtQ8_0>::make("matmul_q8_0_avx512_panels", Isa::Avx512));
  r.add_matmul(PanelKernel<V, DType::Q4_0, FmtQ4_0>::make("matmul_q4_0_avx512_panels", Isa::Avx512));
  r.add_matmul(PanelKernel<V, DType::Q4_1, FmtQ4_1>::make("matmul_q4_1_avx512_panels", Isa::Avx512));
  r.add_matmul(PanelKernel<V, DType::Q4_K, FmtQ4_K>::make("matmul_q4_K_avx512_panels", Isa::Avx512));
  r.add_matmul(PanelKernel<V, DType::Q5_K, FmtQ5_K>::make("matmul_q5_K_avx512_panels", Isa::Avx512));
}

}  // namespace tl
