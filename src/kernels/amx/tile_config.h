// The AMX tile interface the kernels are written against, and the tile configurations
// they use. Two policy types implement it: TilesAmx (tile_amx.h, the instructions) and
// TilesEmu (tile_emu.h, portable C++ with the same int32 results); every kernel body is
// a template over the policy and is instantiated once per policy.
//
// A policy T provides (t, c, a, b: tile numbers 0..7 as template arguments, because the
// instructions encode the tile in the opcode):
//   T::configure(const TileConfig&)     ldtilecfg: palette 1, rows / colsb per tile
//   T::release()                         tilerelease: back to the init state
//   T::load<t>(const void* p, size_t stride)   tileloadd: rows[t] rows of colsb[t] bytes
//   T::store<t>(void* p, size_t stride)        tilestored
//   T::zero<t>()                               tilezero
//   T::dpbssd<c, a, b>()   C[m][n] += sum_k A[m][4k+i] * B[k][4n+i]   s8 x s8 -> s32
//   T::dpbsud / dpbusd / dpbuud            the same with A or B unsigned (u8)
//   T::dpbf16ps<c, a, b>() C[m][n] += A[m][2k+i] * B[k][2n+i], bf16 pairs -> f32
// Shapes follow the instructions: A is rows x colsb, B is colsb/4 rows, C is rows x
// (4 * lanes); a mismatch would fault (#UD) on hardware, so the emulation checks it.
//
// Tile state is per thread (the kernel's thread configures before its first tile op and
// releases when done); the OS permission to use it is per process (cpu_features.h).
#pragma once

#include <cstddef>
#include <cstdint>

namespace tl {

// The 64-byte operand of ldtilecfg, palette 1 (8 tiles of up to 16 rows x 64 bytes).
struct alignas(64) TileConfig {
  uint8_t palette = 1;
  uint8_t start_row = 0;
  uint8_t reserved[14] = {};
  uint16_t colsb[16] = {};  // bytes per row, tiles 0..7 (8..15 reserved)
  uint8_t rows[16] = {};    // rows, tiles 0..7
};
static_assert(sizeof(TileConfig) == 64);

constexpr int kTileRows = 16;   // rows of a full tile
constexpr int kTileBytes = 64;  // bytes per row of a full tile

// The int8 kernels: C tiles 0..3 (16 x 16 int32), A tiles 4, 5 (16 activation rows x 32
// K bytes) and B tiles 6, 7 (8 rows of 4 K bytes x 16 columns). K = 32 per tile op, one
// GGUF block: every block carries its own scale, so a 64-deep op would add the products
// of two differently scaled blocks (see kernel_body.h).
constexpr TileConfig make_int8_config() {
  TileConfig c;
  for (int t = 0; t < 8; ++t) {
    c.rows[t] = t < 6 ? 16 : 8;
    c.colsb[t] = (t == 4 || t == 5) ? 32 : 64;
  }
  return c;
}

// The full-depth kernels: every tile 16 x 64 bytes. bf16: C 16 x 16 f32, A 16 rows x
// 32 bf16, B 16 pair-rows x 16 columns, K = 32 per op; int8 (int8_groups.h): C 16 x 16
// int32, A 16 rows x 64 bytes, B 16 rows of 4 K x 16 columns, K = 64 per op.
constexpr TileConfig make_full_config() {
  TileConfig c;
  for (int t = 0; t < 8; ++t) {
    c.rows[t] = 16;
    c.colsb[t] = 64;
  }
  return c;
}

}  // namespace tl
