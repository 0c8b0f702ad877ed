// The x86 kernel bodies on the emulated AVX-512 policy (simd_avx512_emu.h): the same
// instantiations as src/kernels/avx512/, compiled here with AVX2 flags only.
#include "kernels/common/matmul_body.h"
#include "kernels/common/rows_body.h"
#include "levels.h"
#include "simd_avx512_emu.h"

namespace tl::test {
namespace {

using E = Avx512Emu;

const std::vector<MatmulKernel>& kernels() {
  static const std::vector<MatmulKernel> k = {
      make_kernel<E, MatmulFloat<E, LoadF32, DType::F32>>("matmul_f32_avx512_emu", Isa::Avx2),
      make_kernel<E, MatmulFloat<E, LoadF16, DType::F16>>("matmul_f16_avx512_emu", Isa::Avx2),
      make_kernel<E, MatmulFloat<E, LoadBF16, DType::BF16>>("matmul_bf16_avx512_emu", Isa::Avx2),
      make_kernel<E, MatmulQ32<E, UnpackQ4_0>>("matmul_q4_0_avx512_emu", Isa::Avx2),
      make_kernel<E, MatmulQ32<E, UnpackQ4_1>>("matmul_q4_1_avx512_emu", Isa::Avx2),
      make_kernel<E, MatmulQ32<E, UnpackQ5_0>>("matmul_q5_0_avx512_emu", Isa::Avx2),
      make_kernel<E, MatmulQ32<E, UnpackQ5_1>>("matmul_q5_1_avx512_emu", Isa::Avx2),
      make_kernel<E, MatmulQ32<E, UnpackQ8_0>>("matmul_q8_0_avx512_emu", Isa::Avx2),
      make_kernel<E, MatmulQ32<E, UnpackIQ4_NL>>("matmul_iq4_nl_avx512_emu", Isa::Avx2),
      make_kernel<E, MatmulQ256<E, UnpackQ2_K>>("matmul_q2_K_avx512_emu", Isa::Avx2),
      make_kernel<E, MatmulQ256<E, UnpackQ3_K>>("matmul_q3_K_avx512_emu", Isa::Avx2),
      make_kernel<E, MatmulQ256<E, UnpackQ4_K>>("matmul_q4_K_avx512_emu", Isa::Avx2),
      make_kernel<E, MatmulQ256<E, UnpackQ5_K>>("matmul_q5_K_avx512_emu", Isa::Avx2),
      make_kernel<E, MatmulQ256<E, UnpackQ6_K>>("matmul_q6_K_avx512_emu", Isa::Avx2),
      make_kernel<E, MatmulQ256<E, UnpackIQ4_XS>>("matmul_iq4_xs_avx512_emu", Isa::Avx2),
  };
  return k;
}

}  // namespace

const MatmulKernel* emu512_matmul(DType type) {
  for (const MatmulKernel& k : kernels()) {
    std::string why;
    if (k.accepts(MatmulProblem{type, WeightLayout::Rows, 4096, 1}, &why)) return &k;
  }
  return nullptr;
}

const RowKernels& emu512_rows() {
  static const RowKernels rows = Rows<E>::table(Isa::Avx2);
  return rows;
}

}  // namespace tl::test
