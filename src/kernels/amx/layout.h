// The packed layout of the `amx` buffer type (WeightLayout::AmxPanels), shared by the
// packers (pack.cpp) and the kernels (kernel_body.h).
//
// The matrix is cut into panels of 16 output columns (weight rows n; the last panel is
// padded with zero columns), each covering all of K in blocks of 32. Panels follow each
// other, each 64-byte aligned: (ceil(N / 16), panel_bytes). A panel is
//   quant area: (nb, quant_block) bytes, block b holding K [32b, 32b + 32) of 16 columns
//   scale area: per-block (or per-super-block) scales and mins of the 16 columns
// A block's int8 values are in the tile's VNNI order: 8 rows of 64 bytes, row r holding
// K 4r..4r+3 of column c at bytes 4c..4c+3. That is the B operand of tdpbssd as it
// lies, and for vpdpbusd one 64-byte row is one column-parallel step (16 columns x 4 K,
// the 4 activation bytes broadcast), so tiles and the few-row path read the same bytes.
//
// Per type (bytes per 16 columns x 32 K; the file's 16 GGUF blocks in brackets):
//   Q8_0  512 int8 + 16 fp16 d                          = 544  [544]  1.000
//   Q4_0  256 nibble bytes + 16 fp16 d                  = 288  [288]  1.000
//   Q4_1  256 + 16 fp16 d + 16 fp16 m                   = 320  [320]  1.000
//   Q4_K  256 + per 256: 16 d, 16 dmin (fp16), 8 x 16 u8 sc, 8 x 16 u8 mn
//                                                       = 296  [288]  1.028
//   Q5_K  256 + 64 bytes of fifth bits + Q4_K's scales  = 360  [352]  1.023
//   Q6_K  requantized to Q8_0's layout (below)          = 544  [420]  1.295
//   BF16, F16  1024 (16 pair-rows x 16 columns x 2 values, the tdpbf16ps B operand;
//         K padded to 32 with zeros)                    = 1024 [1024] 1.000
// Nibble blocks: byte j < 256 holds VNNI byte j in its low nibble and byte j + 256 in
// its high nibble, so one 64-byte load and two masks give tile rows r and r + 4. Q5_K's
// fifth bits: bit j of the 64-byte plane (as 8 little-endian uint64) is bit 4 of byte j.
// Q6_K has a scale per 16 elements, which a 32-deep tile op cannot apply, and its
// integer products sc * q need 12 bits: it is dequantized and requantized per 32 with
// Q8_0's reference quantizer (error vs the file: tests/amx, NMSE ~1e-5).
//
// Included by plain and ISA translation units: anonymous namespace, no intrinsics.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "kernels/amx/amx.h"
#include "kernels/matmul_kernel.h"
#include "tensor/dtype.h"

namespace tl {

namespace {

constexpr int kPanelCols = 16;
constexpr int kBlockK = 32;
constexpr size_t kTileBlockBytes = 512;    // one int8 B tile (8 x 64)
constexpr size_t kFloatBlockBytes = 1024;  // one bf16 B tile (16 x 64)

constexpr int64_t round_up(int64_t n, int64_t m) { return (n + m - 1) / m * m; }
constexpr int64_t imin(int64_t a, int64_t b) { return a < b ? a : b; }
constexpr int64_t imax(int64_t a, int64_t b) { return a > b ? a : b; }

struct PanelGeometry {
  int64_t nb = 0;           // blocks of 32 along K (K padded to 32 for the float types)
  size_t quant_block = 0;   // bytes per block in the quant area
  size_t scale_bytes = 0;   // bytes of the scale area
  size_t panel_bytes = 0;   // whole panel, a 64-byte multiple
};

// Whether a type has an AMX layout, and its geometry for a given K.
constexpr bool amx_layout_type(DType t) {
  switch (t) {
    case DType::Q8_0: case DType::Q4_0: case DType::Q4_1: case DType::Q4_K:
    case DType::Q5_K: case DType::Q6_K: case DType::BF16: case DType::F16:
      return true;
    default:
      return false;
  }
}

constexpr bool amx_float_type(DType t) { return t == DType::BF16 || t == DType::F16; }

constexpr PanelGeometry panel_geometry(DType t, int64_t K) {
  PanelGeometry g;
  g.nb = (K + kBlockK - 1) / kBlockK;
  const size_t nb = static_cast<size_t>(g.nb);
  switch (t) {
    case DType::Q8_0: case DType::Q6_K:
      g.quant_block = kTileBlockBytes;
      g.scale_bytes = 32 * nb;
      break;
    case DType::Q4_0:
      g.quant_block = 256;
      g.scale_bytes = 32 * nb;
      break;
    case DType::Q4_1:
      g.quant_block = 256;
      g.scale_bytes = 64 * nb;
      break;
    case DType::Q4_K:
      g.quant_block = 256;
      g.scale_bytes = 320 * (nb / 8);
      break;
    case DType::Q5_K:
      g.quant_block = 320;
      g.scale_bytes = 320 * (nb / 8);
      break;
    default:  // BF16, F16
      g.quant_block = kFloatBlockBytes;
      g.scale_bytes = 0;
      break;
  }
  g.panel_bytes = static_cast<size_t>(round_up(static_cast<int64_t>(nb * g.quant_block + g.scale_bytes), 64));
  return g;
}

// Panel p of a matmul's packed weights.
inline const uint8_t* panel_at(const MatmulArgs& a, const PanelGeometry& g, int64_t p) {
  return a.w.data + static_cast<size_t>(p) * g.panel_bytes;
}

// What a weight source of the wide tile path (tile_gemm.h, int8_groups.h) is: int8
// tiles or bf16, its weight planes (F16: hi and lo), and whether it writes its B tiles
// into scratch (false: they lie in the panel as they are).
template <bool Int8, int Parts, bool Copies>
struct SrcKind {
  static constexpr bool kInt8 = Int8;
  static constexpr int kParts = Parts;
  static constexpr bool kCopies = Copies;
};

constexpr size_t amx_packed_bytes(DType t, int64_t K, int64_t N) {
  return static_cast<size_t>((N + kPanelCols - 1) / kPanelCols) * panel_geometry(t, K).panel_bytes;
}

// Fewer activation rows than this take the vector path (vpdpbusd / FMA over the packed
// bytes); from here on tiles. A 16-row tile is then at least full; below it a tile op
// would spend as long as on 16 rows, and the tile path's weight unpacking has fewer rows
// to pay for it.
constexpr int64_t kTileMinRows = 16;

// The int8 types' paths by the rows present: vpdpbusd below kTileMinRows, int8 tiles
// (exact products, f32 rescale per block of 32) up to amx_wide_min_rows(), and from
// there the wide path (amx.h's AmxWide), whose weight conversion, paid once per weight
// tile, is shared by enough row tiles: int8 tiles at full depth on weights and
// activations requantized per 512 K (int8_groups.h), or bf16 tiles on dequantized
// weights (tile_gemm.h).
enum class AmxInt8Path { Vector, Int8Tiles, Int8Groups, Bf16Tiles };
inline AmxInt8Path amx_int8_path(int64_t M) {
  if (M < kTileMinRows) return AmxInt8Path::Vector;
  if (M < amx_wide_min_rows()) return AmxInt8Path::Int8Tiles;
  return amx_wide() == AmxWide::Int8Groups ? AmxInt8Path::Int8Groups : AmxInt8Path::Bf16Tiles;
}

// The checks every panel kernel's accepts() makes: the layout it reads (`needs` says
// which, for the refusal), its one type, and K in whole blocks of that type.
inline bool accepts_panels(const MatmulProblem& p, WeightLayout layout, DType type, const char* needs,
                           std::string* why) {
  if (p.layout != layout) {
    *why = needs;
    return false;
  }
  if (p.type != type) {
    *why = "other type";
    return false;
  }
  if (p.K % dtype_info(type).block_elems != 0) {
    *why = "K is not a multiple of the block size";
    return false;
  }
  return true;
}

// Software prefetch of packed weights ahead of their use: panels [p0, p0 + np), K blocks
// [b0, b1), quant blocks and their scales, a few lines per step() so that the requests
// spread over the products that run meanwhile. Weights come from DRAM once per matmul;
// a kernel that reads them only when it needs them stalls on each line. Into L2
// (prefetcht1), not L1: the slice is read a slice later, and L1 holds the current tiles
// (Xeon A/B, qwen3-30b-a3b Q8_0 pp512: 487 / 523 -> 519 / 553 t/s).
struct PanelPrefetch {
  static constexpr int kMaxPanels = 4;
  const uint8_t* quant[kMaxPanels] = {};
  const uint8_t* scale[kMaxPanels] = {};
  int64_t quant_lines = 0, scale_lines = 0;
  int64_t done = 0, total = 0, per_step = 0;
  int at_panel = 0;     // the next line's panel
  int64_t at_line = 0;  // and its line there: quant lines, then scale lines

  // steps: the calls of step() expected; np 0 prefetches nothing.
  void start(const uint8_t* w, const PanelGeometry& g, int64_t p0, int np, int64_t b0, int64_t b1, int64_t steps) {
    const size_t scale_per_block = g.scale_bytes / static_cast<size_t>(g.nb);
    quant_lines = static_cast<int64_t>((static_cast<size_t>(b1 - b0) * g.quant_block + 63) / 64);
    scale_lines = static_cast<int64_t>((static_cast<size_t>(b1 - b0) * scale_per_block + 63) / 64);
    for (int j = 0; j < np; ++j) {
      const uint8_t* panel = w + static_cast<size_t>(p0 + j) * g.panel_bytes;
      quant[j] = panel + static_cast<size_t>(b0) * g.quant_block;
      scale[j] = panel + static_cast<size_t>(g.nb) * g.quant_block + static_cast<size_t>(b0) * scale_per_block;
    }
    done = 0;
    at_panel = 0;
    at_line = 0;
    total = np * (quant_lines + scale_lines);
    per_step = steps > 0 ? (total + steps - 1) / steps : total;
  }
  // Counters rather than a division per line: step() runs beside the tile ops.
  void step() {
    for (int64_t i = 0; i < per_step && done < total; ++i, ++done) {
      __builtin_prefetch(at_line < quant_lines ? quant[at_panel] + 64 * at_line
                                               : scale[at_panel] + 64 * (at_line - quant_lines),
                         0, 2);
      if (++at_line == quant_lines + scale_lines) {
        at_line = 0;
        ++at_panel;
      }
    }
  }
};

// Activation rows the prepared buffer holds: tile loads read whole 16-row tiles, so the
// tile path pads M to 16 (the pad rows are zero).
constexpr int64_t prepared_rows(int64_t M) { return M < kTileMinRows ? M : round_up(M, 16); }

}  // namespace
}  // namespace tl
