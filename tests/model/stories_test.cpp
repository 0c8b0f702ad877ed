// stories260K, a real trained model, against goldens from an independent float64
// implementation (../shared/testdata/stories260K.greedy.json): prompt logits within
// 1e-4 (the goldens are rounded to 6 decimals, and float32 accumulates ~1e-6 relative
// error over 5 layers) and greedy ids identical, except where the documented near-tie
// (top-2 margin below 0.01, step 185 of the empty prompt) lets a float32 engine differ.
#include <nlohmann/json.hpp>

#include "common/testdata.h"
#include "generate/generate.h"
#include "model_test_util.h"

namespace tl::test {
namespace {

using nlohmann::json;

class Stories : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    golden_ = json::parse(read_text(testdata_path("stories260K.greedy.json")))["cases"][GetParam()];
    ASSERT_FALSE(golden_.is_null()) << "no case " << GetParam();
    loaded_ = load_for_test(testdata_path("stories260K.gguf"));
    ASSERT_NE(loaded_.model, nullptr);
    Result<std::unique_ptr<Tokenizer>> tok = load_tokenizer(loaded_.model->file());
    ASSERT_TRUE(tok.ok()) << tok.error();
    tok_ = std::move(tok).value();
  }
  json golden_;
  LoadedForTest loaded_;
  std::unique_ptr<Tokenizer> tok_;
};

TEST_P(Stories, PromptTokensAndLogits) {
  const auto prompt_tokens = golden_["prompt_tokens"].get<std::vector<int32_t>>();
  EXPECT_EQ(tok_->encode(golden_["prompt"].get<std::string>(), EncodeOptions{}), prompt_tokens);
  // Golden logits exist for the first positions; feed the prompt then the generated ids.
  const auto generated = golden_["generated_tokens"].get<std::vector<int32_t>>();
  const auto& golden_logits = golden_["logits"];
  std::vector<int32_t> seq = prompt_tokens;
  seq.insert(seq.end(), generated.begin(), generated.end());
  seq.resize(golden_logits.size());
  Context ctx(*loaded_.model, *loaded_.pool);
  std::vector<float> logits;
  ASSERT_TRUE(ctx.decode(seq, true, &logits).ok());
  std::vector<float> want;
  for (const auto& row : golden_logits) {
    for (double v : row) want.push_back(static_cast<float>(v));
  }
  expect_logits_near(logits, want, 512, 1e-4, "stories260K " + GetParam());
}

TEST_P(Stories, GreedyGenerationMatches) {
  const auto want = golden_["generated_tokens"].get<std::vector<int32_t>>();
  const auto margins = golden_["top2_margin"].get<std::vector<double>>();
  GenerateOptions opt;
  opt.n_predict = static_cast<int64_t>(want.size());
  opt.sampling.temperature = 0;
  std::string text;
  Context ctx(*loaded_.model, *loaded_.pool);
  Result<GenerateStats> stats =
      generate(ctx, *tok_, golden_["prompt"].get<std::string>(), opt, [&](std::string_view t) { text += t; });
  ASSERT_TRUE(stats.ok()) << stats.error();
  const std::vector<int32_t>& got = stats.value().tokens;
  size_t same = 0;
  while (same < got.size() && same < want.size() && got[same] == want[same]) ++same;
  if (same < want.size()) {
    // A divergence is acceptable only at a documented near-tie.
    ASSERT_LT(margins.at(same), 0.01) << "greedy ids differ at step " << same << " (margin " << margins.at(same)
                                      << "): expected " << want[same]
                                      << ", got " << (same < got.size() ? got[same] : -1);
  } else {
    EXPECT_EQ(golden_["prompt"].get<std::string>() + text, golden_["text"].get<std::string>());
  }
}

INSTANTIATE_TEST_SUITE_P(Goldens, Stories, ::testing::Values("empty_prompt_256", "once_upon_a_time_64"));

}  // namespace
}  // namespace tl::test
