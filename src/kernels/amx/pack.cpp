// The packers of the `amx` buffer type: GGUF rows into layout.h's panels. Plain C++
// (no ISA flags): packing runs once at load time, on every machine amx-emu runs on.
#include <cstring>
#include <string>

#include "kernels/amx/layout.h"
#include "kernels/registry.h"
#include "tensor/blocks.h"

namespace tl {
namespace {

// Byte offset, inside an int8 block's 512 VNNI bytes, of column c's element k (k < 32).
constexpr int vnni8(int c, int k) { return (k / 4) * 64 + c * 4 + k % 4; }

// Q5_K: the fifth bits after the nibbles, bit j of the plane for VNNI byte j.
void put_fifth_bits(uint8_t* blk, int c, const uint8_t (&u)[32]) {
  for (int k = 0; k < 32; ++k) {
    const int j = vnni8(c, k);
    if (u[k] & 0x10) blk[256 + j / 8] |= static_cast<uint8_t>(1u << (j % 8));
  }
}

void put_u16(uint8_t* p, uint16_t v) { std::memcpy(p, &v, sizeof v); }

// The 6-bit scale and min of sub-block j of a Q4_K / Q5_K super-block.
void k_scale_min(int j, const uint8_t* s, uint8_t* sc, uint8_t* mn) {
  if (j < 4) {
    *sc = s[j] & 63;
    *mn = s[j + 4] & 63;
  } else {
    *sc = static_cast<uint8_t>((s[j + 4] & 0x0F) | ((s[j - 4] >> 6) << 4));
    *mn = static_cast<uint8_t>((s[j + 4] >> 4) | ((s[j] >> 6) << 4));
  }
}

// One column's blocks into its panel: quant area `quant`, scale area `scale`.
void pack_q8_0_block(const BlockQ8_0& blk, int c, int64_t b, uint8_t* quant, uint8_t* scale) {
  uint8_t* q = quant + b * kTileBlockBytes;
  for (int i = 0; i < 8; ++i) std::memcpy(q + 64 * i + 4 * c, blk.qs + 4 * i, 4);  // VNNI row i: K 4i..4i+3
  put_u16(scale + 32 * b + 2 * c, blk.d);
}

void pack_column(DType type, const uint8_t* row, int64_t K, int c, const PanelGeometry& g, uint8_t* quant,
                 uint8_t* scale) {
  switch (type) {
    case DType::Q8_0: {
      const auto* blocks = reinterpret_cast<const BlockQ8_0*>(row);
      for (int64_t b = 0; b < g.nb; ++b) pack_q8_0_block(blocks[b], c, b, quant, scale);
      break;
    }
    case DType::Q6_K: {
      // Dequantize and requantize per 32 with Q8_0's reference quantizer (layout.h).
      const auto* blocks = reinterpret_cast<const BlockQ6_K*>(row);
      float x[256];
      for (int64_t s = 0; s < g.nb / 8; ++s) {
        BlockQ6_K::dequantize(blocks[s], x);
        for (int j = 0; j < 8; ++j) {
          BlockQ8_0 q;
          BlockQ8_0::quantize(x + 32 * j, q);
          pack_q8_0_block(q, c, 8 * s + j, quant, scale);
        }
      }
      break;
    }
    case DType::Q4_0:
    case DType::Q4_1: {
      const size_t bytes = type == DType::Q4_0 ? sizeof(BlockQ4_0) : sizeof(BlockQ4_1);
      for (int64_t b = 0; b < g.nb; ++b) {
        const uint8_t* blk = row + b * bytes;
        uint16_t d;
        std::memcpy(&d, blk, sizeof d);
        const uint8_t* qs = blk + (type == DType::Q4_0 ? offsetof(BlockQ4_0, qs) : offsetof(BlockQ4_1, qs));
        // GGUF's byte k holds elements k and k + 16 in its low and high nibbles, as the
        // panel's nibble byte for VNNI row k / 4 does (layout.h): 4 bytes per row.
        for (int i = 0; i < 4; ++i) std::memcpy(quant + b * g.quant_block + 64 * i + 4 * c, qs + 4 * i, 4);
        if (type == DType::Q4_0) {
          put_u16(scale + 32 * b + 2 * c, d);
        } else {
          put_u16(scale + 64 * b + 2 * c, d);
          put_u16(scale + 64 * b + 32 + 2 * c, reinterpret_cast<const BlockQ4_1*>(blk)->m);
        }
      }
      break;
    }
    case DType::Q4_K:
    case DType::Q5_K: {
      const bool five = type == DType::Q5_K;
      for (int64_t s = 0; s < g.nb / 8; ++s) {
        const uint8_t* scales;
        const uint8_t* qs;
        const uint8_t* qh = nullptr;
        uint16_t d;
        uint16_t dmin;
        if (five) {
          const auto& blk = reinterpret_cast<const BlockQ5_K*>(row)[s];
          scales = blk.scales, qs = blk.qs, qh = blk.qh, d = blk.d, dmin = blk.dmin;
        } else {
          const auto& blk = reinterpret_cast<const BlockQ4_K*>(row)[s];
          scales = blk.scales, qs = blk.qs, d = blk.d, dmin = blk.dmin;
        }
        uint8_t* sa = scale + 320 * s;
        put_u16(sa + 2 * c, d);
        put_u16(sa + 32 + 2 * c, dmin);
        for (int j = 0; j < 8; ++j) {
          k_scale_min(j, scales, sa + 64 + 16 * j + c, sa + 192 + 16 * j + c);
          // Sub-block j's elements are nibble j % 2 of qs[32 (j / 2) + l]; the panel's
          // nibble byte for element l < 16 holds l and l + 16 (layout.h).
          const uint8_t* q = qs + 32 * (j / 2);
          const int shift = 4 * (j % 2);
          uint8_t* blk = quant + (8 * s + j) * g.quant_block;
          for (int l = 0; l < 16; ++l) {
            blk[vnni8(c, l)] = static_cast<uint8_t>(((q[l] >> shift) & 0x0F) | (((q[l + 16] >> shift) & 0x0F) << 4));
          }
          if (five) {
            uint8_t u[32];
            for (int l = 0; l < 32; ++l) u[l] = static_cast<uint8_t>(((qh[l] >> j) & 1) << 4);
            put_fifth_bits(blk, c, u);
          }
        }
      }
      break;
    }
    default: {  // BF16, F16: 16-bit values in pairs, (pair row, column, 2)
      const auto* v = reinterpret_cast<const uint16_t*>(row);
      for (int64_t k = 0; k < K; ++k) {
        const int64_t b = k / kBlockK;
        const int64_t r = (k % kBlockK) / 2;
        put_u16(quant + b * kFloatBlockBytes + (r * 16 + c) * 4 + 2 * (k % 2), v[k]);
      }
      break;
    }
  }
}

bool accepts_amx(DType type, int64_t K, int64_t N, std::string* why) {
  if (!amx_layout_type(type)) {
    *why = "no AMX layout for " + std::string(dtype_name(type));
    return false;
  }
  const int64_t blk = dtype_info(type).block_elems;
  if (K <= 0 || N <= 0 || K % blk != 0) {
    *why = "K is not a positive multiple of the block size";
    return false;
  }
  return true;
}

size_t packed_bytes_amx(DType type, int64_t K, int64_t N) { return amx_packed_bytes(type, K, N); }

void pack_amx(const WeightView& src, uint8_t* dst, int64_t n0, int64_t n1) {
  const PanelGeometry g = panel_geometry(src.type, src.K);
  for (int64_t p = n0 / kPanelCols; p * kPanelCols < n1; ++p) {
    uint8_t* quant = dst + static_cast<size_t>(p) * g.panel_bytes;
    uint8_t* scale = quant + static_cast<size_t>(g.nb) * g.quant_block;
    std::memset(quant, 0, g.panel_bytes);  // padding columns: zero weights, zero scales
    for (int c = 0; c < kPanelCols && p * kPanelCols + c < src.N; ++c) {
      const uint8_t* row = src.data + static_cast<size_t>(p * kPanelCols + c) * src.row_stride;
      pack_column(src.type, row, src.K, c, g, quant, scale);
    }
  }
}

// The cpu-repack type's panels for the avx2 / avx512 vpdpbusd kernels (panel_vector.h):
// the int8 types whose panels hold the file's values exactly (not Q6_K, which is
// requantized). The registry only packs what a kernel of the chosen level reads.
bool accepts_vnni(DType type, int64_t K, int64_t N, std::string* why) {
  switch (type) {
    case DType::Q8_0: case DType::Q4_0: case DType::Q4_1: case DType::Q4_K: case DType::Q5_K:
      return accepts_amx(type, K, N, why);
    default:
      *why = "no vnni panel layout for " + std::string(dtype_name(type));
      return false;
  }
}

}  // namespace

void add_vnni_panel_packer(KernelRegistry& r) {
  r.add_packer(WeightPacker{"pack_vnni_panels", Isa::Avx2, WeightLayout::VnniPanels, accepts_vnni,
                            packed_bytes_amx, pack_amx, kPanelCols});
}

void add_amx_packers(KernelRegistry& r) {
  // One packer for every type: the type picks the panel format (layout.h).
  r.add_packer(WeightPacker{"pack_amx_panels", Isa::AmxEmu, WeightLayout::AmxPanels, accepts_amx, packed_bytes_amx,
                            pack_amx, kPanelCols});
}

}  // namespace tl
