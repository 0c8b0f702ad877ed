// NAME[:TYPE] parsing: presets, types, scaling options, and the errors users see.
#include <gtest/gtest.h>

#include "synthetic/spec.h"
#include "synthetic/tensor_plan.h"

namespace tl::synthetic {
namespace {

TEST(SyntheticSpec, PresetShapesMatchTheRealModels) {
  const Preset* llama = find_preset("llama3-8b");
  ASSERT_NE(llama, nullptr);
  EXPECT_EQ(llama->shape.n_embd, 4096);
  EXPECT_EQ(llama->shape.n_ff, 14336);
  EXPECT_EQ(llama->shape.n_layer, 32);
  EXPECT_EQ(llama->shape.n_head, 32);
  EXPECT_EQ(llama->shape.n_head_kv, 8);
  EXPECT_EQ(llama->shape.n_vocab, 128256);
  const Preset* moe = find_preset("qwen3-30b-a3b");
  ASSERT_NE(moe, nullptr);
  EXPECT_EQ(moe->shape.arch, "qwen3moe");
  EXPECT_EQ(moe->shape.n_layer, 48);
  EXPECT_EQ(moe->shape.n_expert, 128);
  EXPECT_EQ(moe->shape.n_expert_used, 8);
  EXPECT_EQ(moe->shape.n_ff_expert, 768);
  EXPECT_TRUE(moe->shape.qk_norm);
}

TEST(SyntheticSpec, ParsesNameAndType) {
  Result<Spec> s = parse_spec("llama3-8b:q8_0", {});
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ(s.value().type, DType::Q8_0);
  EXPECT_EQ(s.value().display_name(), "llama3-8b:q8_0");
  Result<Spec> d = parse_spec("qwen3-30b-a3b", {});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.value().type, DType::Q4_0);  // the default
  Result<Spec> k = parse_spec("qwen3-30b-a3b:Q4_K", {});
  ASSERT_TRUE(k.ok()) << k.error();
  EXPECT_EQ(k.value().type, DType::Q4_K);
}

TEST(SyntheticSpec, ScalesLayersAndVocab) {
  Result<Spec> s = parse_spec("qwen3-30b-a3b:q4_0", SpecOptions{4, 32000, 9});
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ(s.value().shape.n_layer, 4);
  EXPECT_EQ(s.value().shape.n_vocab, 32000);
  EXPECT_EQ(s.value().seed, 9u);
  EXPECT_EQ(s.value().display_name(), "qwen3-30b-a3b:q4_0 L4/48 V32000");
}

TEST(SyntheticSpec, EmbeddingIsQ8_0ForQuantizedTypesAndOutputIsUntied) {
  Result<Spec> q = parse_spec("tiny-llama:q4_K", {});
  ASSERT_TRUE(q.ok());
  const std::vector<PlannedTensor> plan = plan_tensors(q.value());
  EXPECT_EQ(plan.front().name, "token_embd.weight");
  EXPECT_EQ(plan.front().type, DType::Q8_0);
  EXPECT_EQ(plan.back().name, "output.weight");
  EXPECT_EQ(plan.back().type, DType::Q4_K);
  Result<Spec> f = parse_spec("tiny-llama:bf16", {});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f.value().embedding_type(), DType::BF16);
  for (const PlannedTensor& t : plan) {
    if (t.name.find("norm") != std::string::npos) {
      EXPECT_EQ(t.type, DType::F32) << t.name;
    }
    EXPECT_EQ(t.offset % kAlignment, 0u) << t.name;
  }
}

TEST(SyntheticSpec, TinyPresetsCoverEveryArchitectureWithItsOwnTensors) {
  // qwen2: q/k/v biases (F32, one per output row); qwen3 and qwen3moe: per-head q/k
  // norms; llama: neither.
  struct Want {
    const char* preset;
    const char* arch;
    bool bias, qk_norm;
  };
  for (const Want& want : {Want{"tiny-llama", "llama", false, false}, Want{"tiny-qwen2", "qwen2", true, false},
                           Want{"tiny-qwen3", "qwen3", false, true}, Want{"tiny-qwen3moe", "qwen3moe", false, true}}) {
    SCOPED_TRACE(want.preset);
    Result<Spec> s = parse_spec(std::string(want.preset) + ":q4_0", {});
    ASSERT_TRUE(s.ok()) << s.error();
    EXPECT_EQ(s.value().shape.arch, want.arch);
    const std::vector<PlannedTensor> plan = plan_tensors(s.value());
    auto find = [&](const std::string& name) -> const PlannedTensor* {
      for (const PlannedTensor& t : plan) {
        if (t.name == name) return &t;
      }
      return nullptr;
    };
    const PlannedTensor* bk = find("blk.1.attn_k.bias");
    EXPECT_EQ(bk != nullptr, want.bias);
    if (bk) {
      EXPECT_EQ(bk->type, DType::F32);
      EXPECT_EQ(bk->ne, std::vector<int64_t>{s.value().shape.n_head_kv * s.value().shape.head_dim});
    }
    EXPECT_EQ(find("blk.1.attn_q_norm.weight") != nullptr, want.qk_norm);
  }
}

TEST(SyntheticSpec, RejectsBadNamesWithTheChoices) {
  Result<Spec> a = parse_spec("llama9-8b:q4_0", {});
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().find("[synthetic] unknown model 'llama9-8b'"), std::string::npos) << a.error();
  EXPECT_NE(a.error().find("qwen3-30b-a3b"), std::string::npos) << a.error();
  Result<Spec> b = parse_spec("llama3-8b:q4_9", {});
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.error().find("unknown or non-computable type 'q4_9'"), std::string::npos) << b.error();
  EXPECT_NE(b.error().find("q8_0"), std::string::npos) << b.error();
  Result<Spec> c = parse_spec("llama3-8b:iq2_xxs", {});  // known to GGUF, not computable here
  ASSERT_FALSE(c.ok());
  Result<Spec> v = parse_spec("tiny-llama", SpecOptions{0, 100, 0});
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.error().find("--vocab 100 is too small"), std::string::npos) << v.error();
}

}  // namespace
}  // namespace tl::synthetic
