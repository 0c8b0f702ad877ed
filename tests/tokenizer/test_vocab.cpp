// Vocab::from_gguf on small GGUFs written in memory: defaults, and errors that name the
// file and the key.
#include <gtest/gtest.h>

#include "tok_test_util.h"

namespace tl::test {
namespace {

constexpr const char* kName = "mem.gguf";

// A minimal valid SPM vocab: <unk>, <s>, </s>, "▁", "a".
gguf::Writer base_writer() {
  gguf::Writer w;
  w.set("tokenizer.ggml.model", gguf::Value::from_string("llama"));
  w.set("tokenizer.ggml.tokens",
        gguf::Value::from_strings({"<unk>", "<s>", "</s>", kSp, "a"}));
  w.set("tokenizer.ggml.scores", gguf::Value::from_f32s({0, 0, 0, -1, -2}));
  w.set("tokenizer.ggml.token_type", gguf::Value::from_i32s({2, 3, 3, 1, 1}));
  return w;
}

// Parses the writer's bytes and loads the vocab; `bytes` keeps them alive for the File.
Result<Vocab> load(const gguf::Writer& w, std::vector<uint8_t>& bytes) {
  bytes = w.to_bytes();
  auto file = gguf::File::parse(bytes, kName);
  if (!file.ok()) return Status::error("test GGUF does not parse: " + file.error());
  return Vocab::from_gguf(file.value());
}

// Expects an error mentioning the file name and `key`.
void expect_error(const gguf::Writer& w, const std::string& key) {
  std::vector<uint8_t> bytes;
  Result<Vocab> r = load(w, bytes);
  ASSERT_FALSE(r.ok()) << "expected an error about " << key;
  EXPECT_EQ(r.error().rfind("[tokenizer] ", 0), 0u) << r.error();
  EXPECT_NE(r.error().find(kName), std::string::npos) << r.error();
  EXPECT_NE(r.error().find(key), std::string::npos) << r.error();
}

TEST(Vocab, SpmDefaultsFollowLlamaCpp) {
  std::vector<uint8_t> bytes;
  Result<Vocab> r = load(base_writer(), bytes);
  ASSERT_TRUE(r.ok()) << r.error();
  const Vocab& v = r.value();
  EXPECT_EQ(v.model, "llama");
  EXPECT_EQ(v.pre, "");
  EXPECT_EQ(v.size(), 5);
  EXPECT_EQ(v.types[0], TokenType::Unknown);
  EXPECT_EQ(v.types[4], TokenType::Normal);
  EXPECT_TRUE(v.add_bos);
  EXPECT_FALSE(v.add_eos);
  EXPECT_TRUE(v.add_space_prefix);
  // SentencePiece's conventional ids when the keys are absent.
  EXPECT_EQ(v.unk, 0);
  EXPECT_EQ(v.bos, 1);
  EXPECT_EQ(v.eos, 2);
  EXPECT_EQ(v.pad, -1);
  EXPECT_EQ(v.eot, -1);
}

TEST(Vocab, ExplicitKeysOverrideDefaults) {
  gguf::Writer w = base_writer();
  w.set("tokenizer.ggml.pre", gguf::Value::from_string("default"));
  w.set("tokenizer.ggml.add_bos_token", gguf::Value::from_bool(false));
  w.set("tokenizer.ggml.add_eos_token", gguf::Value::from_bool(true));
  w.set("tokenizer.ggml.add_space_prefix", gguf::Value::from_bool(false));
  w.set("tokenizer.ggml.eos_token_id", gguf::Value::from_u32(4));
  w.set("tokenizer.ggml.padding_token_id", gguf::Value::from_i32(3));
  w.set("tokenizer.ggml.eot_token_id", gguf::Value::from_u32(4294967295u));  // "none"
  w.set("tokenizer.ggml.merges", gguf::Value::from_strings({"a b"}));
  std::vector<uint8_t> bytes;
  Result<Vocab> r = load(w, bytes);
  ASSERT_TRUE(r.ok()) << r.error();
  const Vocab& v = r.value();
  EXPECT_EQ(v.pre, "default");
  EXPECT_FALSE(v.add_bos);
  EXPECT_TRUE(v.add_eos);
  EXPECT_FALSE(v.add_space_prefix);
  EXPECT_EQ(v.eos, 4);
  EXPECT_EQ(v.pad, 3);
  EXPECT_EQ(v.eot, -1);
  EXPECT_EQ(v.merges, std::vector<std::string>{"a b"});
}

TEST(Vocab, NoneIdClearsTheSpmDefault) {
  gguf::Writer w = base_writer();
  w.set("tokenizer.ggml.bos_token_id", gguf::Value::from_u32(4294967295u));
  std::vector<uint8_t> bytes;
  Result<Vocab> r = load(w, bytes);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().bos, -1);
}

TEST(Vocab, OtherModelsGetNoSpmDefaults) {
  gguf::Writer w = base_writer();
  w.set("tokenizer.ggml.model", gguf::Value::from_string("gpt2"));
  std::vector<uint8_t> bytes;
  Result<Vocab> r = load(w, bytes);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_FALSE(r.value().add_bos);
  EXPECT_FALSE(r.value().add_space_prefix);
  EXPECT_EQ(r.value().bos, -1);
}

TEST(Vocab, MissingTypesMeanNormal) {
  gguf::Writer w;
  w.set("tokenizer.ggml.model", gguf::Value::from_string("llama"));
  w.set("tokenizer.ggml.tokens", gguf::Value::from_strings({"<unk>", "<s>", "</s>", "a"}));
  std::vector<uint8_t> bytes;
  Result<Vocab> r = load(w, bytes);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.value().types, std::vector<TokenType>(4, TokenType::Normal));
  EXPECT_TRUE(r.value().scores.empty());
}

TEST(Vocab, MissingModel) {
  gguf::Writer w;
  w.set("tokenizer.ggml.tokens", gguf::Value::from_strings({"a"}));
  expect_error(w, "tokenizer.ggml.model");
}

TEST(Vocab, MissingTokens) {
  gguf::Writer w;
  w.set("tokenizer.ggml.model", gguf::Value::from_string("llama"));
  expect_error(w, "tokenizer.ggml.tokens");
}

TEST(Vocab, EmptyTokens) {
  gguf::Writer w = base_writer();
  w.set("tokenizer.ggml.tokens", gguf::Value::from_strings({}));
  expect_error(w, "tokenizer.ggml.tokens");
}

TEST(Vocab, TokensOfTheWrongType) {
  gguf::Writer w = base_writer();
  w.set("tokenizer.ggml.tokens", gguf::Value::from_string("a"));
  expect_error(w, "tokenizer.ggml.tokens");
}

TEST(Vocab, ScoresLengthMismatch) {
  gguf::Writer w = base_writer();
  w.set("tokenizer.ggml.scores", gguf::Value::from_f32s({0, 0, 0}));
  expect_error(w, "tokenizer.ggml.scores");
}

TEST(Vocab, TokenTypeLengthMismatch) {
  gguf::Writer w = base_writer();
  w.set("tokenizer.ggml.token_type", gguf::Value::from_i32s({1, 1}));
  expect_error(w, "tokenizer.ggml.token_type");
}

TEST(Vocab, TokenTypeOutOfRange) {
  gguf::Writer w = base_writer();
  w.set("tokenizer.ggml.token_type", gguf::Value::from_i32s({2, 3, 3, 1, 7}));
  expect_error(w, "tokenizer.ggml.token_type");
}

TEST(Vocab, TokenIdOutOfRange) {
  gguf::Writer bos = base_writer();
  bos.set("tokenizer.ggml.bos_token_id", gguf::Value::from_u32(5));
  expect_error(bos, "tokenizer.ggml.bos_token_id");
  gguf::Writer eos = base_writer();
  eos.set("tokenizer.ggml.eos_token_id", gguf::Value::from_u32(4294967294u));
  expect_error(eos, "tokenizer.ggml.eos_token_id");
  gguf::Writer unk = base_writer();
  unk.set("tokenizer.ggml.unknown_token_id", gguf::Value::from_i32(-2));
  expect_error(unk, "tokenizer.ggml.unknown_token_id");
  gguf::Writer not_int = base_writer();
  not_int.set("tokenizer.ggml.eot_token_id", gguf::Value::from_string("2"));
  expect_error(not_int, "tokenizer.ggml.eot_token_id");
}

TEST(Vocab, FlagOfTheWrongType) {
  gguf::Writer w = base_writer();
  w.set("tokenizer.ggml.add_bos_token", gguf::Value::from_u32(1));
  expect_error(w, "tokenizer.ggml.add_bos_token");
}

TEST(LoadTokenizer, NamesTheFileAndTheModel) {
  gguf::Writer w = base_writer();
  w.set("tokenizer.ggml.model", gguf::Value::from_string("gpt2"));
  std::vector<uint8_t> bytes = w.to_bytes();
  auto file = gguf::File::parse(bytes, kName);
  ASSERT_TRUE(file.ok()) << file.error();
  auto tok = load_tokenizer(file.value());
  ASSERT_FALSE(tok.ok());
  EXPECT_EQ(tok.error(),
            "[tokenizer] mem.gguf: tokenizer.ggml.merges is missing or empty (byte-level BPE "
            "needs it)");

  w.set("tokenizer.ggml.model", gguf::Value::from_string("t5"));
  bytes = w.to_bytes();
  auto file2 = gguf::File::parse(bytes, kName);
  ASSERT_TRUE(file2.ok()) << file2.error();
  auto tok2 = load_tokenizer(file2.value());
  ASSERT_FALSE(tok2.ok());
  EXPECT_NE(tok2.error().find("'t5'"), std::string::npos) << tok2.error();
}

TEST(LoadTokenizer, BuildsSpmFromMemory) {
  std::vector<uint8_t> bytes = base_writer().to_bytes();
  auto file = gguf::File::parse(bytes, kName);
  ASSERT_TRUE(file.ok()) << file.error();
  auto tok = load_tokenizer(file.value());
  ASSERT_TRUE(tok.ok()) << tok.error();
  // "a" -> "▁a" -> "▁" (3) "a" (4): there is no "▁a" token.
  EXPECT_EQ(tok.value()->encode("a", {}), (std::vector<int32_t>{1, 3, 4}));
}

}  // namespace
}  // namespace tl::test
