// Dense and per-expert matmul: threading around the kernel chosen at placement.
#include "ops/matmul.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <numeric>
#include <utility>

#include "util/check.h"

namespace tl {
namespace {

MatmulProblem problem_of(const WeightView& v) { return MatmulProblem{v.type, WeightLayout::Rows, v.K, v.N}; }

// Preparing this many activation elements or fewer is left to the calling thread: a
// decode row (4096 floats) quantizes in about a microsecond, less than a pool wake-up.
constexpr int64_t kInlinePrepareElems = 1 << 16;

// Converts activations into the kernel's format, rows spread over all threads.
void prepare_rows(ThreadPool& pool, const MatmulKernel& k, const MatmulArgs& a, void* prepared) {
  if (a.M * a.w.K <= kInlinePrepareElems || a.M == 1) {
    k.prepare(a, prepared, 0, a.M);
    return;
  }
  pool.parallel_for(a.M, [&](int64_t m0, int64_t m1, int) {
    if (m0 < m1) k.prepare(a, prepared, m0, m1);
  });
}

// Column blocks per chunk at most: enough for a kernel's own blocking (the AMX bf16
// tiles reuse an activation slice over 4 blocks), small enough to balance.
constexpr int64_t kMaxChunkBlocks = 8;

// Claims the next guided chunk of n items from cursor: a share of what is left ((n -
// first) / (2 nth), from 1 to kMaxChunkBlocks), at most limit(first) items. Returns
// {first, count}; count 0 when nothing is left.
template <class Limit>
std::pair<int64_t, int64_t> claim_chunk(std::atomic<int64_t>& cursor, int64_t n, int nth, Limit limit) {
  int64_t first = cursor.load(std::memory_order_relaxed);
  int64_t take = 0;
  do {
    if (first >= n) return {n, 0};
    take = std::min(std::clamp<int64_t>((n - first) / (2 * nth), 1, kMaxChunkBlocks), limit(first));
  } while (!cursor.compare_exchange_weak(first, first + take, std::memory_order_relaxed));
  return {first, take};
}

// A narrow matrix (fewer column blocks than this many per thread) over many rows, on a
// kernel that reads float rows directly, is split by rows instead: each thread then
// streams all weights once and keeps its own rows in cache, where a column split made
// every thread re-read all the rows for each few columns (a MoE router, 128 x 2048
// f32, 512 tokens: ~0.5 ms per layer).
constexpr int64_t kRowSplitBlocksPerThread = 4;
constexpr int64_t kRowSplitRows = 16;  // rows per thread at least

// dst rows [m0, m1) of a kernel without prepared activations: the same call on a view.
void compute_rows(const MatmulKernel& k, const MatmulArgs& a, int64_t m0, int64_t m1) {
  MatmulArgs part = a;
  part.src = a.src + m0 * a.src_stride;
  part.dst = a.dst + m0 * a.dst_stride;
  part.M = m1 - m0;
  k.compute(part, 0, a.w.N);
}

}  // namespace

void matmul(OpContext& ctx, const MatmulWeight& w, const float* src, int64_t src_stride,
            float* dst, int64_t dst_stride, int64_t M) {
  const MatmulOut out{&w, dst, dst_stride};
  const MatmulKernel& k = *w.kernel;
  const int nth = ctx.pool.size();
  const bool narrow = (w.view.N + k.n_block - 1) / k.n_block < kRowSplitBlocksPerThread * nth;
  if (narrow && M >= kRowSplitRows * nth && k.prepared_bytes(problem_of(w.view), M) == 0) {
    MatmulArgs a;
    a.w = w.view;
    a.src = src;
    a.src_stride = src_stride;
    a.dst = dst;
    a.dst_stride = dst_stride;
    a.M = M;
    ctx.pool.parallel_for(M, [&](int64_t m0, int64_t m1, int) {
      if (m0 < m1) compute_rows(k, a, m0, m1);
    });
    return;
  }
  matmul_shared_src(ctx, std::span<const MatmulOut>(&out, 1), src, src_stride, M);
}

namespace {

constexpr size_t kMaxSharedOuts = 4;

// The kernel arguments of each output of one src, with the activations prepared once
// per distinct kernel and K (into `prepared`, the calling thread's scratch: the workers
// see it through the args' pointers).
void prepare_shared_src(OpContext& ctx, std::span<const MatmulOut> outs, const float* src, int64_t src_stride,
                        int64_t M, MatmulArgs* args) {
  TL_CHECK(!outs.empty() && outs.size() <= kMaxSharedOuts, "a shared-src matmul takes 1 to 4 outputs");
  size_t prepared_offset[kMaxSharedOuts] = {};
  thread_local std::vector<uint8_t> prepared;
  size_t prepared_total = 0;
  for (size_t i = 0; i < outs.size(); ++i) {
    const MatmulWeight& w = *outs[i].w;
    TL_CHECK(w.kernel != nullptr, "matmul weight without a kernel");
    MatmulArgs& a = args[i];
    a.w = w.view;
    a.src = src;
    a.src_stride = src_stride;
    a.dst = outs[i].dst;
    a.dst_stride = outs[i].dst_stride;
    a.M = M;
    // The same kernel at the same K prepares the same bytes: reuse an earlier output's.
    size_t reuse = i;
    for (size_t j = 0; j < i; ++j) {
      if (outs[j].w->kernel == w.kernel && outs[j].w->view.K == w.view.K) reuse = j;
    }
    if (reuse != i) {
      prepared_offset[i] = prepared_offset[reuse];
    } else {
      prepared_offset[i] = prepared_total;
      prepared_total += w.kernel->prepared_bytes(problem_of(w.view), M);
    }
  }
  prepared.resize(prepared_total);
  for (size_t i = 0; i < outs.size(); ++i) {
    const MatmulKernel& k = *outs[i].w->kernel;
    if (k.prepared_bytes(problem_of(args[i].w), M) == 0) continue;
    args[i].src_prepared = prepared.data() + prepared_offset[i];
    bool done = false;
    for (size_t j = 0; j < i; ++j) done = done || args[j].src_prepared == args[i].src_prepared;
    if (!done) prepare_rows(ctx.pool, k, args[i], prepared.data() + prepared_offset[i]);
  }
}

// Runs compute(first, count) over n_items work items on all threads, in guided chunks
// from an atomic cursor, large first and shrinking to one item: cores of one machine do
// not always run equally fast (the Xeon KVM guest's vCPUs differed up to 2.4x in tile
// throughput within the same second), and with static ranges every matmul waited for
// the slowest (there, amx, pp512: llama3-8b Q4_0 228-240 -> 308-310 t/s, qwen3-30b-a3b
// Q4_0 314-325 -> 350-353).
template <class Compute>
void run_guided(OpContext& ctx, int64_t n_items, const Compute& compute) {
  std::atomic<int64_t> cursor{0};
  ctx.pool.run([&](int, int nth) {
    for (;;) {
      const auto [first, take] = claim_chunk(cursor, n_items, nth, [](int64_t) { return kMaxChunkBlocks; });
      if (take == 0) return;
      compute(first, take);
    }
  });
}

}  // namespace

void matmul_shared_src(OpContext& ctx, std::span<const MatmulOut> outs, const float* src, int64_t src_stride,
                       int64_t M) {
  MatmulArgs args[kMaxSharedOuts];
  prepare_shared_src(ctx, outs, src, src_stride, M, args);
  // One region over every output's column blocks; a chunk may span outputs.
  const int64_t n_outs = static_cast<int64_t>(outs.size());
  int64_t first_block[kMaxSharedOuts + 1] = {};
  for (int64_t i = 0; i < n_outs; ++i) {
    const int64_t n_block = outs[static_cast<size_t>(i)].w->kernel->n_block;
    first_block[i + 1] = first_block[i] + (args[i].w.N + n_block - 1) / n_block;
  }
  run_guided(ctx, first_block[n_outs], [&](int64_t b0, int64_t take) {
    const int64_t b1 = b0 + take;
    for (int64_t i = 0; i < n_outs; ++i) {
      const int64_t lo = std::max(b0, first_block[i]);
      const int64_t hi = std::min(b1, first_block[i + 1]);
      if (lo >= hi) continue;
      const MatmulKernel& k = *outs[static_cast<size_t>(i)].w->kernel;
      const int64_t N = args[i].w.N;
      k.compute(args[i], (lo - first_block[i]) * k.n_block, std::min(N, (hi - first_block[i]) * k.n_block));
    }
  });
}

void matmul_swiglu(OpContext& ctx, const MatmulWeight& gate, const MatmulWeight& up, const float* src,
                   int64_t src_stride, float* gate_dst, float* up_dst, int64_t dst_stride, int64_t M) {
  const int64_t N = gate.view.N;
  TL_CHECK(up.view.N == N && up.view.K == gate.view.K, "matmul_swiglu: gate and up must have the same shape");
  const MatmulOut outs[] = {{&gate, gate_dst, dst_stride}, {&up, up_dst, dst_stride}};
  MatmulArgs args[2];
  prepare_shared_src(ctx, outs, src, src_stride, M, args);
  // Work items of `unit` columns: whole blocks of both kernels, and a multiple of 16 so
  // that the row kernel's vector / scalar split of a row lands where swiglu_rows puts it
  // (the bit-identity above). A chunk goes in pieces of at most kPieceCols, each fused
  // while its 2 x M x kPieceCols floats are in L2.
  constexpr int64_t kPieceCols = 256;
  const int64_t unit = std::lcm(std::lcm(gate.kernel->n_block, up.kernel->n_block), int64_t{16});
  const int64_t piece_units = std::max<int64_t>(1, kPieceCols / unit);
  run_guided(ctx, (N + unit - 1) / unit, [&](int64_t u0, int64_t take) {
    for (int64_t u = u0; u < u0 + take; u += piece_units) {
      const int64_t c0 = u * unit;
      const int64_t c1 = std::min(N, std::min(u0 + take, u + piece_units) * unit);
      gate.kernel->compute(args[0], c0, c1);
      up.kernel->compute(args[1], c0, c1);
      for (int64_t m = 0; m < M; ++m) {
        float* g = gate_dst + m * dst_stride + c0;
        ctx.rows.swiglu(g, up_dst + m * dst_stride + c0, g, c1 - c0);
      }
    }
  });
}

void matmul_experts(OpContext& ctx, const MatmulWeight& w, std::span<const ExpertRows> groups,
                    const float* src, int64_t src_stride, float* dst, int64_t dst_stride) {
  const MatmulOut out{&w, dst, dst_stride};
  matmul_experts(ctx, std::span<const MatmulOut>(&out, 1), groups, src, src_stride);
}

void matmul_experts(OpContext& ctx, std::span<const MatmulOut> outs, std::span<const ExpertRows> groups,
                    const float* src, int64_t src_stride) {
  constexpr size_t kMaxOuts = 2;
  TL_CHECK(!outs.empty() && outs.size() <= kMaxOuts, "matmul_experts takes 1 or 2 outputs");
  const size_t n_outs = outs.size();
  const int64_t K = outs[0].w->view.K;
  for (const MatmulOut& o : outs) {
    TL_CHECK(o.w->kernel != nullptr, "matmul weight without a kernel");
    TL_CHECK(o.w->view.K == K, "matmul_experts outputs must share K");
  }

  // Each expert's rows as one block of consecutive rows: where its src (dst) rows are
  // consecutive already, read (write) them in place; otherwise gather them into (total
  // rows, K) in, and per output (total rows, N) out, as first_row says. Kernels that
  // prepare their activations read src in prepare() only (matmul_kernel.h): for them
  // scattered src rows are prepared one by one where they lie, not gathered first.
  const auto consecutive = [](const std::vector<int64_t>& rows) {
    if (rows.empty()) return false;  // nothing to point at (and nothing to copy)
    for (size_t i = 1; i < rows.size(); ++i) {
      if (rows[i] != rows[0] + static_cast<int64_t>(i)) return false;
    }
    return true;
  };
  std::vector<int64_t> first_row(groups.size() + 1, 0);
  std::vector<bool> src_in_place(groups.size()), prepare_in_place(groups.size()), dst_in_place(groups.size());
  int64_t to_gather = 0, to_scatter = 0;
  for (size_t g = 0; g < groups.size(); ++g) {
    const int64_t rows = static_cast<int64_t>(groups[g].src_rows.size());
    first_row[g + 1] = first_row[g] + rows;
    src_in_place[g] = consecutive(groups[g].src_rows);
    bool all_prepare = true;
    for (const MatmulOut& o : outs) all_prepare = all_prepare && o.w->kernel->prepared_bytes(problem_of(o.w->view), rows) > 0;
    prepare_in_place[g] = !src_in_place[g] && all_prepare;
    dst_in_place[g] = consecutive(groups[g].dst_rows);
    to_gather += src_in_place[g] || prepare_in_place[g] ? 0 : rows;
    to_scatter += dst_in_place[g] ? 0 : rows;
  }
  const int64_t total = first_row.back();
  if (total == 0) return;
  // Scratch reused across calls. Plain references, because the worker threads must see
  // the calling thread's buffers, not their own thread_local instances.
  thread_local std::vector<float> src_scratch, dst_scratch[kMaxOuts];
  thread_local std::vector<uint8_t> prepared_scratch;
  std::vector<float>& gathered_src = src_scratch;
  std::vector<uint8_t>& prepared = prepared_scratch;
  float* gathered_dst[kMaxOuts] = {};
  if (to_gather > 0) gathered_src.resize(static_cast<size_t>(total * K));

  // args[o][g]; an output whose kernel equals an earlier one's reads that one's prepared
  // activations (gate and up: one quantization of the gathered rows, not two).
  std::vector<MatmulArgs> args[kMaxOuts];
  size_t share[kMaxOuts];
  size_t prepared_total = 0;
  std::vector<size_t> prepared_offset[kMaxOuts];
  for (size_t o = 0; o < n_outs; ++o) {
    const MatmulWeight& w = *outs[o].w;
    const int64_t N = w.view.N;
    if (to_scatter > 0) dst_scratch[o].resize(static_cast<size_t>(total * N));
    gathered_dst[o] = dst_scratch[o].data();
    share[o] = o;
    for (size_t j = 0; j < o; ++j) {
      if (outs[j].w->kernel == w.kernel) share[o] = j;
    }
    args[o].resize(groups.size());
    prepared_offset[o].resize(groups.size());
    for (size_t g = 0; g < groups.size(); ++g) {
      MatmulArgs& a = args[o][g];
      a.w = w.expert(groups[g].expert);
      if (src_in_place[g]) {
        a.src = src + groups[g].src_rows[0] * src_stride;
        a.src_stride = src_stride;
      } else if (prepare_in_place[g]) {
        a.src = nullptr;  // prepare() gets each row where it lies; compute() reads none
      } else {
        a.src = gathered_src.data() + first_row[g] * K;
        a.src_stride = K;
      }
      if (dst_in_place[g]) {
        a.dst = outs[o].dst + groups[g].dst_rows[0] * outs[o].dst_stride;
        a.dst_stride = outs[o].dst_stride;
      } else {
        a.dst = gathered_dst[o] + first_row[g] * N;
        a.dst_stride = N;
      }
      a.M = static_cast<int64_t>(groups[g].src_rows.size());
      if (share[o] == o) {
        prepared_offset[o][g] = prepared_total;
        prepared_total += w.kernel->prepared_bytes(problem_of(a.w), a.M);
      }
    }
  }
  prepared.resize(prepared_total);
  for (size_t o = 0; o < n_outs; ++o) {
    const size_t from = share[o];
    for (size_t g = 0; g < groups.size(); ++g) {
      if (outs[from].w->kernel->prepared_bytes(problem_of(args[o][g].w), args[o][g].M) > 0) {
        args[o][g].src_prepared = prepared.data() + prepared_offset[from][g];
      }
    }
  }

  // Work items: (group, output, column block), an expert's items adjacent. An atomic
  // cursor hands them out so threads that drew small experts take more items.
  int64_t first_block[kMaxOuts + 1] = {};
  for (size_t o = 0; o < n_outs; ++o) {
    const MatmulKernel& k = *outs[o].w->kernel;
    first_block[o + 1] = first_block[o] + (outs[o].w->view.N + k.n_block - 1) / k.n_block;
  }
  const int64_t per_group = first_block[n_outs];
  const int64_t n_items = static_cast<int64_t>(groups.size()) * per_group;
  std::atomic<int64_t> cursor{0};
  // Phase 1: gather (and prepare) the rows of every group, split over threads; a decode
  // token's few rows are done by the calling thread, which saves two barriers.
  const auto gather = [&](int ith, int nth) {
    for (int64_t r = ith; r < total; r += nth) {
      const size_t g = static_cast<size_t>(std::upper_bound(first_row.begin(), first_row.end(), r) -
                                           first_row.begin() - 1);
      if (src_in_place[g] || prepare_in_place[g]) continue;
      const int64_t src_row = groups[g].src_rows[static_cast<size_t>(r - first_row[g])];
      std::memcpy(gathered_src.data() + r * K, src + src_row * src_stride, sizeof(float) * K);
    }
  };
  const auto prepare = [&](int ith, int nth) {
    for (size_t i = ith; i < n_outs * groups.size(); i += nth) {
      const size_t o = i / groups.size();
      const size_t g = i % groups.size();
      const MatmulArgs& a = args[o][g];
      if (share[o] != o || !a.src_prepared) continue;
      const MatmulKernel& k = *outs[o].w->kernel;
      void* prepared_rows = const_cast<void*>(a.src_prepared);
      if (!prepare_in_place[g]) {
        k.prepare(a, prepared_rows, 0, a.M);
        continue;
      }
      MatmulArgs row = a;  // row m read where it lies: src_stride 0 puts it at src + m * 0
      row.src_stride = 0;
      for (int64_t m = 0; m < a.M; ++m) {
        row.src = src + groups[g].src_rows[static_cast<size_t>(m)] * src_stride;
        k.prepare(row, prepared_rows, m, m + 1);
      }
    }
  };
  const bool inline_phase1 = total * K <= kInlinePrepareElems;
  if (inline_phase1) {
    gather(0, 1);
    prepare(0, 1);
  }
  ctx.pool.run([&](int ith, int nth) {
    if (!inline_phase1) {
      gather(ith, nth);
      ctx.pool.barrier();
      prepare(ith, nth);
      ctx.pool.barrier();
    }
    // Phase 2: the products, in guided chunks of column blocks within one (expert,
    // output), as ops::matmul's: one compute() call over consecutive blocks lets the
    // kernel prefetch each block's weights during the one before, where single items
    // started every block cold.
    const auto output_of = [&](int64_t b) -> size_t { return b < first_block[1] ? 0 : 1; };
    for (;;) {
      const auto [item, take] = claim_chunk(cursor, n_items, nth, [&](int64_t i) {
        const int64_t b = i % per_group;
        return first_block[output_of(b) + 1] - b;  // blocks left in this output
      });
      if (take == 0) break;
      const size_t g = static_cast<size_t>(item / per_group);
      const size_t o = output_of(item % per_group);
      const MatmulKernel& k = *outs[o].w->kernel;
      const int64_t n0 = (item % per_group - first_block[o]) * k.n_block;
      k.compute(args[o][g], n0, std::min(outs[o].w->view.N, n0 + take * k.n_block));
    }
    if (to_scatter == 0) return;
    ctx.pool.barrier();
    // Phase 3: scatter results back to their rows.
    for (int64_t r = ith; r < total; r += nth) {
      const size_t g = static_cast<size_t>(std::upper_bound(first_row.begin(), first_row.end(), r) -
                                           first_row.begin() - 1);
      if (dst_in_place[g]) continue;
      const int64_t dst_row = groups[g].dst_rows[static_cast<size_t>(r - first_row[g])];
      for (size_t o = 0; o < n_outs; ++o) {
        const int64_t N = outs[o].w->view.N;
        std::memcpy(outs[o].dst + dst_row * outs[o].dst_stride, gathered_dst[o] + r * N, sizeof(float) * N);
      }
    }
  });
}

}  // namespace tl
