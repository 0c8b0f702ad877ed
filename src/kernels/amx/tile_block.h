// The register block of the full-depth tile loops (tile_gemm.h, attention_tiles.h) on a tile
// policy T: C tiles 0..3, C tile (i, j) = 2i + j holding rows 16i.. and columns 16j.. of
// a 32 x 32 f32 (int8: int32) block; A tiles 4, 5 (rows 0-15, 16-31) and B tiles 6, 7 (columns 0-15,
// 16-31), all 16 x 64 bytes (make_full_config). MT x NT (1 or 2 each) of them in use.
//
// Included only by kernel bodies; anonymous namespace.
#pragma once

#include <cstddef>

#include "kernels/amx/tile_config.h"

namespace tl {
namespace {

template <class T, int MT, int NT>
struct TileBlock {
  static void zero_c() {
    T::template zero<0>();
    if constexpr (NT > 1) T::template zero<1>();
    if constexpr (MT > 1) T::template zero<2>();
    if constexpr (MT > 1 && NT > 1) T::template zero<3>();
  }
  // C from / to a row-major block (f32, or int32 for tdpbssd) whose rows are `stride`
  // bytes apart.
  template <class E>
  static void load_c(const E* c, size_t stride) {
    const size_t down = 16 * stride / sizeof(E);
    T::template load<0>(c, stride);
    if constexpr (NT > 1) T::template load<1>(c + 16, stride);
    if constexpr (MT > 1) T::template load<2>(c + down, stride);
    if constexpr (MT > 1 && NT > 1) T::template load<3>(c + down + 16, stride);
  }
  template <class E>
  static void store_c(E* c, size_t stride) {
    const size_t down = 16 * stride / sizeof(E);
    T::template store<0>(c, stride);
    if constexpr (NT > 1) T::template store<1>(c + 16, stride);
    if constexpr (MT > 1) T::template store<2>(c + down, stride);
    if constexpr (MT > 1 && NT > 1) T::template store<3>(c + down + 16, stride);
  }
  // Dense 1 KiB tiles; a1 (b1) is read only when MT (NT) is 2.
  static void load_a(const void* a0, const void* a1) {
    T::template load<4>(a0, kTileBytes);
    if constexpr (MT > 1) T::template load<5>(a1, kTileBytes);
  }
  static void load_b(const void* b0, const void* b1) {
    T::template load<6>(b0, kTileBytes);
    if constexpr (NT > 1) T::template load<7>(b1, kTileBytes);
  }
  static void dpbf16ps() {
    T::template dpbf16ps<0, 4, 6>();
    if constexpr (NT > 1) T::template dpbf16ps<1, 4, 7>();
    if constexpr (MT > 1) T::template dpbf16ps<2, 5, 6>();
    if constexpr (MT > 1 && NT > 1) T::template dpbf16ps<3, 5, 7>();
  }
  static void dpbssd() {
    T::template dpbssd<0, 4, 6>();
    if constexpr (NT > 1) T::template dpbssd<1, 4, 7>();
    if constexpr (MT > 1) T::template dpbssd<2, 5, 6>();
    if constexpr (MT > 1 && NT > 1) T::template dpbssd<3, 5, 7>();
  }
};

}  // namespace
}  // namespace tl
