// Text <-> token ids, built from a GGUF file's tokenizer.* metadata.
// One interface; one implementation per tokenizer.ggml.model ("llama" = SentencePiece-
// style BPE with byte fallback; "gpt2" = byte-level BPE with a pre-tokenizer per
// tokenizer.ggml.pre).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace tl::gguf {
class File;
}

namespace tl {

// tokenizer.ggml.token_type values.
enum class TokenType : int32_t {
  Undefined = 0,
  Normal = 1,
  Unknown = 2,
  Control = 3,
  UserDefined = 4,
  Unused = 5,
  Byte = 6,
};

// The vocabulary as the metadata states it.
struct Vocab {
  std::string model;  // tokenizer.ggml.model
  std::string pre;    // tokenizer.ggml.pre ("" if absent)
  std::vector<std::string> tokens;
  std::vector<float> scores;     // empty if absent
  std::vector<TokenType> types;  // Normal for all if absent
  std::vector<std::string> merges;  // BPE only
  int32_t bos = -1, eos = -1, unk = -1, pad = -1, eot = -1;  // -1: none
  bool add_bos = false;
  bool add_eos = false;
  bool add_space_prefix = true;  // SPM only (tokenizer.ggml.add_space_prefix)

  int32_t size() const { return static_cast<int32_t>(tokens.size()); }
  TokenType type(int32_t id) const { return types[static_cast<size_t>(id)]; }
  // Loads and validates tokenizer.* keys. Errors start with "[tokenizer] <path>: ".
  static Result<Vocab> from_gguf(const gguf::File& file);
  // Checks a vocab built in code (or loaded) for consistent sizes and ids; fills `types`
  // with Normal if empty. `source` names it in messages.
  Status validate(std::string_view source);
};

struct EncodeOptions {
  bool add_special = true;    // BOS/EOS as the vocab says (add_bos / add_eos)
  // Recognise control (and unknown) token text in the input. User-defined tokens are
  // recognised either way, as llama.cpp and Hugging Face's added tokens do.
  bool parse_special = false;
};

class Tokenizer {
 public:
  virtual ~Tokenizer() = default;

  virtual std::vector<int32_t> encode(std::string_view text, const EncodeOptions& opt) const = 0;
  // The bytes a token stands for in output text (SPM: "▁" -> " ", "<0x0A>" -> "\n";
  // control tokens -> "" unless `render_special`).
  std::string token_to_piece(int32_t id, bool render_special = false) const;
  // Concatenated pieces; with `strip_leading_space`, the space the SPM dummy prefix added
  // before the first piece is removed (detokenise(tokenise(text)) == text).
  std::string decode(std::span<const int32_t> ids, bool strip_leading_space = true) const;

  const Vocab& vocab() const { return vocab_; }
  int32_t n_vocab() const { return vocab_.size(); }
  int32_t bos() const { return vocab_.bos; }
  int32_t eos() const { return vocab_.eos; }
  // End of generation: eos, eot, or a token whose text is a known end-of-turn marker
  // (the list is in tokenizer.cpp).
  bool is_end_of_generation(int32_t id) const;

 protected:
  // The bytes of a Normal or Byte token, in this tokenizer's encoding of the vocabulary
  // (SPM: "▁" and "<0xXX>"; byte-level BPE: GPT-2's byte-to-unicode map). Special token
  // types are handled once, in token_to_piece().
  virtual std::string text_piece(int32_t id) const = 0;

  explicit Tokenizer(Vocab vocab);
  Vocab vocab_;

 private:
  std::vector<int32_t> end_of_generation_;  // sorted ids
};

// Builds the tokenizer named by tokenizer.ggml.model. An unknown model or pre-tokenizer
// is an error naming it (SPM has no pre-tokenizer: like llama.cpp, it ignores .pre; for
// gpt2 an absent .pre means "default").
Result<std::unique_ptr<Tokenizer>> load_tokenizer(const gguf::File& file);
// The same from a vocab already in memory (tests build one in code); `source` names it
// in messages.
Result<std::unique_ptr<Tokenizer>> make_tokenizer(Vocab vocab, std::string_view source);

}  // namespace tl
