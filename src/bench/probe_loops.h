// The peak loops, one per ISA translation unit (each compiled with its own -m flags,
// called only after cpu_features() says the level runs). Each runs `iters` rounds of
// independent multiply-accumulates, stores a value derived from its accumulators in
// *sink (so no compiler can drop the work), and returns the MACs it executed.
#pragma once

#include <cstdint>

namespace tl::bench {

uint64_t peak_loop_scalar(uint64_t iters, float* sink);
uint64_t peak_loop_avx2_fma(uint64_t iters, float* sink);
uint64_t peak_loop_avx512_fma(uint64_t iters, float* sink);
uint64_t peak_loop_avx512_vnni(uint64_t iters, float* sink);
// Configures tiles for this thread, runs, and releases them. Needs AMX permission.
uint64_t peak_loop_amx_int8(uint64_t iters, float* sink);

}  // namespace tl::bench
