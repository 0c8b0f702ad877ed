// The amx and amx-emu levels' registration: kernel entries built from the constant
// tables of matmul_amx.cpp and matmul_emu.cpp, the checks that stand between a real
// tile instruction and a SIGILL, and the per-thread scratch. Compiled without ISA
// flags, like every file that runs before a level is known to be usable.
#include <string>
#include <vector>

#include "kernels/amx/amx.h"
#include "kernels/amx/attention_tiles.h"
#include "kernels/amx/int8_groups.h"
#include "kernels/amx/tile_gemm.h"
#include "kernels/amx/layout.h"
#include "kernels/common/act_quant.h"
#include "kernels/registry.h"
#include "runtime/cpu_features.h"

namespace tl {

void add_amx_packers(KernelRegistry& r);

uint8_t* amx_thread_scratch(size_t bytes) {
  thread_local std::vector<uint8_t> buffer;
  if (buffer.size() < bytes + 64) buffer.resize(bytes + 64);
  const uintptr_t p = reinterpret_cast<uintptr_t>(buffer.data());
  return buffer.data() + ((64 - p % 64) % 64);
}

namespace {
// Measured on the Xeon (amx_bench, 4096 x 4096): see docs/benchmarks.md.
int64_t g_wide_min_rows = 64;
AmxWide g_wide = AmxWide::Int8Groups;
}  // namespace

int64_t amx_wide_min_rows() { return g_wide_min_rows; }
void set_amx_wide_min_rows(int64_t rows) { g_wide_min_rows = rows; }
AmxWide amx_wide() { return g_wide; }
void set_amx_wide(AmxWide wide) { g_wide = wide; }
int64_t amx_group_k() { return kGroupK; }

namespace {

constexpr const char* kRealNames[kAmxTypeCount] = {
    "matmul_q8_0_amx", "matmul_q4_0_amx", "matmul_q4_1_amx", "matmul_q4_k_amx",
    "matmul_q5_k_amx", "matmul_q6_k_amx", "matmul_bf16_amx", "matmul_f16_amx"};
constexpr const char* kEmuNames[kAmxTypeCount] = {
    "matmul_q8_0_amx_emu", "matmul_q4_0_amx_emu", "matmul_q4_1_amx_emu", "matmul_q4_k_amx_emu",
    "matmul_q5_k_amx_emu", "matmul_q6_k_amx_emu", "matmul_bf16_amx_emu", "matmul_f16_amx_emu"};

// Real tiles need the CPUID bits, the OS's permission (asked once per process; tile
// configuration itself is per thread and done by each kernel call), and AVX-512 VNNI
// for the few-row path and the tile bookkeeping.
bool real_amx_usable(DType type, std::string* why) {
  const CpuFeatures& c = cpu_features();
  // Every type may take bf16 tiles (the int8 types at many rows), and their weights are
  // rounded to bf16 with AVX-512 BF16.
  if (!c.amx_tile || !c.amx_bf16 || !(amx_float_type(type) || c.amx_int8)) {
    *why = "needs amx_tile, amx_bf16 and (for the quant types) amx_int8";
    return false;
  }
  if (!c.has_avx512_level() || !c.avx512vnni || !c.avx512bf16) {
    *why = "needs avx512 f/bw/vl/dq, avx512_vnni and avx512_bf16 beside the tiles";
    return false;
  }
  std::string refusal;
  if (!request_amx_permission(&refusal)) {
    *why = "Linux did not grant AMX tile permission (" + refusal + ")";
    return false;
  }
  return true;
}

template <int kIndex, bool kReal>
bool accepts(const MatmulProblem& p, std::string* why) {
  constexpr DType type = kAmxTypes[kIndex];
  if (!accepts_panels(p, WeightLayout::AmxPanels, type, "needs the amx-panels layout (the amx buffer type)", why)) {
    return false;
  }
  if constexpr (kReal) return real_amx_usable(type, why);
  return true;
}

template <int kIndex>
size_t prepared_bytes(const MatmulProblem& p, int64_t M) {
  constexpr DType type = kAmxTypes[kIndex];
  // The vector paths read the float rows (float types) or int8 rows; the tiles want
  // int8 rows or bf16 tiles (F16: hi and lo planes, tile_gemm.h).
  if constexpr (amx_float_type(type)) {
    if (M < kTileMinRows) return 0;
    return bf16_tiles_prepared_bytes(p.K, M, type == DType::F16 ? 2 : 1);
  }
  switch (amx_int8_path(M)) {
    case AmxInt8Path::Bf16Tiles: return bf16_tiles_prepared_bytes(p.K, M, 1);
    case AmxInt8Path::Int8Groups: return ActGroups(p.K, M).bytes();
    default: return static_cast<size_t>(prepared_rows(M) * Act32(p.K).stride);
  }
}

// Columns per compute() call: two panel pairs (the tile path's register block is one
// pair); four panels are the vector path's decode tile (panel_vector.h).
constexpr int64_t kAmxNBlock = 4 * kPanelCols;

template <bool kReal, size_t... kI>
void add_kernels(KernelRegistry& r, std::index_sequence<kI...>) {
  const AmxKernelFns* fns = kReal ? kAmxRealKernels : kAmxEmuKernels;
  const char* const* names = kReal ? kRealNames : kEmuNames;
  (r.add_matmul(MatmulKernel{names[kI], kReal ? Isa::Amx : Isa::AmxEmu, accepts<kI, kReal>, prepared_bytes<kI>,
                             fns[kI].prepare, fns[kI].compute, kAmxNBlock}),
   ...);
}

bool attention_accepts_real(std::string* why) { return real_amx_usable(DType::BF16, why); }
bool attention_accepts_emu(std::string*) { return true; }

}  // namespace

void register_amx(KernelRegistry& r) {
  add_kernels<true>(r, std::make_index_sequence<kAmxTypeCount>{});
  r.add_attention(AttentionKernel{"attend_bf16_tiles_amx", Isa::Amx, attention_accepts_real, attention_packed_bytes,
                                  AttentionGeometry::kChunk, kAmxRealAttention.pack, kAmxRealAttention.attend});
}

void register_amx_emu(KernelRegistry& r) {
  add_kernels<false>(r, std::make_index_sequence<kAmxTypeCount>{});
  add_amx_packers(r);
  r.add_attention(AttentionKernel{"attend_bf16_tiles_amx_emu", Isa::AmxEmu, attention_accepts_emu,
                                  attention_packed_bytes, AttentionGeometry::kChunk, kAmxEmuAttention.pack,
                                  kAmxEmuAttention.attend});
}

}  // namespace tl
