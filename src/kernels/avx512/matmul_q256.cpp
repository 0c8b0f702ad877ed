// avx512 matmul for the 256-element super-block types (Q2_K .. Q6_K, IQ4_XS): the body
// of common/matmul_body.h under this file's -m flags.
#include "kernels/common/matmul_body.h"
#include "kernels/common/simd_avx512.h"
#include "kernels/registry.h"

namespace tl {

void register_avx512_matmul_q256(KernelRegistry& r) {
  r.add_matmul(make_kernel<Avx512, MatmulQ256<Avx512, UnpackQ2_K>>("matmul_q2_K_avx512", Isa::Avx512));
  r.add_matmul(make_kernel<Avx512, MatmulQ256<Avx512, UnpackQ3_K>>("matmul_q3_K_avx512", Isa::Avx512));
  r.add_matmul(make_kernel<Avx512, MatmulQ256<Avx512, UnpackQ4_K>>("matmul_q4_K_avx512", Isa::Avx512));
  r.add_matmul(make_kernel<Avx512, MatmulQ256<Avx512, UnpackQ5_K>>("matmul_q5_K_avx512", Isa::Avx512));
  r.add_matmul(make_kernel<Avx512, MatmulQ256<Avx512, UnpackQ6_K>>("matmul_q6_K_avx512", Isa::Avx512));
  r.add_matmul(make_kernel<Avx512, MatmulQ256<Avx512, UnpackIQ4_XS>>("matmul_iq4_xs_avx512", Isa::Avx512));
}

}  // namespace tl
