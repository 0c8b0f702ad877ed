// BPE merge ranks (tokenizer.ggml.merges) and the merge loop over one word.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tl {

// Reused buffers of the merge loop, so a long text allocates once, not once per word.
struct BpeScratch {
  struct Symbol {
    int32_t id, prev, next;
  };
  struct Candidate {
    uint32_t rank;
    int32_t left, right, left_id, right_id;
  };
  std::vector<Symbol> symbols;
  std::vector<Candidate> heap;
};

class BpeMerges {
 public:
  // `merges` are "left right" strings, lowest rank first; `token_id` gives a text's id or
  // -1. A merge whose parts or result is not a token can never apply and is left out;
  // a pair listed twice keeps its first (lowest) rank.
  static BpeMerges build(std::span<const std::string> merges,
                         const std::function<int32_t(std::string_view)>& token_id);

  // Merges the token ids of one word in place: again and again the adjacent pair of
  // lowest rank, the leftmost among equal ranks, as Hugging Face's BPE does. A heap of
  // candidate pairs over a linked list of symbols makes it O(n log n) in the word length.
  void apply(std::vector<int32_t>& ids, BpeScratch& scratch) const;

  size_t size() const { return size_; }
  size_t skipped() const { return skipped_; }

 private:
  struct Entry {
    uint64_t key;  // kEmpty: free slot
    uint32_t rank;
    int32_t merged;
  };
  static constexpr uint64_t kEmpty = ~uint64_t{0};
  static uint64_t key(int32_t left, int32_t right) {
    return (uint64_t(uint32_t(left)) << 32) | uint32_t(right);
  }
  size_t slot(uint64_t key) const { return size_t((key * 0x9E3779B97F4A7C15ull) >> shift_); }
  const Entry* find(int32_t left, int32_t right) const;

  // Open addressing with linear probing, at most half full: merge lookups are the inner
  // loop of encoding, and std::unordered_map's node chasing costs several times more.
  std::vector<Entry> slots_;
  unsigned shift_ = 63;
  size_t size_ = 0;
  size_t skipped_ = 0;
};

}  // namespace tl
