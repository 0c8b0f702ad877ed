// The amx level's peak: tdpbssd (16x16 int32 += 16x64 s8 . 64x16 s8, 16384 MACs) on
// four independent accumulator tiles fed by two A and two B tiles. Compiled with
// -mamx-tile -mamx-int8 (this file only); runs only after the OS granted tile data.
#include <immintrin.h>

#include <cstring>

#include "bench/probe_loops.h"

namespace tl::bench {
namespace {

// The 64-byte LDTILECFG operand (palette 1).
struct alignas(64) TileConfig {
  uint8_t palette_id;
  uint8_t start_row;
  uint8_t reserved[14];
  uint16_t colsb[16];
  uint8_t rows[16];
};

}  // namespace

uint64_t peak_loop_amx_int8(uint64_t iters, float* sink) {
  TileConfig cfg;
  std::memset(&cfg, 0, sizeof cfg);
  cfg.palette_id = 1;
  for (int t = 0; t < 8; ++t) {
    cfg.colsb[t] = 64;
    cfg.rows[t] = 16;
  }
  _tile_loadconfig(&cfg);
  alignas(64) int8_t src[16 * 64];
  for (int i = 0; i < 16 * 64; ++i) src[i] = static_cast<int8_t>(i % 7 - 3);
  _tile_zero(0);
  _tile_zero(1);
  _tile_zero(2);
  _tile_zero(3);
  _tile_loadd(4, src, 64);
  _tile_loadd(5, src, 64);
  _tile_loadd(6, src, 64);
  _tile_loadd(7, src, 64);
  for (uint64_t i = 0; i < iters; ++i) {
    _tile_dpbssd(0, 4, 6);
    _tile_dpbssd(1, 4, 7);
    _tile_dpbssd(2, 5, 6);
    _tile_dpbssd(3, 5, 7);
  }
  alignas(64) int32_t out[16 * 16];
  _tile_stored(0, out, 64);
  _tile_release();
  *sink = static_cast<float>(out[0]);
  return iters * 4 * 16 * 16 * 64;
}

}  // namespace tl::bench
