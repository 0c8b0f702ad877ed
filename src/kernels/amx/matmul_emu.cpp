// The AMX kernels on emulated tiles: kernel_body.h and attention_tiles.h on TilesEmu and
// VecPortable, for the amx-emu level. Compiled without ISA flags, so it runs on any x86-64 (CI).
#include "kernels/amx/attention_tiles.h"
#include "kernels/amx/kernel_body.h"
#include "kernels/amx/tile_emu.h"
#include "kernels/amx/vec_portable.h"

namespace tl {

constinit const AmxKernelFns kAmxEmuKernels[kAmxTypeCount] = {
    KernelTable<TilesEmu, VecPortable>().fns[0], KernelTable<TilesEmu, VecPortable>().fns[1],
    KernelTable<TilesEmu, VecPortable>().fns[2], KernelTable<TilesEmu, VecPortable>().fns[3],
    KernelTable<TilesEmu, VecPortable>().fns[4], KernelTable<TilesEmu, VecPortable>().fns[5],
    KernelTable<TilesEmu, VecPortable>().fns[6], KernelTable<TilesEmu, VecPortable>().fns[7]};

constinit const AmxAttentionFns kAmxEmuAttention = {TileAttention<TilesEmu, VecPortable>::pack,
                                                     TileAttention<TilesEmu, VecPortable>::attend};

void amx_tile_probe_emu(TileOp op, int rows, int groups, int lanes, const void* a, const void* b, void* c) {
  tile_probe<TilesEmu>(op, rows, groups, lanes, a, b, c);
}

void amx_int8_core_gemm_emu(const int8_t* a, const int8_t* b, int32_t* c, int64_t M, int64_t N, int64_t K,
                             int64_t pass_steps) {
  int8_core_gemm<TilesEmu>(a, b, c, M, N, K, pass_steps);
}

}  // namespace tl
