// TilesAmx: the tile interface of tile_config.h on real AMX tiles.
//
// The compilers' tile intrinsics are macros that paste the tile number into the
// instruction text, so a template parameter cannot reach them; these wrappers emit the
// same instructions with the number as an immediate ("i" operand, printed by %c).
// AT&T operand order: tdpbssd %tmm(b), %tmm(a), %tmm(c) is Intel's tdpbssd c, a, b.
// Every asm statement is volatile with a memory clobber, so tile loads and stores stay
// ordered with the plain loads and stores around them.
//
// Included only by the translation unit compiled with -mamx-tile -mamx-int8 -mamx-bf16;
// callers must have checked cpu_features() and request_amx_permission() (registry
// accepts()), or the first tile instruction raises SIGILL. Anonymous namespace as in
// kernels/common/simd_avx2.h.
#pragma once

#include <immintrin.h>

#include <cstddef>

#include "kernels/amx/tile_config.h"

namespace tl {
namespace {

struct TilesAmx {
  static void configure(const TileConfig& c) { _tile_loadconfig(&c); }
  static void release() { _tile_release(); }

  template <int t>
  static void load(const void* p, size_t stride) {
    __asm__ volatile("tileloadd (%0,%1,1), %%tmm%c2" : : "r"(p), "r"(stride), "i"(t) : "memory");
  }
  template <int t>
  static void store(void* p, size_t stride) {
    __asm__ volatile("tilestored %%tmm%c2, (%0,%1,1)" : : "r"(p), "r"(stride), "i"(t) : "memory");
  }
  template <int t>
  static void zero() {
    __asm__ volatile("tilezero %%tmm%c0" : : "i"(t) : "memory");
  }
  template <int c, int a, int b>
  static void dpbssd() {
    __asm__ volatile("tdpbssd %%tmm%c2, %%tmm%c1, %%tmm%c0" : : "i"(c), "i"(a), "i"(b) : "memory");
  }
  template <int c, int a, int b>
  static void dpbsud() {
    __asm__ volatile("tdpbsud %%tmm%c2, %%tmm%c1, %%tmm%c0" : : "i"(c), "i"(a), "i"(b) : "memory");
  }
  template <int c, int a, int b>
  static void dpbusd() {
    __asm__ volatile("tdpbusd %%tmm%c2, %%tmm%c1, %%tmm%c0" : : "i"(c), "i"(a), "i"(b) : "memory");
  }
  template <int c, int a, int b>
  static void dpbuud() {
    __asm__ volatile("tdpbuud %%tmm%c2, %%tmm%c1, %%tmm%c0" : : "i"(c), "i"(a), "i"(b) : "memory");
  }
  template <int c, int a, int b>
  static void dpbf16ps() {
    __asm__ volatile("tdpbf16ps %%tmm%c2, %%tmm%c1, %%tmm%c0" : : "i"(c), "i"(a), "i"(b) : "memory");
  }
};

}  // namespace
}  // namespace tl
