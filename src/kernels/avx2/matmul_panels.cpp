// avx2 matmul over the cpu-repack buffer type's 16-column panels (WeightLayout::
// VnniPanels): vpmaddubsw is exact for the nibble types' unsigned bytes and for Q8_0's
// |w| with the signs moved to the activations (vec_avx2.h).
#include "kernels/amx/formats.h"
#include "kernels/amx/panel_vector.h"
#include "kernels/amx/vec_avx2.h"
#include "kernels/registry.h"

namespace tl {

void register_avx2_matmul_panels(KernelRegistry& r) {
  using V = VecAvx2;
  r.add_matmul(PanelKernel<V, DType::Q8_0, FmtQ8_0Signed>::make("matmul_q8_0_avx2_panels", Isa::Avx2));
  r.add_matmul(PanelKernel<V, DType::Q4_0, FmtQ4_0>::make("matmul_q4_0_avx2_panels", Isa::Avx2));
  r.add_matmul(PanelKernel<V, DType::Q4_1, FmtQ4_1>::make("matmul_q4_1_avx2_panels", Isa::Avx2));
  r.add_matmul(PanelKernel<V, DType::Q4_K, FmtQ4_K>::make("matmul_q4_K_avx2_panels", Isa::Avx2));
  r.add_matmul(PanelKernel<V, DType::Q5_K, FmtQ5_K>::make("matmul_q5_K_avx2_panels", Isa::Avx2));
}

}  // namespace tl
