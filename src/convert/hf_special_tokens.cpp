// BOS/EOS/UNK/PAD ids and the add_bos/add_eos flags of a converted tokenizer.json.
#include <array>
#include <tuple>
#include <string_view>

#include "convert/hf_parts.h"
#include "tokenizer/pre_tokenizer.h"

namespace tl::convert {
namespace {

using nlohmann::json;

// Common spellings, used only when neither tokenizer_config.json nor the post_processor
// names the token (first match wins).
constexpr std::array<std::string_view, 5> kBosNames = {
    "<|begin_of_text|>", "<s>", "<｜begin▁of▁sentence｜>", "<|startoftext|>", "<bos>"};
constexpr std::array<std::string_view, 5> kEosNames = {
    "<|end_of_text|>", "</s>", "<｜end▁of▁sentence｜>", "<|endoftext|>", "<eos>"};

int32_t find_token(const Vocab& vocab, std::string_view text) {
  // Added tokens usually sit at the end: search from there.
  for (int32_t id = vocab.size() - 1; id >= 0; --id) {
    if (vocab.tokens[size_t(id)] == text) return id;
  }
  return -1;
}

// tokenizer_config.json writes a token as "text", as {"content": "text", ...}, or null.
std::string token_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  return text_field(v, "content");
}

// Reads config[key] as a token; false if the key is absent. An unknown text is an error.
Result<bool> config_token(const json& config, const char* key, const Vocab& vocab, int32_t& id) {
  if (!config.is_object() || !config.contains(key)) return false;
  const std::string text = token_text(config[key]);
  if (text.empty()) {
    id = -1;
    return true;
  }
  id = find_token(vocab, text);
  if (id < 0) {
    return Status::error(std::string("tokenizer_config.json: ") + key + " '" + text +
                         "' is not in the vocabulary");
  }
  return true;
}

// The post_processor's TemplateProcessing ("single" sequence), also inside a Sequence.
const json* template_single(const json& post) {
  if (!post.is_object()) return nullptr;
  if (text_field(post, "type") == "TemplateProcessing" && field(post, "single").is_array()) {
    return &field(post, "single");
  }
  if (text_field(post, "type") == "Sequence") {
    for (const json& inner : field(post, "processors")) {
      if (const json* t = template_single(inner)) return t;
    }
  }
  return nullptr;
}

// The text of a {"SpecialToken": {"id": text}} template item, else "".
std::string template_special(const json& item) {
  return text_field(field(item, "SpecialToken"), "id");
}

}  // namespace

Status set_special_tokens(const json& tokenizer_json, const json& config, Vocab& vocab) {
  bool bos_known = false, eos_known = false, add_bos_known = false, add_eos_known = false;
  bool unk_known = false, pad_known = false;
  const std::tuple<const char*, int32_t*, bool*> keys[] = {{"bos_token", &vocab.bos, &bos_known},
                                                           {"eos_token", &vocab.eos, &eos_known},
                                                           {"unk_token", &vocab.unk, &unk_known},
                                                           {"pad_token", &vocab.pad, &pad_known}};
  for (const auto& [key, id, known] : keys) {
    Result<bool> r = config_token(config, key, vocab, *id);
    if (!r.ok()) return r.status();
    *known = r.value();
  }
  if (field(config, "add_bos_token").is_boolean()) {
    vocab.add_bos = bool_field(config, "add_bos_token", false);
    add_bos_known = true;
  }
  if (field(config, "add_eos_token").is_boolean()) {
    vocab.add_eos = bool_field(config, "add_eos_token", false);
    add_eos_known = true;
  }

  // The post_processor template says what encoding with special tokens adds.
  if (const json* single = template_single(field(tokenizer_json, "post_processor"));
      single && !single->empty()) {
    const std::string first = template_special(single->front());
    const std::string last = template_special(single->back());
    if (!add_bos_known) {
      vocab.add_bos = !first.empty();
      add_bos_known = true;
    }
    if (!add_eos_known) {
      vocab.add_eos = !last.empty();
      add_eos_known = true;
    }
    if (!bos_known && !first.empty()) bos_known = (vocab.bos = find_token(vocab, first)) >= 0;
    if (!eos_known && !last.empty()) eos_known = (vocab.eos = find_token(vocab, last)) >= 0;
  }

  auto by_name = [&](const auto& names) {
    for (std::string_view name : names) {
      const int32_t id = find_token(vocab, name);
      if (id >= 0 && vocab.type(id) == TokenType::Control) return id;
    }
    return -1;
  };
  if (!bos_known) vocab.bos = by_name(kBosNames);
  if (!eos_known) vocab.eos = by_name(kEosNames);
  if (!unk_known) {
    const std::string unk = token_text(field(field(tokenizer_json, "model"), "unk_token"));
    if (!unk.empty()) vocab.unk = find_token(vocab, unk);
  }
  if (!add_bos_known) {
    const PreTokenizerSpec* spec = find_pre_tokenizer_spec(vocab.pre);
    vocab.add_bos = spec && spec->add_bos && vocab.bos >= 0;
  }
  if (vocab.add_bos && vocab.bos < 0) {
    return Status::error("add_bos_token is set but no BOS token was found");
  }
  if (vocab.add_eos && vocab.eos < 0) {
    return Status::error("add_eos_token is set but no EOS token was found");
  }
  return Status::ok_status();
}

}  // namespace tl::convert
