// The in-memory GGUF image: deterministic bytes, standard metadata, a loadable
// tokenizer, and a model of every computable type that decodes to finite logits.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "model/hparams.h"
#include "synthetic_test_util.h"
#include "tokenizer/tokenizer.h"

namespace tl::synthetic {
namespace {

using test::fingerprint;
using test::make_image;

std::span<const uint8_t> data_section(const Image& img) { return img.bytes().subspan(img.header_bytes()); }

TEST(SyntheticImage, SameSeedSameBytesWhateverTheThreads) {
  ThreadPool one(1), two(2);
  std::unique_ptr<Image> a = make_image("tiny-qwen3moe:q4_0", one, 7);
  std::unique_ptr<Image> b = make_image("tiny-qwen3moe:q4_0", two, 7);
  ASSERT_TRUE(a && b);
  ASSERT_EQ(a->bytes().size(), b->bytes().size());
  EXPECT_EQ(fingerprint(a->bytes()), fingerprint(b->bytes()));
}

TEST(SyntheticImage, DifferentSeedDifferentWeights) {
  ThreadPool pool(2);
  std::unique_ptr<Image> a = make_image("tiny-llama:q8_0", pool, 7);
  std::unique_ptr<Image> b = make_image("tiny-llama:q8_0", pool, 8);
  ASSERT_TRUE(a && b);
  EXPECT_NE(fingerprint(data_section(*a)), fingerprint(data_section(*b)));
}

TEST(SyntheticImage, LayersKeepTheirWeightsWhenThePresetIsScaled) {
  // Streams are keyed by tensor name, so blk.0 is the same in a 1- and a 2-layer model.
  ThreadPool pool(2);
  std::unique_ptr<Image> a = make_image("tiny-llama:q4_0", pool, 7, 1);
  std::unique_ptr<Image> b = make_image("tiny-llama:q4_0", pool, 7, 2);
  ASSERT_TRUE(a && b);
  Result<gguf::File> fa = a->parse(), fb = b->parse();
  ASSERT_TRUE(fa.ok() && fb.ok());
  const gguf::TensorInfo* ta = fa.value().find_tensor("blk.0.attn_q.weight");
  const gguf::TensorInfo* tb = fb.value().find_tensor("blk.0.attn_q.weight");
  ASSERT_TRUE(ta && tb);
  EXPECT_EQ(0, std::memcmp(fa.value().tensor_data(*ta), fb.value().tensor_data(*tb), ta->n_bytes));
}

TEST(SyntheticImage, HasTheStandardMetadata) {
  ThreadPool pool(2);
  std::unique_ptr<Image> img = make_image("tiny-qwen3moe:q4_0", pool);
  ASSERT_TRUE(img);
  Result<gguf::File> f = img->parse();
  ASSERT_TRUE(f.ok()) << f.error();
  const gguf::File& file = f.value();
  EXPECT_EQ(file.version(), 3u);
  EXPECT_EQ(file.alignment(), 32u);
  EXPECT_EQ(file.get_string("general.architecture").value(), "qwen3moe");
  EXPECT_EQ(file.get_u64("general.file_type").value(), 2u);  // LLAMA_FTYPE_MOSTLY_Q4_0
  for (const char* key : {"qwen3moe.block_count", "qwen3moe.context_length", "qwen3moe.embedding_length",
                          "qwen3moe.feed_forward_length", "qwen3moe.attention.head_count",
                          "qwen3moe.attention.head_count_kv", "qwen3moe.attention.key_length",
                          "qwen3moe.attention.value_length", "qwen3moe.rope.freq_base",
                          "qwen3moe.attention.layer_norm_rms_epsilon", "qwen3moe.expert_count",
                          "qwen3moe.expert_used_count", "qwen3moe.expert_feed_forward_length"}) {
    EXPECT_TRUE(file.has(key)) << key;
  }
  Result<HParams> hp = HParams::from_gguf(file);
  ASSERT_TRUE(hp.ok()) << hp.error();
  EXPECT_EQ(hp.value().n_expert, 8);
  EXPECT_EQ(hp.value().n_expert_used, 2);
  EXPECT_EQ(hp.value().n_vocab, 512);
  EXPECT_EQ(file.tensors().size(), img->tensors().size());
}

TEST(SyntheticImage, TokenizerLoadsWithByteTokens) {
  ThreadPool pool(2);
  std::unique_ptr<Image> img = make_image("tiny-llama:q4_0", pool);
  ASSERT_TRUE(img);
  Result<gguf::File> f = img->parse();
  ASSERT_TRUE(f.ok());
  Result<std::unique_ptr<Tokenizer>> tok = load_tokenizer(f.value());
  ASSERT_TRUE(tok.ok()) << tok.error();
  const Tokenizer& t = *tok.value();
  EXPECT_EQ(t.n_vocab(), 512);
  EXPECT_EQ(t.bos(), 1);
  EXPECT_EQ(t.eos(), 2);
  EXPECT_EQ(t.vocab().tokens[3 + 0x0A], "<0x0A>");
  EXPECT_EQ(t.vocab().type(3 + 0x0A), TokenType::Byte);
  // Text with no filler piece falls back to byte tokens and round-trips.
  EncodeOptions opt;
  opt.add_special = false;
  const std::vector<int32_t> ids = t.encode("hi\n", opt);
  EXPECT_FALSE(ids.empty());
  EXPECT_EQ(t.decode(ids), "hi\n");
}

TEST(SyntheticImage, EveryComputableTypeDecodesToFiniteLogits) {
  ThreadPool pool(2);
  const std::vector<int32_t> ids = {1, 300, 17, 511};
  for (uint32_t id = 0; id < 64; ++id) {
    const DTypeInfo* info = dtype_info(id);
    if (!info || !info->computable) continue;
    for (const char* preset : {"tiny-llama", "tiny-qwen3moe"}) {
      const std::string name = std::string(preset) + ":" + std::string(info->name);
      SCOPED_TRACE(name);
      std::unique_ptr<Image> img = make_image(name, pool, 3, 1);
      ASSERT_TRUE(img);
      Result<gguf::File> f = img->parse();
      ASSERT_TRUE(f.ok()) << f.error();
      std::unique_ptr<Model> model = test::load(std::move(f).value(), pool);
      ASSERT_TRUE(model);
      const std::vector<float> logits = test::logits_of(*model, pool, ids);
      ASSERT_EQ(logits.size(), ids.size() * 512);
      double sum_sq = 0;
      for (float x : logits) {
        ASSERT_TRUE(std::isfinite(x));
        sum_sq += static_cast<double>(x) * x;
      }
      // Random weights of amplitude 0.08 give logits of order 1, never all zero.
      const double rms = std::sqrt(sum_sq / static_cast<double>(logits.size()));
      EXPECT_GT(rms, 0.01);
      EXPECT_LT(rms, 100.0);
    }
  }
}

}  // namespace
}  // namespace tl::synthetic
