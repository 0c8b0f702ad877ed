// Pre-tokenization for byte-level BPE: the text cut into words by a model's regex list.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/regex.h"
#include "util/status.h"

namespace tl {

// One tokenizer.ggml.pre value. `regexes` are written as the model's tokenizer.json has
// them (so a converter can recognise them); each one, in order, cuts every piece into its
// matches and the gaps between them, as Hugging Face's Split with behavior "Isolated".
struct PreTokenizerSpec {
  std::string_view name;
  std::vector<std::string_view> regexes;
  // A word that is itself a token is emitted whole, without merges (BPE "ignore_merges").
  bool ignore_merges = false;
  // What a converter writes for tokenizer.ggml.add_bos_token when the tokenizer files
  // say nothing (the model family's convention).
  bool add_bos = false;
};

// The table, in pre_tokenizer_table.cpp.
std::span<const PreTokenizerSpec> pre_tokenizer_specs();
const PreTokenizerSpec* find_pre_tokenizer_spec(std::string_view name);
// A Hugging Face regex as PCRE2 should run it (see to_pcre in pre_tokenizer.cpp).
std::string hf_regex_to_pcre(std::string_view hf_regex);

class PreTokenizer {
 public:
  // An unknown `name` is an error naming it and the known values; `source` names the file.
  static Result<PreTokenizer> create(std::string_view name, std::string_view source);

  // Appends the words of `text` (views into it) to `words`. Bytes that are not valid
  // UTF-8 are words of one byte each, so any input still round-trips.
  void split(std::string_view text, std::vector<std::string_view>& words) const;

  const PreTokenizerSpec& spec() const { return *spec_; }

 private:
  const PreTokenizerSpec* spec_ = nullptr;
  std::vector<Regex> regexes_;
};

// Length of the valid UTF-8 prefix of `text` (PCRE2's definition: no overlongs, no
// surrogates, nothing above U+10FFFF).
size_t valid_utf8_prefix(std::string_view text);

}  // namespace tl
