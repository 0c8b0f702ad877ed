// avx512 matmul for F32, F16 and BF16 weights: float FMAs on float activations (F16 and
// BF16 widen exactly), the body of common/matmul_body.h under this file's -m flags.
#include "kernels/common/matmul_body.h"
#include "kernels/common/simd_avx512.h"
#include "kernels/registry.h"

namespace tl {

void register_avx512_matmul_float(KernelRegistry& r) {
  r.add_matmul(make_kernel<Avx512, MatmulFloat<Avx512, LoadF32, DType::F32>>("matmul_f32_avx512", Isa::Avx512));
  r.add_matmul(make_kernel<Avx512, MatmulFloat<Avx512, LoadF16, DType::F16>>("matmul_f16_avx512", Isa::Avx512));
  r.add_matmul(make_kernel<Avx512, MatmulFloat<Avx512, LoadBF16, DType::BF16>>("matmul_bf16_avx512", Isa::Avx512));
}

}  // namespace tl
