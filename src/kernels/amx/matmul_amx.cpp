// The AMX kernels on real tiles: kernel_body.h and attention_tiles.h on TilesAmx and
// VecAvx512. Compiled
// with the AMX and AVX-512 flags (src/kernels/CMakeLists.txt), so nothing here may run
// before register.cpp's accepts() has checked the CPU and the OS permission: this file
// exports only constant tables of function pointers and the tile probe.
#include "kernels/amx/attention_tiles.h"
#include "kernels/amx/kernel_body.h"
#include "kernels/amx/tile_amx.h"
#include "kernels/amx/vec_avx512.h"

namespace tl {

constinit const AmxKernelFns kAmxRealKernels[kAmxTypeCount] = {
    KernelTable<TilesAmx, VecAvx512>().fns[0], KernelTable<TilesAmx, VecAvx512>().fns[1],
    KernelTable<TilesAmx, VecAvx512>().fns[2], KernelTable<TilesAmx, VecAvx512>().fns[3],
    KernelTable<TilesAmx, VecAvx512>().fns[4], KernelTable<TilesAmx, VecAvx512>().fns[5],
    KernelTable<TilesAmx, VecAvx512>().fns[6], KernelTable<TilesAmx, VecAvx512>().fns[7]};

constinit const AmxAttentionFns kAmxRealAttention = {TileAttention<TilesAmx, VecAvx512>::pack,
                                                      TileAttention<TilesAmx, VecAvx512>::attend};

void amx_tile_probe_real(TileOp op, int rows, int groups, int lanes, const void* a, const void* b, void* c) {
  tile_probe<TilesAmx>(op, rows, groups, lanes, a, b, c);
}

void amx_int8_core_gemm_real(const int8_t* a, const int8_t* b, int32_t* c, int64_t M, int64_t N, int64_t K,
                             int64_t pass_steps) {
  int8_core_gemm<TilesAmx>(a, b, c, M, N, K, pass_steps);
}

void amx_peak_loop_real(int64_t n_ops, bool bf16, int chains) {
  if (chains > 4) {
    peak_loop<TilesAmx, 6>(n_ops, bf16);
  } else {
    peak_loop<TilesAmx, 4>(n_ops, bf16);
  }
}

}  // namespace tl
