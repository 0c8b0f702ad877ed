// Reading a Hugging Face tokenizer.json (and the tokenizer_config.json beside it) into
// the GGUF tokenizer keys of a byte-level BPE vocabulary.
#pragma once

#include <string>
#include <vector>

#include "gguf/gguf.h"
#include "tokenizer/tokenizer.h"
#include "util/status.h"

namespace tl::convert {

struct HfTokenizerOptions {
  // tokenizer.ggml.pre to write; "" recognises it from the file's pre_tokenizer.
  std::string pre;
};

struct HfTokenizer {
  Vocab vocab;  // model "gpt2", ready to write
  // What the GGUF keys cannot carry (a normalizer, say), for the user to read.
  std::vector<std::string> notes;
};

// Errors start with "[convert] <path>: ". Only byte-level BPE models are converted.
Result<HfTokenizer> read_hf_tokenizer(const std::string& tokenizer_json_path,
                                      const HfTokenizerOptions& options);

// The tokenizer.ggml.* keys of `vocab`.
void set_tokenizer_keys(const Vocab& vocab, gguf::Writer& writer);
// A GGUF with only tokenizer keys and no tensors (a "vocab-only" file).
Status write_vocab_only_gguf(const Vocab& vocab, const std::string& path);

}  // namespace tl::convert
