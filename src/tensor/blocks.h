// The byte layout of every block type tilelm reads or writes, as GGUF stores it, each a
// small traits struct (kType, kBlockElems) with its reference dequantize / quantize.
//
// Kernels take these structs as a template parameter, so a new type is one struct plus
// its tests. Every multi-byte field is little-endian (x86 and aarch64 are); `d`, `m`,
// `dmin` and `s` hold IEEE binary16 bits (see fp16_to_fp32). The structs have natural
// alignment and no padding (the static_asserts below check both), so an array of them
// is exactly the bytes of a GGUF tensor row. The functions take one block:
//   dequantize(const Block&, float* dst)   // dst: (kBlockElems)
//   quantize(const float* src, Block&)     // src: (kBlockElems), byte-exact with ggml's
//                                          // reference quantizer (no importance matrix)
#pragma once

#include <cstddef>
#include <cstdint>

#include "tensor/dtype.h"

namespace tl {

inline constexpr int kQK = 32;     // elements per block of the legacy and IQ4_NL types
inline constexpr int kQK_K = 256;  // elements per super-block of the K-quants and IQ4_XS

// ---- Scalars -------------------------------------------------------------------------

struct BlockF16 {
  static constexpr DType kType = DType::F16;
  static constexpr int kBlockElems = 1;
  uint16_t bits;  // IEEE binary16
  static void dequantize(const BlockF16& b, float* dst);
  static void quantize(const float* src, BlockF16& b);
};

struct BlockBF16 {
  static constexpr DType kType = DType::BF16;
  static constexpr int kBlockElems = 1;
  uint16_t bits;  // the high half of an f32
  static void dequantize(const BlockBF16& b, float* dst);
  static void quantize(const float* src, BlockBF16& b);
};

// ---- Legacy blocks of 32: one scale (and maybe a min) per block -----------------------
// Nibble order (Q4_*, Q5_*, IQ4_NL): element j<16 is the low nibble of qs[j], element
// j+16 its high nibble.

struct BlockQ4_0 {
  static constexpr DType kType = DType::Q4_0;
  static constexpr int kBlockElems = kQK;
  uint16_t d;  // y = (q - 8) * d
  uint8_t qs[16];
  static void dequantize(const BlockQ4_0& b, float* dst);
  static void quantize(const float* src, BlockQ4_0& b);
};

struct BlockQ4_1 {
  static constexpr DType kType = DType::Q4_1;
  static constexpr int kBlockElems = kQK;
  uint16_t d;  // y = q * d + m
  uint16_t m;
  uint8_t qs[16];
  static void dequantize(const BlockQ4_1& b, float* dst);
  static void quantize(const float* src, BlockQ4_1& b);
};

struct BlockQ5_0 {
  static constexpr DType kType = DType::Q5_0;
  static constexpr int kBlockElems = kQK;
  uint16_t d;     // y = (q - 16) * d
  uint8_t qh[4];  // bit j of the LE uint32 is bit 4 of element j
  uint8_t qs[16];
  static void dequantize(const BlockQ5_0& b, float* dst);
  static void quantize(const float* src, BlockQ5_0& b);
};

struct BlockQ5_1 {
  static constexpr DType kType = DType::Q5_1;
  static constexpr int kBlockElems = kQK;
  uint16_t d;  // y = q * d + m
  uint16_t m;
  uint8_t qh[4];
  uint8_t qs[16];
  static void dequantize(const BlockQ5_1& b, float* dst);
  static void quantize(const float* src, BlockQ5_1& b);
};

struct BlockQ8_0 {
  static constexpr DType kType = DType::Q8_0;
  static constexpr int kBlockElems = kQK;
  uint16_t d;  // y = qs[j] * d
  int8_t qs[32];
  static void dequantize(const BlockQ8_0& b, float* dst);
  static void quantize(const float* src, BlockQ8_0& b);
};

// Activation block for dot products with Q4_1/Q5_1-style weights: s = d * sum(qs) lets a
// kernel add the weight's min term without summing the activations again.
struct BlockQ8_1 {
  static constexpr DType kType = DType::Q8_1;
  static constexpr int kBlockElems = kQK;
  uint16_t d;
  uint16_t s;  // fp16(d * sum(qs))
  int8_t qs[32];
  static void dequantize(const BlockQ8_1& b, float* dst);
  static void quantize(const float* src, BlockQ8_1& b);
};

// ---- K-quants: super-blocks of 256 with quantized sub-block scales -------------------

struct BlockQ2_K {
  static constexpr DType kType = DType::Q2_K;
  static constexpr int kBlockElems = kQK_K;
  uint8_t scales[16];  // sub-block s (16 elems): lo nibble scale, hi nibble min
  uint8_t qs[64];      // 2 bits each
  uint16_t d;          // y = d * sc * q - dmin * mn
  uint16_t dmin;
  static void dequantize(const BlockQ2_K& b, float* dst);
};

struct BlockQ3_K {
  static constexpr DType kType = DType::Q3_K;
  static constexpr int kBlockElems = kQK_K;
  uint8_t hmask[32];   // the high (third) bit of each quant, inverted: clear means -4
  uint8_t qs[64];      // low 2 bits
  uint8_t scales[12];  // 16 six-bit scales, biased by 32
  uint16_t d;          // y = d * (sc - 32) * q
  static void dequantize(const BlockQ3_K& b, float* dst);
};

struct BlockQ4_K {
  static constexpr DType kType = DType::Q4_K;
  static constexpr int kBlockElems = kQK_K;
  uint16_t d;  // y = d * sc * q - dmin * mn, per sub-block of 32
  uint16_t dmin;
  uint8_t scales[12];  // 8 six-bit scales and 8 six-bit mins (see k_scale_min)
  uint8_t qs[128];     // 64-element chunk c: low nibbles sub-block 2c, high 2c+1
  static void dequantize(const BlockQ4_K& b, float* dst);
  static void quantize(const float* src, BlockQ4_K& b);
};

struct BlockQ5_K {
  static constexpr DType kType = DType::Q5_K;
  static constexpr int kBlockElems = kQK_K;
  uint16_t d;
  uint16_t dmin;
  uint8_t scales[12];  // as Q4_K
  uint8_t qh[32];      // bit 2c / 2c+1 of qh[l]: the fifth bit of low / high nibble l
  uint8_t qs[128];     // as Q4_K
  static void dequantize(const BlockQ5_K& b, float* dst);
  static void quantize(const float* src, BlockQ5_K& b);
};

struct BlockQ6_K {
  static constexpr DType kType = DType::Q6_K;
  static constexpr int kBlockElems = kQK_K;
  uint8_t ql[128];    // low 4 bits
  uint8_t qh[64];     // high 2 bits
  int8_t scales[16];  // per sub-block of 16
  uint16_t d;         // y = d * scale * (q - 32)
  static void dequantize(const BlockQ6_K& b, float* dst);
  static void quantize(const float* src, BlockQ6_K& b);
};

// Activation block for dot products with K-quant weights. d is an f32, not fp16, and
// bsums (sum of each 16 quants) let kernels apply the weights' mins cheaply.
struct BlockQ8_K {
  static constexpr DType kType = DType::Q8_K;
  static constexpr int kBlockElems = kQK_K;
  float d;  // y = qs[j] * d
  int8_t qs[256];
  int16_t bsums[16];
  static void dequantize(const BlockQ8_K& b, float* dst);
  static void quantize(const float* src, BlockQ8_K& b);
};

// ---- Non-linear 4-bit: the quant indexes a fixed table of 16 int8 levels --------------

// The IQ4_NL / IQ4_XS levels.
inline constexpr int8_t kIq4nlValues[16] = {-127, -104, -83, -65, -49, -35, -22, -10,
                                            1,    13,   25,  38,  53,  69,  89,  113};

struct BlockIQ4_NL {
  static constexpr DType kType = DType::IQ4_NL;
  static constexpr int kBlockElems = kQK;
  uint16_t d;      // y = d * kIq4nlValues[q]
  uint8_t qs[16];  // Q4_0 nibble order
  static void dequantize(const BlockIQ4_NL& b, float* dst);
  static void quantize(const float* src, BlockIQ4_NL& b);
};

struct BlockIQ4_XS {
  static constexpr DType kType = DType::IQ4_XS;
  static constexpr int kBlockElems = kQK_K;
  uint16_t d;           // y = d * (ls - 32) * kIq4nlValues[q], per sub-block of 32
  uint16_t scales_h;    // 2 high bits of each sub-block's 6-bit ls
  uint8_t scales_l[4];  // 4 low bits of ls, two sub-blocks per byte
  uint8_t qs[128];      // sub-block ib: 16 bytes in Q4_0 nibble order
  static void dequantize(const BlockIQ4_XS& b, float* dst);
  static void quantize(const float* src, BlockIQ4_XS& b);
};

// ---- Layout checks: sizes from ggml-common.h (and quants/README §3) --------------------

static_assert(sizeof(BlockF16) == 2 && sizeof(BlockBF16) == 2);
static_assert(sizeof(BlockQ4_0) == 18 && alignof(BlockQ4_0) == 2);
static_assert(sizeof(BlockQ4_1) == 20 && offsetof(BlockQ4_1, qs) == 4);
static_assert(sizeof(BlockQ5_0) == 22 && offsetof(BlockQ5_0, qs) == 6);
static_assert(sizeof(BlockQ5_1) == 24 && offsetof(BlockQ5_1, qs) == 8);
static_assert(sizeof(BlockQ8_0) == 34);
static_assert(sizeof(BlockQ8_1) == 36);
static_assert(sizeof(BlockQ2_K) == 84 && offsetof(BlockQ2_K, d) == 80);
static_assert(sizeof(BlockQ3_K) == 110 && offsetof(BlockQ3_K, d) == 108);
static_assert(sizeof(BlockQ4_K) == 144 && offsetof(BlockQ4_K, qs) == 16);
static_assert(sizeof(BlockQ5_K) == 176 && offsetof(BlockQ5_K, qs) == 48);
static_assert(sizeof(BlockQ6_K) == 210 && offsetof(BlockQ6_K, d) == 208);
static_assert(sizeof(BlockQ8_K) == 292 && offsetof(BlockQ8_K, bsums) == 260);
static_assert(sizeof(BlockIQ4_NL) == 18);
static_assert(sizeof(BlockIQ4_XS) == 136 && offsetof(BlockIQ4_XS, qs) == 8);

}  // namespace tl
