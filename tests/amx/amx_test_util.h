// Shared pieces of the AMX tests: the two AMX levels and whether this machine runs them,
// seeded weights, packing through the registry, running a kernel as ops/matmul.cpp
// does on one thread, and the NMSE comparison with its worst element.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "kernels/amx/amx.h"
#include "kernels/amx/layout.h"
#include "kernels/registry.h"
#include "tensor/quant.h"

namespace tl::test {

// Sets the int8 types' wide tile path (kernels/amx/amx.h's AmxWide) and the rows it
// starts at for one scope: 16 sends every tile-sized M there, kNever none (int8 tiles
// per 32 K from 16 rows on).
struct WidePath {
  static constexpr int64_t kNever = int64_t{1} << 40;
  int64_t saved_rows;
  AmxWide saved_wide;
  explicit WidePath(int64_t rows, AmxWide wide = AmxWide::Int8Groups)
      : saved_rows(amx_wide_min_rows()), saved_wide(amx_wide()) {
    set_amx_wide_min_rows(rows);
    set_amx_wide(wide);
  }
  ~WidePath() {
    set_amx_wide_min_rows(saved_rows);
    set_amx_wide(saved_wide);
  }
};

// The int8 types' three tile paths from 16 rows, for tests that run each.
struct TilePathCase {
  int64_t wide_rows;
  AmxWide wide;
  const char* name;
};
inline constexpr TilePathCase kTilePathCases[] = {{WidePath::kNever, AmxWide::Int8Groups, "int8 tiles per 32 K"},
                                                  {16, AmxWide::Int8Groups, "int8 groups"},
                                                  {16, AmxWide::Bf16, "bf16 tiles"}};

// Why `isa` cannot run here, or nullopt. amx-emu runs everywhere.
inline std::optional<std::string> amx_level_unavailable(Isa isa) {
  std::string why;
  if (check_isa_available(isa, &why).ok()) return std::nullopt;
  return why + " (CPU: " + cpu_features().to_string() + ")";
}

// 64-byte aligned bytes, as HostBuffer gives the buffer types.
struct AlignedBytes {
  struct Free {
    void operator()(uint8_t* p) const { std::free(p); }
  };
  std::unique_ptr<uint8_t, Free> ptr;
  size_t size = 0;
  explicit AlignedBytes(size_t n) : ptr(static_cast<uint8_t*>(std::aligned_alloc(64, (n + 63) / 64 * 64 + 64))), size(n) {
    std::memset(ptr.get(), 0xA5, (n + 63) / 64 * 64 + 64);  // never zero by accident
  }
  uint8_t* data() const { return ptr.get(); }
};

// Seeded gaussian rows quantized to `t`; large matrices copy each block from a pool of
// 32 quantized rows at the same position (blocks are self-contained, so every row stays
// valid and distinct while the slow K-quant searches run on 32 rows only).
inline std::vector<uint8_t> make_weights(DType t, int64_t N, int64_t K, std::mt19937& rng) {
  const size_t row = row_bytes(t, K);
  std::vector<uint8_t> w(row * N);
  const int64_t pool = std::min<int64_t>(N, 32);
  std::normal_distribution<float> g(0.0f, 1.0f);
  std::vector<float> x(K);
  for (int64_t n = 0; n < pool; ++n) {
    for (float& v : x) v = g(rng);
    quantize_row(t, x.data(), w.data() + n * row, K);
  }
  const size_t block = dtype_info(t).block_bytes;
  std::uniform_int_distribution<int64_t> pick(0, pool - 1);
  for (int64_t n = pool; n < N; ++n) {
    for (size_t b = 0; b < row; b += block) std::memcpy(w.data() + n * row + b, w.data() + pick(rng) * row + b, block);
  }
  return w;
}

// Packs row-layout weights with the registry's packer for `isa` (the amx buffer type's
// at the AMX levels, cpu-repack's below), one row group at a time as the buffer type's
// parallel loop does.
inline std::optional<AlignedBytes> pack_amx(const std::vector<uint8_t>& w, DType t, int64_t N, int64_t K, Isa isa,
                                            std::string* why) {
  const KernelRegistry& reg = KernelRegistry::instance();
  const WeightPacker* p = static_cast<int>(isa) >= static_cast<int>(Isa::AmxEmu) ? reg.choose_amx_packer(t, K, N, isa, why)
                                                                                 : reg.choose_packer(t, K, N, isa, why);
  if (!p) return std::nullopt;
  AlignedBytes out(p->packed_bytes(t, K, N));
  const WeightView view{w.data(), row_bytes(t, K), t, K, N};
  for (int64_t n0 = 0; n0 < N; n0 += p->row_group) p->pack(view, out.data(), n0, std::min(N, n0 + p->row_group));
  return out;
}

// Runs k as ops/matmul.cpp does on one thread: prepare over two row ranges, then
// compute per n_block column block.
inline void run_kernel(const MatmulKernel& k, const MatmulArgs& args_in, DType t) {
  MatmulArgs a = args_in;
  const MatmulProblem p{t, WeightLayout::Rows, a.w.K, a.w.N};
  std::vector<uint8_t> prepared(k.prepared_bytes(p, a.M) + 64);
  if (prepared.size() > 64) {
    k.prepare(a, prepared.data(), 0, a.M / 2);
    k.prepare(a, prepared.data(), a.M / 2, a.M);
    a.src_prepared = prepared.data();
  }
  for (int64_t n0 = 0; n0 < a.w.N; n0 += k.n_block) k.compute(a, n0, std::min(a.w.N, n0 + k.n_block));
}

struct Compared {
  double nmse = 0;
  double worst = 0;  // largest |actual - expected|
  double rms = 0;    // of expected
  int64_t wm = 0, wn = 0;
  bool finite = true;
  int64_t zeros = 0;
};

inline Compared compare(const std::vector<float>& expected, const std::vector<float>& actual, int64_t M, int64_t N,
                        int64_t stride) {
  Compared c;
  double err2 = 0, ref2 = 0;
  for (int64_t m = 0; m < M; ++m) {
    for (int64_t n = 0; n < N; ++n) {
      const double e = expected[m * stride + n];
      const double y = actual[m * stride + n];
      c.finite = c.finite && std::isfinite(y);
      c.zeros += y == 0.0;
      err2 += (y - e) * (y - e);
      ref2 += e * e;
      if (std::fabs(y - e) > c.worst) c.worst = std::fabs(y - e), c.wm = m, c.wn = n;
    }
  }
  c.nmse = ref2 > 0 ? err2 / ref2 : (err2 > 0 ? INFINITY : 0.0);
  c.rms = std::sqrt(ref2 / static_cast<double>(M * N));
  return c;
}

}  // namespace tl::test
