// AMX tile kernel microbenchmarks (Google Benchmark), real tiles only (they are skipped
// with a message where AMX is not usable). One thread unless the name says otherwise,
// warm weights:
//   amx/peak/{int8,bf16}          tdpbssd / tdpbf16ps on registers: the measured peak
//   amx/int8_core/M/N/K/S         int8 tiles without block scales (K = 64 per op), the C
//                                 tiles through memory every S ops
//   amx/matmul/TYPE/M/N/K         the registered kernel: prepare (activation rounding)
//                                 and compute, as ops/matmul.cpp runs it
//   amx/matmul_path/TYPE/M/N/K/F/W  the same with the wide path from F rows (2^30: int8
//                                 tiles per 32 K throughout), W 0: int8 groups, 1: bf16
//   avx512/matmul/TYPE/M/N/K      the avx512 kernel on the file's rows, for comparison
//   amx/matmul_mt/TYPE/M/N/K/T    through ops matmul on a pinned pool of T threads
//   attention/ISA/T/HEADS/KV/D    one layer's causal attention over a T-token prompt
//                                 through ops attention, one thread: amx (tiles) or
//                                 avx512 (per-token row kernels); MAC/s counts the
//                                 useful MACs (q.k and p.v under the causal mask)
// Counters: MAC/s, and pct_peak = MAC/s over the measured single-core peak of the same
// operand type (int8 for the quant types) times the threads. The CPU line is printed.
//
//   amx_bench --benchmark_filter='amx/'
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "kernels/amx/amx.h"
#include "kernels/amx/layout.h"
#include "kernels/registry.h"
#include "ops/attention.h"
#include "ops/matmul.h"
#include "runtime/isa.h"
#include "tensor/quant.h"

namespace tl {
namespace {

bool amx_usable(benchmark::State& state) {
  std::string why;
  if (check_isa_available(Isa::Amx, &why).ok()) return true;
  state.SkipWithError(why.c_str());
  return false;
}

// Measured single-core peak MAC/s of tdpbssd (or tdpbf16ps): the better of 4 and 6
// independent chains.
double measured_peak(bool bf16) {
  static double peak[2] = {0, 0};
  double& p = peak[bf16];
  if (p == 0) {
    const int64_t n_ops = 3 << 20;
    for (int chains : {4, 6}) {
      amx_peak_loop_real(1 << 16, bf16, chains);  // warm up (frequency, tile state)
      const auto t0 = std::chrono::steady_clock::now();
      amx_peak_loop_real(n_ops, bf16, chains);
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      p = std::max(p, static_cast<double>(n_ops) * 16 * 16 * (bf16 ? 32 : 64) / s);
    }
  }
  return p;
}

void set_counters(benchmark::State& state, double macs_per_iter, bool bf16, int threads = 1) {
  state.counters["MAC/s"] = benchmark::Counter(macs_per_iter, benchmark::Counter::kIsIterationInvariantRate);
  const double peak = measured_peak(bf16) * threads;
  state.counters["pct_peak"] =
      benchmark::Counter(100.0 * macs_per_iter / peak, benchmark::Counter::kIsIterationInvariantRate);
}

void peak(benchmark::State& state, bool bf16, int chains) {
  if (!amx_usable(state)) return;
  const int64_t n_ops = 3 << 18;
  for (auto _ : state) amx_peak_loop_real(n_ops, bf16, chains);
  set_counters(state, static_cast<double>(n_ops) * 16 * 16 * (bf16 ? 32 : 64), bf16);
}

void int8_core(benchmark::State& state) {
  if (!amx_usable(state)) return;
  const int64_t M = state.range(0), N = state.range(1), K = state.range(2);
  std::mt19937 rng(1);
  std::uniform_int_distribution<int> byte(-128, 127);
  std::vector<int8_t> a(M * K), b(N * K);
  for (int8_t& x : a) x = static_cast<int8_t>(byte(rng));
  for (int8_t& x : b) x = static_cast<int8_t>(byte(rng));
  std::vector<int32_t> c(M * N);
  for (auto _ : state) {
    amx_int8_core_gemm_real(a.data(), b.data(), c.data(), M, N, K, state.range(3));
    benchmark::DoNotOptimize(c.data());
  }
  set_counters(state, static_cast<double>(M) * N * K, false);
}

std::vector<uint8_t> make_weights(DType t, int64_t N, int64_t K) {
  std::mt19937 rng(7);
  const size_t row = row_bytes(t, K);
  std::vector<uint8_t> w(row * N);
  std::normal_distribution<float> g(0.0f, 1.0f);
  std::vector<float> x(K);
  const int64_t pool = 16;
  for (int64_t n = 0; n < pool; ++n) {
    for (float& v : x) v = g(rng);
    quantize_row(t, x.data(), w.data() + n * row, K);
  }
  for (int64_t n = pool; n < N; ++n) std::memcpy(w.data() + n * row, w.data() + (n % pool) * row, row);
  return w;
}

struct Prepared {
  std::vector<uint8_t> rows;    // the file's layout
  std::unique_ptr<uint8_t[]> packed;  // the amx layout
  const MatmulKernel* kernel = nullptr;
  WeightView view;
};

bool prepare_weights(benchmark::State& state, DType t, int64_t N, int64_t K, Isa isa, Prepared& p) {
  const KernelRegistry& reg = KernelRegistry::instance();
  std::string why;
  p.rows = make_weights(t, N, K);
  if (isa == Isa::Amx) {
    const WeightPacker* packer = reg.choose_amx_packer(t, K, N, isa, &why);
    p.kernel = reg.choose_matmul(MatmulProblem{t, WeightLayout::AmxPanels, K, N}, isa, &why);
    if (!packer || !p.kernel) {
      state.SkipWithError(why.c_str());
      return false;
    }
    p.packed.reset(new uint8_t[packer->packed_bytes(t, K, N) + 64]);
    packer->pack(WeightView{p.rows.data(), row_bytes(t, K), t, K, N}, p.packed.get(), 0, N);
    p.view = WeightView{p.packed.get(), 0, t, K, N};
  } else {
    p.kernel = reg.choose_matmul(MatmulProblem{t, WeightLayout::Rows, K, N}, isa, &why);
    if (!p.kernel || p.kernel->isa != isa) {
      state.SkipWithError(("no kernel at this level: " + why).c_str());
      return false;
    }
    p.view = WeightView{p.rows.data(), row_bytes(t, K), t, K, N};
  }
  return true;
}

// forced_path: range(3) is the row count from which the int8 types take the wide path
// and range(4) which one (kernels/amx/layout.h), to compare the tile paths at one M.
void matmul_one_thread(benchmark::State& state, DType t, Isa isa, bool forced_path) {
  if (isa == Isa::Amx && !amx_usable(state)) return;
  const int64_t saved_from = amx_wide_min_rows();
  const AmxWide saved_wide = amx_wide();
  if (forced_path) {
    set_amx_wide_min_rows(state.range(3));
    set_amx_wide(state.range(4) == 1 ? AmxWide::Bf16 : AmxWide::Int8Groups);
  }
  if (isa == Isa::Avx512 && !check_isa_available(Isa::Avx512).ok()) {
    state.SkipWithError("no avx512");
    return;
  }
  const int64_t M = state.range(0), N = state.range(1), K = state.range(2);
  Prepared p;
  if (!prepare_weights(state, t, N, K, isa, p)) return;
  std::vector<float> src(M * K), dst(M * N);
  std::mt19937 rng(3);
  std::normal_distribution<float> g(0.0f, 1.0f);
  for (float& v : src) v = g(rng);
  MatmulArgs a;
  a.w = p.view;
  a.src = src.data();
  a.src_stride = K;
  a.dst = dst.data();
  a.dst_stride = N;
  a.M = M;
  std::vector<uint8_t> prepared(p.kernel->prepared_bytes(MatmulProblem{t, WeightLayout::Rows, K, N}, M) + 64);
  for (auto _ : state) {
    if (prepared.size() > 64) {
      p.kernel->prepare(a, prepared.data(), 0, M);
      a.src_prepared = prepared.data();
    }
    p.kernel->compute(a, 0, N);
    benchmark::DoNotOptimize(dst.data());
  }
  set_amx_wide_min_rows(saved_from);
  set_amx_wide(saved_wide);
  set_counters(state, static_cast<double>(M) * N * K, t == DType::BF16 || t == DType::F16);
  state.counters["weight_GB/s"] = benchmark::Counter(static_cast<double>(row_bytes(t, K) * N) / 1e9,
                                                     benchmark::Counter::kIsIterationInvariantRate);
}

void matmul_threads(benchmark::State& state, DType t) {
  if (!amx_usable(state)) return;
  const int64_t M = state.range(0), N = state.range(1), K = state.range(2);
  const int threads = static_cast<int>(state.range(3));
  Prepared p;
  if (!prepare_weights(state, t, N, K, Isa::Amx, p)) return;
  std::vector<float> src(M * K), dst(M * N);
  std::mt19937 rng(3);
  std::normal_distribution<float> g(0.0f, 1.0f);
  for (float& v : src) v = g(rng);
  ThreadPool pool(threads, true);
  OpContext ctx{pool, KernelRegistry::instance().row_kernels(Isa::Amx)};
  const MatmulWeight w{p.view, 0, 1, p.kernel};
  for (auto _ : state) {
    matmul(ctx, w, src.data(), K, dst.data(), N, M);
    benchmark::DoNotOptimize(dst.data());
  }
  set_counters(state, static_cast<double>(M) * N * K, t == DType::BF16 || t == DType::F16, threads);
  state.counters["weight_GB/s"] = benchmark::Counter(static_cast<double>(row_bytes(t, K) * N) / 1e9,
                                                     benchmark::Counter::kIsIterationInvariantRate);
}

void attention_one_thread(benchmark::State& state, Isa isa) {
  if (isa == Isa::Amx && !amx_usable(state)) return;
  if (!check_isa_available(isa).ok()) {
    state.SkipWithError("level not available");
    return;
  }
  const int64_t T = state.range(0), heads = state.range(1), kv = state.range(2), d = state.range(3);
  std::mt19937 rng(5);
  std::normal_distribution<float> g(0.0f, 1.0f);
  std::vector<float> q(T * heads * d), k(T * kv * d), v(T * kv * d), out(T * heads * d);
  for (float& x : q) x = g(rng);
  for (float& x : k) x = g(rng);
  for (float& x : v) x = g(rng);
  std::vector<int32_t> pos(T);
  for (int64_t t = 0; t < T; ++t) pos[t] = static_cast<int32_t>(t);
  const KernelRegistry& reg = KernelRegistry::instance();
  ThreadPool pool(1, true);
  OpContext ctx{pool, reg.row_kernels(isa), isa == Isa::Amx ? reg.choose_attention(isa, nullptr) : nullptr};
  const AttentionShape shape{heads, kv, d, d, 1.0f / std::sqrt(static_cast<float>(d))};
  for (auto _ : state) {
    attention(ctx, shape, q.data(), k.data(), v.data(), pos.data(), T, out.data());
    benchmark::DoNotOptimize(out.data());
  }
  const double keys = static_cast<double>(T) * static_cast<double>(T + 1) / 2;  // causal pairs
  state.counters["MAC/s"] = benchmark::Counter(keys * static_cast<double>(heads * 2 * d),
                                               benchmark::Counter::kIsIterationInvariantRate);
}

const std::pair<DType, const char*> kTypes[] = {{DType::Q4_0, "q4_0"}, {DType::Q8_0, "q8_0"}, {DType::Q4_K, "q4_k"},
                                                {DType::Q6_K, "q6_k"}, {DType::BF16, "bf16"}, {DType::F16, "f16"}};

void register_all() {
  for (Isa isa : {Isa::Amx, Isa::Avx512}) {
    benchmark::RegisterBenchmark((std::string("attention/") + isa_name(isa)).c_str(), attention_one_thread, isa)
        ->Args({512, 32, 4, 128})
        ->Args({512, 32, 8, 128})
        ->Unit(benchmark::kMillisecond);
  }
  for (int chains : {4, 6}) {
    const std::string c = "/chains:" + std::to_string(chains);
    benchmark::RegisterBenchmark(("amx/peak/int8" + c).c_str(), peak, false, chains)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("amx/peak/bf16" + c).c_str(), peak, true, chains)->Unit(benchmark::kMillisecond);
  }
  benchmark::RegisterBenchmark("amx/int8_core", int8_core)
      ->Args({2048, 2048, 2048, 4})
      ->Args({2048, 2048, 2048, 8})
      ->Args({2048, 2048, 2048, 16})
      ->Args({2048, 2048, 2048, 32})
      ->Args({4096, 4096, 4096, 8})
      ->Unit(benchmark::kMillisecond);
  for (const auto& [t, name] : kTypes) {
    for (Isa isa : {Isa::Amx, Isa::Avx512}) {
      const std::string n = std::string(isa == Isa::Amx ? "amx" : "avx512") + "/matmul/" + name;
      auto* b = benchmark::RegisterBenchmark(n.c_str(), matmul_one_thread, t, isa, false);
      b->Args({2048, 2048, 2048})->Args({1, 4096, 4096})->Args({32, 4096, 4096})->Unit(benchmark::kMillisecond);
    }
    if (t == DType::Q4_0 || t == DType::Q8_0 || t == DType::Q4_K) {
      // The int8 tiles per 32 K (the wide path from 2^30 rows) against the wide paths
      // from 16: int8 groups (W 0) and bf16 tiles (W 1).
      auto* b = benchmark::RegisterBenchmark((std::string("amx/matmul_path/") + name).c_str(), matmul_one_thread, t,
                                             Isa::Amx, true);
      const int64_t kPaths[3][2] = {{int64_t{1} << 30, 0}, {16, 0}, {16, 1}};
      for (int64_t m : {16, 32, 64, 128, 256, 512, 2048}) {
        const int64_t n = m == 2048 ? 2048 : 4096;
        for (const auto& p : kPaths) b->Args({m, n, n, p[0], p[1]});
      }
      // A Qwen3-30B-A3B expert (gate or up: 2048 -> 768, down: 768 -> 2048) at the ~32 rows
      // an expert gets in a 512-token prompt.
      for (int64_t m : {16, 32, 48}) {
        for (const auto& p : kPaths) b->Args({m, 768, 2048, p[0], p[1]})->Args({m, 2048, 768, p[0], p[1]});
      }
      b->Unit(benchmark::kMillisecond);
    }
    const std::string n = std::string("amx/matmul_mt/") + name;
    benchmark::RegisterBenchmark(n.c_str(), matmul_threads, t)
        ->Args({512, 4096, 4096, 1})
        ->Args({512, 4096, 4096, 4})
        ->Args({512, 4096, 4096, 8})
        ->Args({512, 4096, 4096, 16})
        ->Args({1, 4096, 14336, 16})
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
}

}  // namespace
}  // namespace tl

int main(int argc, char** argv) {
  std::printf("CPU: %s\n", tl::cpu_features().to_string().c_str());
  benchmark::Initialize(&argc, argv);
  tl::register_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
