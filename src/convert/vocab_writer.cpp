// A Vocab's tokenizer.ggml.* keys, and the vocab-only GGUF that holds only them.
#include <cstdint>

#include "convert/hf_tokenizer.h"

namespace tl::convert {

void set_tokenizer_keys(const Vocab& vocab, gguf::Writer& w) {
  w.set("tokenizer.ggml.model", gguf::Value::from_string(vocab.model));
  if (!vocab.pre.empty()) w.set("tokenizer.ggml.pre", gguf::Value::from_string(vocab.pre));
  w.set("tokenizer.ggml.tokens", gguf::Value::from_strings(vocab.tokens));
  std::vector<int32_t> types;
  types.reserve(vocab.types.size());
  for (TokenType t : vocab.types) types.push_back(static_cast<int32_t>(t));
  w.set("tokenizer.ggml.token_type", gguf::Value::from_i32s(types));
  if (!vocab.scores.empty()) w.set("tokenizer.ggml.scores", gguf::Value::from_f32s(vocab.scores));
  if (!vocab.merges.empty()) w.set("tokenizer.ggml.merges", gguf::Value::from_strings(vocab.merges));
  const std::pair<const char*, int32_t> ids[] = {{"tokenizer.ggml.bos_token_id", vocab.bos},
                                                 {"tokenizer.ggml.eos_token_id", vocab.eos},
                                                 {"tokenizer.ggml.unknown_token_id", vocab.unk},
                                                 {"tokenizer.ggml.padding_token_id", vocab.pad},
                                                 {"tokenizer.ggml.eot_token_id", vocab.eot}};
  for (const auto& [key, id] : ids) {
    if (id >= 0) w.set(key, gguf::Value::from_u32(static_cast<uint32_t>(id)));
  }
  w.set("tokenizer.ggml.add_bos_token", gguf::Value::from_bool(vocab.add_bos));
  w.set("tokenizer.ggml.add_eos_token", gguf::Value::from_bool(vocab.add_eos));
}

Status write_vocab_only_gguf(const Vocab& vocab, const std::string& path) {
  gguf::Writer w;
  set_tokenizer_keys(vocab, w);
  return w.write(path);
}

}  // namespace tl::convert
