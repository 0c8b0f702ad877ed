// The byte-level BPE tokenizer (tokenizer.ggml.model "gpt2"): GPT-2, Llama 3, Qwen,
// DeepSeek, Falcon, MPT, StarCoder and their kin.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tokenizer/bpe_merges.h"
#include "tokenizer/pre_tokenizer.h"
#include "tokenizer/special_tokens.h"
#include "tokenizer/tokenizer.h"

namespace tl {

class BpeTokenizer final : public Tokenizer {
 public:
  // `vocab` must already be validated; its `pre` picks the pre-tokenizer ("" means
  // "default", as in files written before the key existed). Errors name `source`.
  static Result<std::unique_ptr<Tokenizer>> create(Vocab vocab, std::string_view source);

  std::vector<int32_t> encode(std::string_view text, const EncodeOptions& opt) const override;
  std::string text_piece(int32_t id) const override;

 private:
  BpeTokenizer(Vocab vocab, PreTokenizer pre);

  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using TextIds = std::unordered_map<std::string, int32_t, Hash, std::equal_to<>>;

  // Appends the tokens of one pre-token (raw bytes).
  void encode_word(std::string_view word, std::vector<int32_t>& out, std::vector<int32_t>& ids,
                   BpeScratch& scratch) const;

  PreTokenizer pre_;
  SpecialTokens special_;
  BpeMerges merges_;
  std::array<int32_t, 256> byte_ids_;  // the token spelling each single byte, or -1
  // Raw bytes of each normal token -> id, for ignore_merges: a whole word is looked up
  // without spelling it in the byte-level alphabet first.
  TextIds raw_ids_;
};

}  // namespace tl
