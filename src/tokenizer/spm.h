// The SentencePiece-style BPE tokenizer (tokenizer.ggml.model "llama"), as llama.cpp runs it.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tokenizer/special_tokens.h"
#include "tokenizer/tokenizer.h"

namespace tl {

class SpmTokenizer final : public Tokenizer {
 public:
  // `vocab` must already be validated. Errors name `source`.
  static Result<std::unique_ptr<Tokenizer>> create(Vocab vocab, std::string_view source);

  std::vector<int32_t> encode(std::string_view text, const EncodeOptions& opt) const override;
  std::string text_piece(int32_t id) const override;

 private:
  explicit SpmTokenizer(Vocab vocab);

  // Heterogeneous lookup so that substrings of the input are looked up without copies.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  int32_t find_token(std::string_view text) const;
  float score(int32_t id) const { return vocab_.scores.empty() ? 0.0f : vocab_.scores[size_t(id)]; }
  // Appends the tokens of one escaped raw fragment (spaces already "▁").
  void encode_fragment(std::string_view text, std::vector<int32_t>& out) const;
  // Appends one final symbol: its token, else byte tokens, else unk.
  void emit_symbol(std::string_view text, std::vector<int32_t>& out) const;

  std::unordered_map<std::string, int32_t, Hash, std::equal_to<>> token_ids_;
  std::array<int32_t, 256> byte_tokens_;  // "<0xXX>" id per byte, or -1
  std::vector<int16_t> token_bytes_;      // byte value of each Byte token, or -1
  size_t max_token_len_ = 0;
  SpecialTokens special_;
};

}  // namespace tl
