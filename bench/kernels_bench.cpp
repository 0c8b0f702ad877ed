// Matmul kernel microbenchmarks, one thread: every computable weight type at every ISA
// level this CPU has, at M = 1 (decode: reports GB/s of weights streamed) and M = 512
// (prompt: reports GMAC/s), on 4096 x 4096 and 4096 -> 14336 (a Llama-3-8B FFN up
// projection). Each iteration quantizes the activations (prepare) and computes all N
// columns, as ops/matmul.cpp does on one thread. Weights stay warm in cache between
// iterations where they fit (4096 x 4096 Q4_0 is 9 MiB); the 14336 shape exceeds a 32
// MiB L3 in every type, so it streams from memory. Rates are per CPU second of the one
// thread (the default), so other load on a shared machine does not count against them.
//
// LEVEL+repack rows run the cpu-repack layout of the level (the vnni panels) where one exists.
//
//   kernels_bench --benchmark_filter='q4_0/avx2'   (names: matmul/TYPE/LEVEL[+repack]/M/KxN)
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "kernels/registry.h"
#include "runtime/isa.h"
#include "tensor/quant.h"

namespace tl {
namespace {

const DType kTypes[] = {DType::F32,  DType::F16,  DType::BF16, DType::Q4_0, DType::Q4_1,
                        DType::Q5_0, DType::Q5_1, DType::Q8_0, DType::Q2_K, DType::Q3_K,
                        DType::Q4_K, DType::Q5_K, DType::Q6_K, DType::IQ4_NL, DType::IQ4_XS};

// Random weights: 16 quantized gaussian rows, each block of every row copied from one of
// them at random (the searching quantizers are too slow for 58M elements). Types without
// a quantizer get random bytes with small fp16 scales written over the scale fields.
std::vector<uint8_t> make_weights(DType t, int64_t N, int64_t K) {
  std::mt19937 rng(7);
  const size_t row = row_bytes(t, K);
  std::vector<uint8_t> w(row * N);
  const size_t block = dtype_info(t).block_bytes;
  const int64_t pool = 16;
  if (can_quantize(t)) {
    std::normal_distribution<float> g(0.0f, 1.0f);
    std::vector<float> x(K);
    for (int64_t n = 0; n < pool; ++n) {
      for (float& v : x) v = g(rng);
      quantize_row(t, x.data(), w.data() + n * row, K);
    }
  } else {
    for (size_t i = 0; i < pool * row; ++i) w[i] = static_cast<uint8_t>(rng());
    const uint16_t d = fp32_to_fp16(0.05f);
    // The last 2 bytes are Q3_K's d or Q2_K's dmin; the 2 before, Q2_K's d (and two of
    // Q3_K's scale bytes, where any value is valid).
    for (size_t b = 0; b < pool * row; b += block) {
      std::memcpy(&w[b + block - 4], &d, 2);
      std::memcpy(&w[b + block - 2], &d, 2);
    }
  }
  for (int64_t n = pool; n < N; ++n) {
    for (size_t b = 0; b < row; b += block) {
      std::memcpy(w.data() + n * row + b, w.data() + (rng() % pool) * row + b, block);
    }
  }
  return w;
}

// repack: the weights in the cpu-repack layout of the level (as placement makes them),
// read by that layout's kernel.
void bm_matmul(benchmark::State& state, DType type, Isa isa, bool repack, int64_t M, int64_t K, int64_t N) {
  std::string why;
  if (!check_isa_available(isa, &why).ok()) {
    state.SkipWithError(why.c_str());
    return;
  }
  const KernelRegistry& reg = KernelRegistry::instance();
  const WeightPacker* packer = repack ? reg.choose_packer(type, K, N, isa, &why) : nullptr;
  if (repack && !packer) {
    state.SkipWithError(("no packed layout at this level: " + why).c_str());
    return;
  }
  const MatmulProblem p{type, packer ? packer->layout : WeightLayout::Rows, K, N};
  const MatmulKernel* k = reg.choose_matmul(p, isa, &why);
  if (!k || k->isa != isa) {
    state.SkipWithError(("no kernel at this level: " + why).c_str());
    return;
  }
  std::vector<uint8_t> w = make_weights(type, N, K);
  if (packer) {
    std::vector<uint8_t> packed(packer->packed_bytes(type, K, N));
    const WeightView rows{w.data(), row_bytes(type, K), type, K, N};
    for (int64_t n0 = 0; n0 < N; n0 += packer->row_group) packer->pack(rows, packed.data(), n0, std::min(N, n0 + packer->row_group));
    w = std::move(packed);
  }
  std::vector<float> src(M * K), dst(M * N);
  std::mt19937 rng(1);
  std::normal_distribution<float> g(0.0f, 1.0f);
  for (float& v : src) v = g(rng);
  std::vector<uint8_t> prepared(k->prepared_bytes(p, M));

  MatmulArgs a;
  a.w = WeightView{w.data(), packer ? 0 : row_bytes(type, K), type, K, N};
  a.src = src.data();
  a.src_stride = K;
  a.dst = dst.data();
  a.dst_stride = N;
  a.M = M;
  a.src_prepared = prepared.empty() ? nullptr : prepared.data();
  for (auto _ : state) {
    if (!prepared.empty()) k->prepare(a, prepared.data(), 0, M);
    k->compute(a, 0, N);
    benchmark::DoNotOptimize(dst.data());
    benchmark::ClobberMemory();
  }
  state.SetLabel(k->name);
  if (M == 1) {
    state.counters["GB/s"] = benchmark::Counter(static_cast<double>(w.size()) / 1e9,
                                                benchmark::Counter::kIsIterationInvariantRate);
  } else {
    state.counters["GMAC/s"] = benchmark::Counter(static_cast<double>(M * N * K) / 1e9,
                                                  benchmark::Counter::kIsIterationInvariantRate);
  }
}

struct Shape {
  int64_t K, N;
};

void register_all() {
  const Shape shapes[] = {{4096, 4096}, {4096, 14336}};
  for (DType t : kTypes) {
    for (Isa isa : {Isa::Ref, Isa::Avx2, Isa::Avx512}) {
      for (bool repack : {false, true}) {
        if (repack && isa == Isa::Ref) continue;
        for (int64_t M : {1, 512}) {
          for (const Shape& s : shapes) {
            // ref at M = 512 takes tens of seconds an iteration: only the square shape.
            if (isa == Isa::Ref && M > 1 && s.N != s.K) continue;
            const std::string name = "matmul/" + std::string(dtype_name(t)) + "/" + isa_name(isa) +
                                     (repack ? "+repack" : "") + "/M" + std::to_string(M) + "/" +
                                     std::to_string(s.K) + "x" + std::to_string(s.N);
            auto* b = benchmark::RegisterBenchmark(name.c_str(), bm_matmul, t, isa, repack, M, s.K, s.N);
            b->Unit(benchmark::kMillisecond);
            if (isa == Isa::Ref && M > 1) b->Iterations(1);
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace tl

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  tl::register_all();
  benchmark::AddCustomContext("cpu", tl::cpu_features().to_string());
  benchmark::AddCustomContext("threads", "1");
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
