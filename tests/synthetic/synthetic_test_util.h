// Helpers for synthetic model tests: generate a preset, load it, decode a few tokens.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "model/context.h"
#include "model/model.h"
#include "synthetic/image.h"

namespace tl::synthetic::test {

inline std::unique_ptr<Image> make_image(const std::string& text, ThreadPool& pool, uint64_t seed = 7,
                                         int64_t n_layer = 0) {
  Result<Spec> spec = parse_spec(text, SpecOptions{n_layer, 0, seed});
  EXPECT_TRUE(spec.ok()) << spec.error();
  if (!spec.ok()) return nullptr;
  Result<std::unique_ptr<Image>> img = Image::generate(spec.value(), pool);
  EXPECT_TRUE(img.ok()) << img.error();
  return img.ok() ? std::move(img).value() : nullptr;
}

inline std::unique_ptr<Model> load(gguf::File file, ThreadPool& pool) {
  Result<std::unique_ptr<Model>> m = Model::load(std::move(file), ModelOptions{}, pool);
  EXPECT_TRUE(m.ok()) << m.error();
  return m.ok() ? std::move(m).value() : nullptr;
}

// The logits of every position of a fixed token sequence.
inline std::vector<float> logits_of(const Model& model, ThreadPool& pool, const std::vector<int32_t>& ids) {
  ContextOptions copt;
  copt.n_ctx = static_cast<int64_t>(ids.size());
  Context ctx(model, pool, copt);
  std::vector<float> logits;
  const Status s = ctx.decode(ids, /*all_logits=*/true, &logits);
  EXPECT_TRUE(s.ok()) << s.message();
  return logits;
}

// FNV-1a over bytes: a compact fingerprint for "same bytes" checks.
inline uint64_t fingerprint(std::span<const uint8_t> bytes) {
  uint64_t h = 0xCBF29CE484222325ull;
  for (uint8_t b : bytes) h = (h ^ b) * 0x100000001B3ull;
  return h;
}

}  // namespace tl::synthetic::test
