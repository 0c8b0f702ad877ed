// A minimal vocabulary that tilelm's and llama.cpp's SentencePiece loaders both accept.
#include <cstdio>
#include <string>
#include <vector>

#include "synthetic/metadata.h"
#include "util/check.h"

namespace tl::synthetic {
namespace {

// tokenizer.ggml.token_type values (llama.cpp's LLAMA_TOKEN_TYPE_*).
constexpr int32_t kNormal = 1, kUnknown = 2, kControl = 3, kByte = 6;

}  // namespace

void add_tokenizer_metadata(gguf::Writer& w, int64_t n_vocab) {
  using gguf::Value;
  TL_CHECK(n_vocab >= kMinVocab, "vocabulary too small for the special and byte tokens");
  std::vector<std::string> tokens = {"<unk>", "<s>", "</s>"};
  std::vector<int32_t> types = {kUnknown, kControl, kControl};
  tokens.reserve(static_cast<size_t>(n_vocab));
  types.reserve(static_cast<size_t>(n_vocab));
  for (int b = 0; b < 256; ++b) {
    char piece[8];
    std::snprintf(piece, sizeof piece, "<0x%02X>", b);
    tokens.emplace_back(piece);
    types.push_back(kByte);
  }
  // The bare space piece, so text round-trips through the dummy prefix; then filler
  // pieces, distinct and word-like ("▁" is SentencePiece's space marker).
  tokens.push_back("\xE2\x96\x81");
  types.push_back(kNormal);
  for (int64_t i = static_cast<int64_t>(tokens.size()); i < n_vocab; ++i) {
    tokens.push_back("\xE2\x96\x81t" + std::to_string(i));
    types.push_back(kNormal);
  }
  // Scores rank the merges: earlier pieces win, as in a trained model.
  std::vector<float> scores(static_cast<size_t>(n_vocab));
  for (size_t i = 0; i < scores.size(); ++i) scores[i] = -static_cast<float>(i);

  w.set("tokenizer.ggml.model", Value::from_string("llama"));
  w.set("tokenizer.ggml.tokens", Value::from_strings(tokens));
  w.set("tokenizer.ggml.scores", Value::from_f32s(scores));
  w.set("tokenizer.ggml.token_type", Value::from_i32s(types));
  w.set("tokenizer.ggml.bos_token_id", Value::from_u32(1));
  w.set("tokenizer.ggml.eos_token_id", Value::from_u32(2));
  w.set("tokenizer.ggml.unknown_token_id", Value::from_u32(0));
  w.set("tokenizer.ggml.add_bos_token", Value::from_bool(true));
  w.set("tokenizer.ggml.add_eos_token", Value::from_bool(false));
}

}  // namespace tl::synthetic
