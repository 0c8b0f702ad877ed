// Counter-based random numbers for weight generation: any block of any tensor can be
// drawn on its own, so threads may fill blocks in any order and get the same bytes.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace tl::synthetic {

// SplitMix64's finaliser: a bijective mix of 64 bits (Steele, Lea, Flood 2014).
inline uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// FNV-1a: names a tensor's stream independently of its position in the file, so a
// layer's weights stay the same whatever --layers says.
inline uint64_t hash_name(std::string_view name) {
  uint64_t h = 0xCBF29CE484222325ull;
  for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001B3ull;
  return h;
}

inline uint64_t tensor_seed(uint64_t seed, std::string_view name) { return mix64(seed ^ hash_name(name)); }

// The stream of one generation unit (block) of a tensor. Start states are hashed, not
// consecutive, so neighbouring blocks do not share shifted sequences.
class BlockRng {
 public:
  BlockRng(uint64_t tensor_seed, uint64_t unit) : state_(mix64(tensor_seed ^ mix64(unit + 1))) {}
  uint64_t next() { return mix64(state_ += 0x9E3779B97F4A7C15ull); }
  // Uniform in [0, 1) from the top 24 bits (exact in float).
  float uniform() { return static_cast<float>(next() >> 40) * (1.0f / 16777216.0f); }
  // Uniform in [lo, hi].
  int range(int lo, int hi) { return lo + static_cast<int>((next() >> 32) % static_cast<uint64_t>(hi - lo + 1)); }
  // A per-block scale factor in [0.75, 1.25): blocks differ as real ones do.
  float jitter() { return 0.75f + 0.5f * uniform(); }
  void bytes(uint8_t* dst, size_t n) {
    for (size_t i = 0; i < n; i += 8) {
      const uint64_t r = next();
      std::memcpy(dst + i, &r, n - i < 8 ? n - i : 8);
    }
  }

 private:
  uint64_t state_;
};

}  // namespace tl::synthetic
