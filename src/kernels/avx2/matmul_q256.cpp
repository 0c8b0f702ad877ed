// avx2 matmul for the 256-element super-block types (Q2_K .. Q6_K, IQ4_XS): the body
// of common/matmul_body.h under this file's -m flags.
#include "kernels/common/matmul_body.h"
#include "kernels/common/simd_avx2.h"
#include "kernels/registry.h"

namespace tl {

void register_avx2_matmul_q256(KernelRegistry& r) {
  r.add_matmul(make_kernel<Avx2, MatmulQ256<Avx2, UnpackQ2_K>>("matmul_q2_K_avx2", Isa::Avx2));
  r.add_matmul(make_kernel<Avx2, MatmulQ256<Avx2, UnpackQ3_K>>("matmul_q3_K_avx2", Isa::Avx2));
  r.add_matmul(make_kernel<Avx2, MatmulQ256<Avx2, UnpackQ4_K>>("matmul_q4_K_avx2", Isa::Avx2));
  r.add_matmul(make_kernel<Avx2, MatmulQ256<Avx2, UnpackQ5_K>>("matmul_q5_K_avx2", Isa::Avx2));
  r.add_matmul(make_kernel<Avx2, MatmulQ256<Avx2, UnpackQ6_K>>("matmul_q6_K_avx2", Isa::Avx2));
  r.add_matmul(make_kernel<Avx2, MatmulQ256<Avx2, UnpackIQ4_XS>>("matmul_iq4_xs_avx2", Isa::Avx2));
}

}  // namespace tl
