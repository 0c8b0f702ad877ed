// avx2 element-wise kernels: common/rows_body.h under this file's -m flags.
#include "kernels/common/rows_body.h"
#include "kernels/common/simd_avx2.h"
#include "kernels/registry.h"

namespace tl {

void register_avx2_rows(KernelRegistry& r) { r.add_rows(Rows<Avx2>::table(Isa::Avx2)); }

}  // namespace tl
