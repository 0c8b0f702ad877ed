// IEEE binary16 and bfloat16 <-> f32 conversions in plain integer code, bit-exact with
// ggml's scalar ones (quants/README §4, §5.5), and the F16 / BF16 "blocks" built on them.
// No F16C here: this is the oracle the intrinsic paths are tested against.
#include <bit>
#include <cstdint>

#include "tensor/blocks.h"
#include "tensor/quant.h"

namespace tl {

float fp16_to_fp32(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t exp = (h >> 10) & 0x1Fu;
  uint32_t mant = h & 0x3FFu;
  if (exp == 0x1F) {
    // inf stays inf. A NaN keeps its payload and gets the quiet bit, as the f32 multiply
    // in ggml's scalar path (and F16C's vcvtph2ps) does to a signalling NaN.
    const uint32_t nan_bits = mant ? 0x00400000u | (mant << 13) : 0u;
    return std::bit_cast<float>(sign | 0x7F800000u | nan_bits);
  }
  if (exp != 0) return std::bit_cast<float>(sign | ((exp + 112) << 23) | (mant << 13));
  if (mant == 0) return std::bit_cast<float>(sign);
  // Subnormal: mant * 2^-24 is a normal f32; shift the leading 1 into the implicit bit.
  uint32_t exp32 = 113;  // f32 biased exponent of 2^-14, the fp16 subnormal unit * 2^10
  while ((mant & 0x400u) == 0) {
    mant <<= 1;
    --exp32;
  }
  return std::bit_cast<float>(sign | (exp32 << 23) | ((mant & 0x3FFu) << 13));
}

uint16_t fp32_to_fp16(float f) {
  const uint32_t bits = std::bit_cast<uint32_t>(f);
  const uint16_t sign = static_cast<uint16_t>((bits >> 16) & 0x8000u);
  const uint32_t abs = bits & 0x7FFFFFFFu;
  // ggml's scalar conversion gives one quiet NaN, whatever the payload.
  if (abs > 0x7F800000u) return sign | 0x7E00u;
  // 65520 (0x477FF000) is the midpoint between 65504 and 2^16: it and above become inf.
  if (abs >= 0x477FF000u) return sign | 0x7C00u;
  if (abs >= 0x38800000u) {
    // Normal fp16 (|f| >= 2^-14): rebias the exponent and round 23 -> 10 mantissa bits
    // to nearest even. A carry out of the mantissa correctly bumps the exponent.
    uint32_t h = (((abs >> 23) - 112) << 10) | ((abs >> 13) & 0x3FFu);
    const uint32_t rest = abs & 0x1FFFu;
    if (rest > 0x1000u || (rest == 0x1000u && (h & 1u))) ++h;
    return static_cast<uint16_t>(sign | h);
  }
  // |f| <= 2^-25 rounds to zero (2^-25 itself is a tie and 0 is even).
  if (abs <= 0x33000000u) return sign;
  // Subnormal fp16: the result is |f| / 2^-24 rounded to an integer, nearest even. It
  // may round up to 0x400, which is the encoding of the smallest normal, as it should.
  const uint32_t mant = (abs & 0x7FFFFFu) | 0x800000u;
  const uint32_t shift = 126 - (abs >> 23);  // 14..24 here
  uint32_t h = mant >> shift;
  const uint32_t rest = mant & ((1u << shift) - 1);
  const uint32_t half = 1u << (shift - 1);
  if (rest > half || (rest == half && (h & 1u))) ++h;
  return static_cast<uint16_t>(sign | h);
}

float bf16_to_fp32(uint16_t h) { return std::bit_cast<float>(static_cast<uint32_t>(h) << 16); }

uint16_t fp32_to_bf16(float f) {
  const uint32_t bits = std::bit_cast<uint32_t>(f);
  // A NaN keeps its top payload bits and is forced quiet (bit 6 of the bf16), so it can't
  // round to inf. Subnormals are kept and rounded like everything else (README §5.6).
  if ((bits & 0x7FFFFFFFu) > 0x7F800000u) return static_cast<uint16_t>((bits >> 16) | 0x40u);
  return static_cast<uint16_t>((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
}

void BlockF16::dequantize(const BlockF16& b, float* dst) { dst[0] = fp16_to_fp32(b.bits); }
void BlockF16::quantize(const float* src, BlockF16& b) { b.bits = fp32_to_fp16(src[0]); }
void BlockBF16::dequantize(const BlockBF16& b, float* dst) { dst[0] = bf16_to_fp32(b.bits); }
void BlockBF16::quantize(const float* src, BlockBF16& b) { b.bits = fp32_to_bf16(src[0]); }

}  // namespace tl
