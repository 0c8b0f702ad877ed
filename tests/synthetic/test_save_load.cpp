// --save: the file holds exactly the in-memory bytes, and a model loaded from it (by
// gguf::File::open, as any user file) gives bit-identical logits to the in-memory one.
#include <gtest/gtest.h>

#include <cstring>

#include "common/testdata.h"
#include "synthetic_test_util.h"

namespace tl::synthetic {
namespace {

void expect_same_model(const std::string& name) {
  SCOPED_TRACE(name);
  ThreadPool pool(2);
  std::unique_ptr<Image> img = test::make_image(name, pool, 21);
  ASSERT_TRUE(img);
  const std::string path = tl::test::temp_dir() + "/synthetic.gguf";
  const Status saved = img->save(path);
  ASSERT_TRUE(saved.ok()) << saved.message();

  Result<gguf::File> from_disk = gguf::File::open(path);
  ASSERT_TRUE(from_disk.ok()) << from_disk.error();
  ASSERT_EQ(from_disk.value().file_size(), img->bytes().size());
  ASSERT_NE(from_disk.value().mapping(), nullptr);
  EXPECT_EQ(0, std::memcmp(from_disk.value().mapping()->data(), img->bytes().data(), img->bytes().size()));

  Result<gguf::File> in_memory = img->parse();
  ASSERT_TRUE(in_memory.ok());
  std::unique_ptr<Model> a = test::load(std::move(in_memory).value(), pool);
  std::unique_ptr<Model> b = test::load(std::move(from_disk).value(), pool);
  ASSERT_TRUE(a && b);
  const std::vector<int32_t> ids = {1, 42, 259, 7, 400, 3};
  const std::vector<float> la = test::logits_of(*a, pool, ids);
  const std::vector<float> lb = test::logits_of(*b, pool, ids);
  ASSERT_EQ(la.size(), lb.size());
  ASSERT_FALSE(la.empty());
  EXPECT_EQ(0, std::memcmp(la.data(), lb.data(), la.size() * sizeof(float)));  // bit-identical
}

TEST(SyntheticSave, SavedLlamaGivesTheSameLogits) { expect_same_model("tiny-llama:q8_0"); }
TEST(SyntheticSave, SavedQwen3MoeGivesTheSameLogits) { expect_same_model("tiny-qwen3moe:q4_K"); }

TEST(SyntheticSave, UnwritablePathIsAnError) {
  ThreadPool pool(1);
  std::unique_ptr<Image> img = test::make_image("tiny-llama:q4_0", pool);
  ASSERT_TRUE(img);
  const Status s = img->save("/nonexistent-dir/x.gguf");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("[synthetic] /nonexistent-dir/x.gguf"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace tl::synthetic
