// The pieces of read_hf_tokenizer, each on the parsed JSON (internal to convert).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "tokenizer/tokenizer.h"
#include "util/status.h"

namespace tl::convert {

// obj[key] when obj is an object holding key, else a null (a reference either way, so
// pointers into it stay valid, unlike json::value's copies).
const nlohmann::json& field(const nlohmann::json& obj, const char* key);
// obj[key] as a string ("" if absent or not a string) or a bool (`otherwise` likewise):
// json::value would throw on a file of the wrong shape, and user files never abort.
std::string text_field(const nlohmann::json& obj, const char* key);
bool bool_field(const nlohmann::json& obj, const char* key, bool otherwise);

// The regex list a pre_tokenizer config runs, in tokenizer.ggml.pre table spelling
// (ByteLevel with use_regex is GPT-2's pattern, Digits is \p{N} or \p{N}+). An error
// says which part has no regex form.
Result<std::vector<std::string>> pre_tokenizer_regexes(const nlohmann::json& pre_tokenizer);
// The table entry whose regexes and ignore_merges match the file; an error lists what
// was found and asks for --pre.
Result<std::string> detect_pre(const nlohmann::json& tokenizer_json);

// "default, gpt-2, ..." for messages.
std::string known_pre_names();

// bos/eos/unk/pad ids and add_bos/add_eos into `vocab` (tokens already filled), from
// tokenizer_config.json when given (null if absent), else the post_processor template,
// else the conventions of the model family and of common special-token names.
Status set_special_tokens(const nlohmann::json& tokenizer_json, const nlohmann::json& config,
                          Vocab& vocab);

}  // namespace tl::convert
