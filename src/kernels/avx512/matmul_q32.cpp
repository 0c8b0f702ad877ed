// avx512 matmul for the 32-element block types (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, IQ4_NL):
// the body of common/matmul_body.h under this file's -m flags.
#include "kernels/common/matmul_body.h"
#include "kernels/common/simd_avx512.h"
#include "kernels/registry.h"

namespace tl {

void register_avx512_matmul_q32(KernelRegistry& r) {
  r.add_matmul(make_kernel<Avx512, MatmulQ32<Avx512, UnpackQ4_0>>("matmul_q4_0_avx512", Isa::Avx512));
  r.add_matmul(make_kernel<Avx512, MatmulQ32<Avx512, UnpackQ4_1>>("matmul_q4_1_avx512", Isa::Avx512));
  r.add_matmul(make_kernel<Avx512, MatmulQ32<Avx512, UnpackQ5_0>>("matmul_q5_0_avx512", Isa::Avx512));
  r.add_matmul(make_kernel<Avx512, MatmulQ32<Avx512, UnpackQ5_1>>("matmul_q5_1_avx512", Isa::Avx512));
  r.add_matmul(make_kernel<Avx512, MatmulQ32<Avx512, UnpackQ8_0>>("matmul_q8_0_avx512", Isa::Avx512));
  r.add_matmul(make_kernel<Avx512, MatmulQ32<Avx512, UnpackIQ4_NL>>("matmul_iq4_nl_avx512", Isa::Avx512));
}

}  // namespace tl
