// avx512 element-wise kernels: common/rows_body.h under this file's -m flags.
#include "kernels/common/rows_body.h"
#include "kernels/common/simd_avx512.h"
#include "kernels/registry.h"

namespace tl {

void register_avx512_rows(KernelRegistry& r) { r.add_rows(Rows<Avx512>::table(Isa::Avx512)); }

}  // namespace tl
