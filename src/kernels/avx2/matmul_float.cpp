// avx2 matmul for F32, F16 and BF16 weights: float FMAs on float activations (F16 and
// BF16 widen exactly), the body of common/matmul_body.h under this file's -m flags.
#include "kernels/common/matmul_body.h"
#include "kernels/common/simd_avx2.h"
#include "kernels/registry.h"

namespace tl {

void register_avx2_matmul_float(KernelRegistry& r) {
  r.add_matmul(make_kernel<Avx2, MatmulFloat<Avx2, LoadF32, DType::F32>>("matmul_f32_avx2", Isa::Avx2));
  r.add_matmul(make_kernel<Avx2, MatmulFloat<Avx2, LoadF16, DType::F16>>("matmul_f16_avx2", Isa::Avx2));
  r.add_matmul(make_kernel<Avx2, MatmulFloat<Avx2, LoadBF16, DType::BF16>>("matmul_bf16_avx2", Isa::Avx2));
}

}  // namespace tl
