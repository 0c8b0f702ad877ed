// read_hf_tokenizer: tokens, token types and merges of a byte-level BPE tokenizer.json.
#include "convert/hf_tokenizer.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <tuple>

#include "convert/hf_parts.h"
#include "tokenizer/pre_tokenizer.h"

namespace tl::convert {
namespace {

using nlohmann::json;

Result<json> read_json(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::error("[convert] " + path + ": cannot open");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::error("[convert] " + path + ": not valid JSON");
  return j;
}

// True if a ByteLevel step appears in a pre_tokenizer/decoder config (Sequences included).
bool has_byte_level(const json& config) {
  if (!config.is_object()) return false;
  if (text_field(config, "type") == "ByteLevel") return true;
  for (const char* list : {"pretokenizers", "decoders"}) {
    for (const json& step : field(config, list)) {
      if (has_byte_level(step)) return true;
    }
  }
  return false;
}

// "a b" from either merge spelling: the string itself, or the pair ["a", "b"] of
// newer tokenizer.json files.
Result<std::string> merge_text(const json& merge, size_t index, const std::string& where) {
  if (merge.is_string()) return merge.get<std::string>();
  if (merge.is_array() && merge.size() == 2 && merge[0].is_string() && merge[1].is_string()) {
    return merge[0].get<std::string>() + " " + merge[1].get<std::string>();
  }
  return Status::error(where + "model.merges[" + std::to_string(index) +
                       "] is neither \"a b\" nor [\"a\", \"b\"]");
}

}  // namespace

Result<HfTokenizer> read_hf_tokenizer(const std::string& path, const HfTokenizerOptions& options) {
  const std::string where = "[convert] " + path + ": ";
  Result<json> parsed = read_json(path);
  if (!parsed.ok()) return parsed.status();
  const json& j = parsed.value();
  const json& model = field(j, "model");
  if (!model.is_object()) return Status::error(where + "no \"model\" object (is this a tokenizer.json?)");
  const std::string type = text_field(model, "type");
  if (type != "BPE") {
    return Status::error(where + "model type '" + type + "' is not supported (only BPE)");
  }
  if (!has_byte_level(field(j, "pre_tokenizer")) && !has_byte_level(field(j, "decoder"))) {
    return Status::error(where +
                         "not a byte-level BPE (no ByteLevel pre-tokenizer or decoder); only "
                         "byte-level BPE (tokenizer.ggml.model gpt2) is converted");
  }
  if (!field(model, "vocab").is_object()) {
    return Status::error(where + "model.vocab is missing or not an object");
  }

  HfTokenizer out;
  Vocab& vocab = out.vocab;
  vocab.model = "gpt2";
  vocab.add_space_prefix = false;

  // Ids may leave gaps (unused slots) and added tokens may lie past the model's vocab.
  int64_t n_tokens = 0;
  auto check_id = [&](const json& id, const std::string& what) -> Result<int32_t> {
    if (!id.is_number_integer() || id.get<int64_t>() < 0 || id.get<int64_t>() >= INT32_MAX) {
      return Status::error(where + what + " has no valid id");
    }
    n_tokens = std::max(n_tokens, id.get<int64_t>() + 1);
    return static_cast<int32_t>(id.get<int64_t>());
  };
  std::vector<std::pair<int32_t, std::string>> normal;
  for (const auto& [text, id] : model["vocab"].items()) {
    Result<int32_t> r = check_id(id, "model.vocab token '" + text + "'");
    if (!r.ok()) return r.status();
    normal.emplace_back(r.value(), text);
  }
  std::vector<std::tuple<int32_t, std::string, bool>> added_tokens;
  for (const json& a : field(j, "added_tokens")) {
    if (!field(a, "content").is_string()) return Status::error(where + "an added_tokens entry has no content");
    const std::string content = text_field(a, "content");
    Result<int32_t> r = check_id(field(a, "id"), "added token '" + content + "'");
    if (!r.ok()) return r.status();
    added_tokens.emplace_back(r.value(), content, bool_field(a, "special", false));
  }
  if (n_tokens == 0) return Status::error(where + "the vocabulary is empty");
  // Gaps become unused slots; a stray huge id must not make us allocate billions of them.
  const int64_t n_listed = int64_t(normal.size() + added_tokens.size());
  if (n_tokens > 2 * n_listed + 65536) {
    return Status::error(where + "token ids go up to " + std::to_string(n_tokens - 1) + " for " +
                         std::to_string(n_listed) + " tokens (ids must be nearly contiguous)");
  }

  vocab.tokens.assign(size_t(n_tokens), std::string());
  vocab.types.assign(size_t(n_tokens), TokenType::Undefined);
  for (auto& [id, text] : normal) {
    if (vocab.types[size_t(id)] != TokenType::Undefined) {
      return Status::error(where + "id " + std::to_string(id) + " is used twice in model.vocab");
    }
    vocab.tokens[size_t(id)] = std::move(text);
    vocab.types[size_t(id)] = TokenType::Normal;
  }
  for (const auto& [id, content, special] : added_tokens) {
    std::string& text = vocab.tokens[size_t(id)];
    if (vocab.types[size_t(id)] == TokenType::Normal && text != content) {
      return Status::error(where + "added token '" + content + "' has id " + std::to_string(id) +
                           ", which model.vocab gives to '" + text + "'");
    }
    text = content;
    // Hugging Face matches every added token in the input before the model runs; special
    // ones only when special tokens are parsed (control), the others always (user-defined).
    vocab.types[size_t(id)] = special ? TokenType::Control : TokenType::UserDefined;
  }
  for (size_t id = 0; id < vocab.tokens.size(); ++id) {
    if (vocab.types[id] == TokenType::Undefined) {
      vocab.tokens[id] = "[PAD" + std::to_string(id) + "]";  // a gap in the ids
      vocab.types[id] = TokenType::Unused;
    }
  }

  const json& merges = field(model, "merges");
  if (!merges.is_array() || merges.empty()) return Status::error(where + "model.merges is missing or empty");
  vocab.merges.reserve(merges.size());
  for (size_t i = 0; i < merges.size(); ++i) {
    Result<std::string> m = merge_text(merges[i], i, where);
    if (!m.ok()) return m.status();
    vocab.merges.push_back(std::move(m).value());
  }

  if (options.pre.empty()) {
    Result<std::string> pre = detect_pre(j);
    if (!pre.ok()) return Status::error(where + pre.error());
    vocab.pre = pre.value();
  } else {
    vocab.pre = options.pre;
  }
  const PreTokenizerSpec* spec = find_pre_tokenizer_spec(vocab.pre);
  if (!spec) {
    return Status::error(where + "unknown pre-tokenizer '" + vocab.pre + "' (--pre; known: " +
                         known_pre_names() + ")");
  }
  if (spec->ignore_merges != bool_field(model, "ignore_merges", false)) {
    out.notes.push_back("pre-tokenizer '" + vocab.pre + "' runs BPE with ignore_merges=" +
                        (spec->ignore_merges ? "true" : "false") + " but model.ignore_merges is " +
                        (spec->ignore_merges ? "false" : "true"));
  }
  if (const json& normalizer = field(j, "normalizer"); !normalizer.is_null()) {
    out.notes.push_back("normalizer '" + text_field(normalizer, "type") +
                        "' is not applied: GGUF has no key for it, so text that it would change "
                        "tokenizes differently (llama.cpp does the same)");
  }

  json config;  // null when absent
  const std::filesystem::path config_path =
      std::filesystem::path(path).parent_path() / "tokenizer_config.json";
  if (std::filesystem::exists(config_path)) {
    Result<json> c = read_json(config_path.string());
    if (!c.ok()) return c.status();
    config = std::move(c).value();
  }
  if (Status s = set_special_tokens(j, config, vocab); !s.ok()) return Status::error(where + s.message());
  TL_RETURN_IF_ERROR(vocab.validate(path));
  return out;
}

}  // namespace tl::convert
