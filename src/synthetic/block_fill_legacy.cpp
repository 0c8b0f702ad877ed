// Blocks of 32 (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, IQ4_NL): one fp16 scale sized so the
// values span about ±kAmplitude, random quants.
#include "synthetic/block_fill.h"
#include "synthetic/block_makers.h"
#include "tensor/quant.h"

namespace tl::synthetic {
namespace {

uint16_t half(float x) { return fp32_to_fp16(x); }

}  // namespace

void make_block(BlockRng& r, BlockQ4_0& b) {
  b.d = half(kAmplitude / 8 * r.jitter());  // (q - 8) in [-8, 7]
  r.bytes(b.qs, sizeof b.qs);
}

void make_block(BlockRng& r, BlockQ4_1& b) {
  const float j = r.jitter();
  b.d = half(2 * kAmplitude / 15 * j);  // q in [0, 15], centred by the min
  b.m = half(-kAmplitude * j);
  r.bytes(b.qs, sizeof b.qs);
}

void make_block(BlockRng& r, BlockQ5_0& b) {
  b.d = half(kAmplitude / 16 * r.jitter());  // (q - 16) in [-16, 15]
  r.bytes(b.qh, sizeof b.qh);
  r.bytes(b.qs, sizeof b.qs);
}

void make_block(BlockRng& r, BlockQ5_1& b) {
  const float j = r.jitter();
  b.d = half(2 * kAmplitude / 31 * j);
  b.m = half(-kAmplitude * j);
  r.bytes(b.qh, sizeof b.qh);
  r.bytes(b.qs, sizeof b.qs);
}

void make_block(BlockRng& r, BlockQ8_0& b) {
  b.d = half(kAmplitude / 127 * r.jitter());
  r.bytes(reinterpret_cast<uint8_t*>(b.qs), sizeof b.qs);
  // ggml's quantizer never writes -128 (it rounds to ±127); some kernels rely on that.
  for (int8_t& q : b.qs) q = q == -128 ? int8_t{-127} : q;
}

void make_block(BlockRng& r, BlockIQ4_NL& b) {
  b.d = half(kAmplitude / 127 * r.jitter());  // the level table spans [-127, 113]
  r.bytes(b.qs, sizeof b.qs);
}

}  // namespace tl::synthetic
