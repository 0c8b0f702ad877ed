// Recognising tokenizer.ggml.pre from a tokenizer.json pre_tokenizer config.
#include <algorithm>

#include "convert/hf_parts.h"
#include "tokenizer/pre_tokenizer.h"

namespace tl::convert {
namespace {

using nlohmann::json;

Status append_regexes(const json& step, std::vector<std::string>& out) {
  const std::string type = text_field(step, "type");
  if (type == "Sequence") {
    for (const json& inner : field(step, "pretokenizers")) {
      TL_RETURN_IF_ERROR(append_regexes(inner, out));
    }
    return Status::ok_status();
  }
  if (type == "Split") {
    const std::string regex = text_field(field(step, "pattern"), "Regex");
    if (regex.empty()) return Status::error("a Split without a Regex pattern");
    if (text_field(step, "behavior") != "Isolated" || bool_field(step, "invert", false)) {
      return Status::error("a Split with behavior '" + text_field(step, "behavior") +
                           "' (only Isolated, not inverted, has a table form)");
    }
    out.push_back(regex);
    return Status::ok_status();
  }
  if (type == "ByteLevel") {
    if (bool_field(step, "add_prefix_space", false)) {
      return Status::error("ByteLevel with add_prefix_space (no table entry adds a space)");
    }
    // Without use_regex it only maps bytes, which the BPE always does.
    if (bool_field(step, "use_regex", true)) {
      out.emplace_back(find_pre_tokenizer_spec("gpt-2")->regexes.front());
    }
    return Status::ok_status();
  }
  if (type == "Digits") {
    out.emplace_back(bool_field(step, "individual_digits", false) ? R"(\p{N})" : R"(\p{N}+)");
    return Status::ok_status();
  }
  return Status::error("a '" + type + "' pre-tokenizer");
}

std::string joined(const std::vector<std::string>& regexes) {
  std::string s;
  for (const std::string& r : regexes) s += (s.empty() ? "" : ", ") + ("'" + r + "'");
  return s;
}

}  // namespace

const json& field(const json& obj, const char* key) {
  static const json null;
  if (!obj.is_object()) return null;
  auto it = obj.find(key);
  return it == obj.end() ? null : *it;
}

std::string text_field(const json& obj, const char* key) {
  const json& v = field(obj, key);
  return v.is_string() ? v.get<std::string>() : std::string();
}

bool bool_field(const json& obj, const char* key, bool otherwise) {
  const json& v = field(obj, key);
  return v.is_boolean() ? v.get<bool>() : otherwise;
}

std::string known_pre_names() {
  std::string known;
  for (const PreTokenizerSpec& spec : pre_tokenizer_specs()) {
    known += (known.empty() ? "" : ", ") + std::string(spec.name);
  }
  return known;
}

Result<std::vector<std::string>> pre_tokenizer_regexes(const json& pre_tokenizer) {
  if (!pre_tokenizer.is_object()) return Status::error("no pre_tokenizer");
  std::vector<std::string> out;
  TL_RETURN_IF_ERROR(append_regexes(pre_tokenizer, out));
  return out;
}

Result<std::string> detect_pre(const json& tokenizer_json) {
  const std::string hint = "; pass --pre NAME (known: " + known_pre_names() + ")";
  Result<std::vector<std::string>> regexes =
      pre_tokenizer_regexes(field(tokenizer_json, "pre_tokenizer"));
  if (!regexes.ok()) {
    return Status::error("cannot recognise the pre-tokenizer: " + regexes.error() + hint);
  }
  const bool ignore_merges = bool_field(field(tokenizer_json, "model"), "ignore_merges", false);
  for (const PreTokenizerSpec& spec : pre_tokenizer_specs()) {
    // "default" names files of unknown family: a recognised file gets its family's name.
    if (spec.name == "default" || spec.ignore_merges != ignore_merges) continue;
    if (std::equal(spec.regexes.begin(), spec.regexes.end(), regexes.value().begin(),
                   regexes.value().end())) {
      return std::string(spec.name);
    }
  }
  return Status::error("no known pre-tokenizer runs the regexes " + joined(regexes.value()) +
                       " (ignore_merges " + (ignore_merges ? "true" : "false") + ")" + hint);
}

}  // namespace tl::convert
