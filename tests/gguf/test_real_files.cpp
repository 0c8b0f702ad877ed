// Reads the real GGUF files in shared/testdata (their facts are in its README) and the
// tiny HF conversions in hf-tiny/.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "common/testdata.h"
#include "gguf/gguf.h"

namespace tl::gguf {
namespace {

File open_ok(const std::string& relative) {
  Result<File> f = File::open(test::testdata_path(relative));
  if (!f.ok()) {
    ADD_FAILURE() << f.error();
    return File{};
  }
  return std::move(f).value();
}

// The tensor whose data ends last must end inside the file; returns that end.
uint64_t end_of_data(const File& f) {
  uint64_t end = f.data_offset();
  for (const TensorInfo& t : f.tensors()) {
    end = std::max<uint64_t>(end, f.data_offset() + t.offset + t.n_bytes);
  }
  return end;
}

TEST(GgufRealFiles, Stories260K) {
  File f = open_ok("stories260K.gguf");
  EXPECT_EQ(f.version(), 3u);
  EXPECT_EQ(f.tensors().size(), 48u);
  EXPECT_EQ(f.metadata().size(), 19u);
  EXPECT_EQ(f.alignment(), 32u);
  EXPECT_EQ(f.data_offset() % 32, 0u);
  EXPECT_EQ(f.get_string("general.architecture").value(), "llama");
  EXPECT_EQ(f.get_u64("llama.block_count").value(), 5u);
  EXPECT_EQ(f.get_i64("llama.embedding_length").value(), 64);
  EXPECT_NEAR(f.get_f64("llama.attention.layer_norm_rms_epsilon").value(), 1e-5, 1e-12);
  EXPECT_EQ(f.get_string_array("tokenizer.ggml.tokens").value().size(), 512u);
  EXPECT_EQ(f.get_f32_array("tokenizer.ggml.scores").value().size(), 512u);
  EXPECT_EQ(f.get_i32_array("tokenizer.ggml.token_type").value().size(), 512u);
  EXPECT_EQ(f.get_u64("tokenizer.ggml.bos_token_id").value(), 1u);
  EXPECT_FALSE(f.has("tokenizer.ggml.pre"));

  const TensorInfo* emb = f.find_tensor("token_embd.weight");
  ASSERT_NE(emb, nullptr);
  EXPECT_EQ(emb->n_dims, 2u);
  EXPECT_EQ(emb->shape_string(), "[64, 512]");
  EXPECT_EQ(emb->type, DType::F32);
  EXPECT_EQ(emb->n_bytes, 64u * 512u * 4u);
  for (const TensorInfo& t : f.tensors()) EXPECT_EQ(t.type, DType::F32) << t.name;
  // The README: output.weight is a separate tensor, byte-identical to token_embd.
  const TensorInfo* out = f.find_tensor("output.weight");
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(std::memcmp(f.tensor_data(*emb), f.tensor_data(*out), emb->n_bytes), 0);
  EXPECT_EQ(end_of_data(f), f.file_size());  // the last tensor ends at EOF
  ASSERT_NE(f.mapping(), nullptr);
  EXPECT_EQ(f.mapping()->size(), f.file_size());
}

TEST(GgufRealFiles, LlamaTinyRandomF16) {
  File f = open_ok("llama-2-tiny-random.gguf");
  EXPECT_EQ(f.version(), 3u);
  EXPECT_EQ(f.tensors().size(), 12u);
  EXPECT_EQ(f.metadata().size(), 18u);
  EXPECT_EQ(f.get_string_array("tokenizer.ggml.tokens").value().size(), 32000u);
  EXPECT_EQ(f.get_f32_array("tokenizer.ggml.scores").value().size(), 32000u);
  EXPECT_EQ(f.get_u64("llama.block_count").value(), 1u);
  EXPECT_EQ(f.get_u64("general.file_type").value(), 1u);
  const TensorInfo* out = f.find_tensor("output.weight");
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(out->shape_string(), "[8, 32000]");
  EXPECT_EQ(out->type, DType::F16);
  EXPECT_EQ(out->n_bytes, 8u * 32000u * 2u);
  size_t n_f16 = 0;
  for (const TensorInfo& t : f.tensors()) {
    if (t.type == DType::F16) ++n_f16;
    if (t.n_dims == 1) {
      EXPECT_EQ(t.type, DType::F32) << t.name;
    }
  }
  EXPECT_GT(n_f16, 0u);
  EXPECT_EQ(end_of_data(f), f.file_size());
}

TEST(GgufRealFiles, VocabOnlyFiles) {
  const char* names[] = {"baichuan", "bert-bge", "deepseek-coder", "deepseek-llm", "falcon",
                         "gpt-2",    "gpt-neox", "llama-spm",      "mpt",          "phi-3",
                         "refact",   "starcoder"};
  for (const char* n : names) {
    SCOPED_TRACE(n);
    File f = open_ok(std::string("vocab/ggml-vocab-") + n + ".gguf");
    EXPECT_EQ(f.version(), 3u);
    EXPECT_TRUE(f.tensors().empty());
    EXPECT_LE(f.data_offset(), f.file_size());
    Result<std::vector<std::string>> tokens = f.get_string_array("tokenizer.ggml.tokens");
    ASSERT_TRUE(tokens.ok()) << tokens.error();
    EXPECT_GT(tokens->size(), 1000u);
    EXPECT_TRUE(f.get_string("tokenizer.ggml.model").ok());
  }
}

TEST(GgufRealFiles, HfTinyF32) {
  for (const char* arch : {"llama", "qwen2", "qwen3", "qwen3moe"}) {
    SCOPED_TRACE(arch);
    File f = open_ok(std::string("hf-tiny/") + arch + "/model.f32.gguf");
    EXPECT_EQ(f.get_string("general.architecture").value(), arch);
    EXPECT_EQ(f.get_u64("general.file_type").value(), 0u);
    EXPECT_FALSE(f.tensors().empty());
    for (const TensorInfo& t : f.tensors()) EXPECT_EQ(t.type, DType::F32) << t.name;
    const TensorInfo* emb = f.find_tensor("token_embd.weight");
    ASSERT_NE(emb, nullptr);
    EXPECT_EQ(emb->shape_string(), "[64, 512]");
    EXPECT_LE(end_of_data(f), f.file_size());
  }
}

TEST(GgufRealFiles, Qwen3MoeF16Experts) {
  File f = open_ok("hf-tiny/qwen3moe/model.f16.gguf");
  EXPECT_EQ(f.get_u64("general.file_type").value(), 1u);
  EXPECT_EQ(f.get_u64("qwen3moe.expert_count").value(), 8u);
  const TensorInfo* gate = f.find_tensor("blk.0.ffn_gate_exps.weight");
  ASSERT_NE(gate, nullptr);
  EXPECT_EQ(gate->n_dims, 3u);
  EXPECT_EQ(gate->shape_string(), "[64, 48, 8]");
  EXPECT_EQ(gate->type, DType::F16);
  EXPECT_EQ(gate->n_elements(), 64 * 48 * 8);
  EXPECT_EQ(gate->n_bytes, 64u * 48u * 8u * 2u);
  const TensorInfo* router = f.find_tensor("blk.0.ffn_gate_inp.weight");
  ASSERT_NE(router, nullptr);
  EXPECT_EQ(router->type, DType::F32);
  EXPECT_LE(end_of_data(f), f.file_size());
}

// parse() over the same bytes gives the same tables as open().
TEST(GgufRealFiles, ParseMatchesOpen) {
  const std::string path = test::testdata_path("stories260K.gguf");
  std::vector<uint8_t> bytes = test::read_bytes(path);
  Result<File> a = File::open(path);
  Result<File> b = File::parse(bytes, "stories260K.gguf");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(b->mapping(), nullptr);
  ASSERT_EQ(a->tensors().size(), b->tensors().size());
  for (size_t k = 0; k < a->tensors().size(); ++k) {
    const TensorInfo& ta = a->tensors()[k];
    const TensorInfo& tb = b->tensors()[k];
    EXPECT_EQ(ta.name, tb.name);
    EXPECT_EQ(ta.offset, tb.offset);
    EXPECT_EQ(std::memcmp(a->tensor_data(ta), b->tensor_data(tb), ta.n_bytes), 0);
  }
}

}  // namespace
}  // namespace tl::gguf
