// Splitting input text around special-token texts (control, user-defined, unknown tokens).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "tokenizer/tokenizer.h"

namespace tl {

// A piece of the input: raw text to tokenize (id == -1) or one special token.
struct Fragment {
  std::string_view text;
  int32_t id = -1;
};

// Finds special-token texts in input. Which text wins where matches overlap follows
// llama.cpp: tokens are taken longest first (then lowest id), each claiming all its
// non-overlapping occurrences left to right in text no longer token has claimed.
// User-defined tokens are always matched (as Hugging Face's added tokens are); control
// and unknown tokens only with parse_special.
class SpecialTokens {
 public:
  explicit SpecialTokens(const Vocab& vocab);
  std::vector<Fragment> split(std::string_view text, bool parse_special) const;

 private:
  // A byte trie over the special texts: O(text * longest special) to find every match.
  struct Node {
    std::vector<std::pair<uint8_t, int32_t>> next;  // (byte, node), sorted by byte
    int32_t id = -1;            // token ending here
    bool always = false;        // user-defined: matched without parse_special
  };
  int32_t child(int32_t node, uint8_t byte) const;
  std::vector<Node> nodes_;
};

}  // namespace tl
