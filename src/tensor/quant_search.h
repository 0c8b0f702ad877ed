// Scale searches shared by the K-quant and IQ4 reference quantizers (internal to tensor).
// They reproduce ggml's helpers step for step, float operation for float operation,
// because llama.cpp's files are whatever those rounding sequences give.
#pragma once

#include <cstdint>
#include <cstring>

namespace tl::detail {

// Groups whose largest |x| is below this are treated as all zero (ggml's GROUP_MAX_EPS).
inline constexpr float kGroupMaxEps = 1e-15f;

// Round to nearest, ties to even, for |x| < 2^22: adding 1.5 * 2^23 leaves the integer
// in the low mantissa bits. ggml rounds this way (not roundf) in every K-quant search, so
// the tie behaviour and the out-of-range garbage must both be the same.
inline int nearest_int(float x) {
  const float biased = x + 12582912.0f;
  int32_t bits;
  std::memcpy(&bits, &biased, sizeof bits);
  return (bits & 0x007FFFFF) - 0x00400000;
}

// Symmetric quantization of x (n values) to integers in [-nmax, nmax-1], weighting each
// squared error by x^2 (ggml's make_qx_quants with rmse_type 1 and no importance
// weights): try 19 scales around nmax/max and keep the least-squares one. Writes
// L[i] = q + nmax in [0, 2 nmax) and returns the scale (0 for an all-zero group).
float make_qx_quants_rmse1(int n, int nmax, const float* x, int8_t* L);

// Asymmetric quantization of x (n values) to q in [0, nmax] with y = scale * q - min
// (ggml's make_qkx2_quants): start from the (min, max) grid, then try nstep+1 widened
// or narrowed grids, fit scale and min by weighted least squares on each, and keep the
// one with the least weighted squared error (ggml's use_mad=false). min is never
// positive: 0 stays representable.
// Writes L (n), uses Laux (n) as scratch, stores -min in *neg_min, returns the scale.
float make_qkx2_quants(int n, int nmax, const float* x, const float* weights, uint8_t* L,
                       float* neg_min, uint8_t* Laux, float rmin, float rdelta, int nstep);

// Index of the level in values (n sorted levels) nearest to x; a tie picks the upper.
int best_index_int8(int n, const int8_t* values, float x);

}  // namespace tl::detail
