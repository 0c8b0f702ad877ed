// tokenizer.json -> GGUF tokenizer keys, on small tokenizer.json files written here in
// the layout Hugging Face's tokenizers library saves (both merge spellings), and on the
// converted files read back through the GGUF reader.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "common/testdata.h"
#include "convert/hf_tokenizer.h"
#include "tok_test_util.h"
#include "tokenizer/byte_level.h"
#include "tokenizer/pre_tokenizer.h"

namespace tl::test {
namespace {

using nlohmann::json;

// A byte-level BPE tokenizer.json: 256 byte characters, "ab" (256), added tokens
// <|bos|> (257, special) and <think> (258, not special), GPT-2's ByteLevel pre-tokenizer.
json toy_json(bool pair_merges) {
  json vocab = json::object();
  for (int b = 0; b < 256; ++b) vocab[std::string(byte_level().encode_byte(uint8_t(b)))] = b;
  vocab["ab"] = 256;
  json merge = pair_merges ? json::array({"a", "b"}) : json("a b");
  return {
      {"version", "1.0"},
      {"added_tokens",
       {{{"id", 257}, {"content", "<|bos|>"}, {"special", true}},
        {{"id", 258}, {"content", "<think>"}, {"special", false}}}},
      {"normalizer", nullptr},
      {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", true}}},
      {"post_processor", nullptr},
      {"decoder", {{"type", "ByteLevel"}}},
      {"model", {{"type", "BPE"}, {"vocab", vocab}, {"merges", json::array({merge})}}},
  };
}

std::string write_json(const std::string& dir, const json& j, const std::string& name = "tokenizer.json") {
  const std::string path = dir + "/" + name;
  std::ofstream(path) << j.dump();
  return path;
}

Result<convert::HfTokenizer> convert_json(const json& j, const std::string& pre = "") {
  return convert::read_hf_tokenizer(write_json(temp_dir(), j), {pre});
}

TEST(Convert, TokensTypesAndBothMergeSpellings) {
  for (bool pairs : {false, true}) {
    auto r = convert_json(toy_json(pairs));
    ASSERT_TRUE(r.ok()) << r.error();
    const Vocab& v = r.value().vocab;
    EXPECT_EQ(v.model, "gpt2");
    EXPECT_EQ(v.pre, "gpt-2");  // recognised from ByteLevel(use_regex)
    ASSERT_EQ(v.size(), 259);
    EXPECT_EQ(v.tokens[32], "\xC4\xA0");
    EXPECT_EQ(v.types[256], TokenType::Normal);
    EXPECT_EQ(v.types[257], TokenType::Control);
    EXPECT_EQ(v.types[258], TokenType::UserDefined);
    EXPECT_EQ(v.merges, std::vector<std::string>{"a b"});
    EXPECT_EQ(v.bos, -1);  // "<|bos|>" is no conventional name, and nothing else says
    EXPECT_FALSE(v.add_bos);
    EXPECT_TRUE(r.value().notes.empty());
  }
}

TEST(Convert, WritesAVocabOnlyGgufThatLoads) {
  const std::string dir = temp_dir();
  json j = toy_json(false);
  j["post_processor"] = json::parse(R"({"type": "TemplateProcessing", "single": [
      {"SpecialToken": {"id": "<|bos|>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}]})");
  auto r = convert::read_hf_tokenizer(write_json(dir, j), {});
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().vocab.bos, 257);  // the template's first special token
  EXPECT_TRUE(r.value().vocab.add_bos);
  ASSERT_TRUE(convert::write_vocab_only_gguf(r.value().vocab, dir + "/v.gguf").ok());
  auto file = gguf::File::open(dir + "/v.gguf");
  ASSERT_TRUE(file.ok()) << file.error();
  EXPECT_TRUE(file.value().tensors().empty());
  auto tok = load_tokenizer(file.value());
  ASSERT_TRUE(tok.ok()) << tok.error();
  EXPECT_EQ(tok.value()->encode("ab<think> ab", {}), (std::vector<int32_t>{257, 256, 258, 32, 256}));
}

TEST(Convert, TokenizerConfigBesideItWins) {
  const std::string dir = temp_dir();
  json j = toy_json(false);
  write_json(dir, {{"bos_token", {{"content", "<|bos|>"}}}, {"eos_token", "<|bos|>"},
                   {"add_bos_token", true}, {"add_eos_token", false}},
             "tokenizer_config.json");
  auto r = convert::read_hf_tokenizer(write_json(dir, j), {});
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().vocab.bos, 257);
  EXPECT_EQ(r.value().vocab.eos, 257);
  EXPECT_TRUE(r.value().vocab.add_bos);
  write_json(dir, {{"eos_token", "<|nope|>"}}, "tokenizer_config.json");
  auto bad = convert::read_hf_tokenizer(dir + "/tokenizer.json", {});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().find("eos_token '<|nope|>' is not in the vocabulary"), std::string::npos)
      << bad.error();
}

TEST(Convert, RecognisesSplitSequencesAndIgnoreMerges) {
  json j = toy_json(false);
  const PreTokenizerSpec* llama3 = find_pre_tokenizer_spec("llama-bpe");
  j["pre_tokenizer"] = {
      {"type", "Sequence"},
      {"pretokenizers",
       {{{"type", "Split"}, {"pattern", {{"Regex", std::string(llama3->regexes[0])}}},
         {"behavior", "Isolated"}, {"invert", false}},
        {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", false}}}}};
  j["model"]["ignore_merges"] = true;
  auto r = convert_json(j);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().vocab.pre, "llama-bpe");
  j["model"]["ignore_merges"] = false;  // the same pattern without it: Smaug's conversion
  auto s = convert_json(j);
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ(s.value().vocab.pre, "smaug-bpe");
}

TEST(Convert, UnrecognisedPreTokenizerAsksForPre) {
  json j = toy_json(false);
  j["pre_tokenizer"] = {{"type", "Sequence"},
                        {"pretokenizers",
                         {{{"type", "Split"}, {"pattern", {{"Regex", "\\w+"}}}, {"behavior", "Isolated"}},
                          {{"type", "ByteLevel"}, {"use_regex", false}}}}};
  auto r = convert_json(j);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().rfind("[convert] ", 0), 0u) << r.error();
  EXPECT_NE(r.error().find("'\\w+'"), std::string::npos) << r.error();
  EXPECT_NE(r.error().find("pass --pre NAME"), std::string::npos) << r.error();
  auto forced = convert_json(j, "qwen2");
  ASSERT_TRUE(forced.ok()) << forced.error();
  EXPECT_EQ(forced.value().vocab.pre, "qwen2");
  auto unknown = convert_json(j, "qwen9");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().find("unknown pre-tokenizer 'qwen9'"), std::string::npos) << unknown.error();
}

TEST(Convert, RejectsWhatItCannotConvert) {
  json spm = toy_json(false);
  spm["pre_tokenizer"] = {{"type", "Metaspace"}};
  spm["decoder"] = {{"type", "Metaspace"}};
  auto r = convert_json(spm);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("not a byte-level BPE"), std::string::npos) << r.error();
  json unigram = toy_json(false);
  unigram["model"]["type"] = "Unigram";
  auto u = convert_json(unigram);
  ASSERT_FALSE(u.ok());
  EXPECT_NE(u.error().find("model type 'Unigram'"), std::string::npos) << u.error();
  json clash = toy_json(false);
  clash["added_tokens"][0]["id"] = 97;  // "a" in the vocab
  auto c = convert_json(clash);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().find("which model.vocab gives to 'a'"), std::string::npos) << c.error();
  const std::string dir = temp_dir();
  std::ofstream(dir + "/tokenizer.json") << "{ not json";
  auto bad = convert::read_hf_tokenizer(dir + "/tokenizer.json", {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error(), "[convert] " + dir + "/tokenizer.json: not valid JSON");
}

TEST(Convert, FilesOfTheWrongShapeAreErrorsNotCrashes) {
  // Each is a well-formed JSON document with a field of the wrong kind.
  const std::vector<std::pair<const char*, json>> edits = {
      {"/pre_tokenizer", json::array({1, 2})},
      {"/pre_tokenizer", {{"type", "Split"}, {"pattern", 7}}},
      {"/added_tokens/0/content", 5},
      {"/added_tokens/0/id", "x"},
      {"/model/vocab/a", -3},
      {"/model/merges", json::array({json::array({1, 2})})},
      {"/model/merges", "a b"},
      {"/post_processor", {{"type", "TemplateProcessing"}, {"single", 3}}},
      {"/model", json::array()},
      {"/added_tokens/0/id", 2000000000},
  };
  for (const auto& [pointer, value] : edits) {
    json j = toy_json(false);
    j[json::json_pointer(pointer)] = value;
    auto r = convert_json(j);
    if (!r.ok()) {
      EXPECT_EQ(r.error().rfind("[", 0), 0u) << pointer << ": " << r.error();
    }
  }
}

TEST(Convert, NotesTheNormalizerItCannotCarry) {
  json j = toy_json(false);
  j["normalizer"] = {{"type", "NFC"}};
  auto r = convert_json(j);
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r.value().notes.size(), 1u);
  EXPECT_NE(r.value().notes[0].find("normalizer 'NFC' is not applied"), std::string::npos);
}

}  // namespace
}  // namespace tl::test
