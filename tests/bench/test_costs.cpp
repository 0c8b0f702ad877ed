// Roofline costs of tiny-qwen3moe:q4_0 (2 layers), worked out by hand from its shapes:
// embd 256, heads 4/2 of 64, 8 experts (2 used) of ffn 256, vocab 512; a Q4_0 row of
// 256 is 8 blocks of 18 bytes, a Q8_0 row 8 of 34.
#include <gtest/gtest.h>

#include "bench/costs.h"
#include "synthetic/image.h"

namespace tl::bench {
namespace {

TEST(Costs, TinyQwen3MoeByHand) {
  ThreadPool pool(1);
  Result<synthetic::Spec> spec = synthetic::parse_spec("tiny-qwen3moe:q4_0", {});
  ASSERT_TRUE(spec.ok());
  Result<std::unique_ptr<synthetic::Image>> img = synthetic::Image::generate(spec.value(), pool);
  ASSERT_TRUE(img.ok());
  Result<gguf::File> file = img.value()->parse();
  ASSERT_TRUE(file.ok());
  Result<HParams> hp = HParams::from_gguf(file.value());
  ASSERT_TRUE(hp.ok());
  const ModelCosts c = model_costs(file.value(), hp.value());

  const double row = 144;  // one Q4_0 row of 256
  const double attn_macs = 256.0 * 256 + 256.0 * 128 + 256.0 * 128 + 256.0 * 256;
  const double router_macs = 256.0 * 8;
  const double expert_macs = 2 * 3 * 256.0 * 256;  // 2 used experts, gate/up/down
  EXPECT_DOUBLE_EQ(c.layer_macs_per_token, 2 * (attn_macs + router_macs + expert_macs));
  EXPECT_DOUBLE_EQ(c.output_macs, 256.0 * 512);
  EXPECT_DOUBLE_EQ(c.pp_macs_per_token(4), c.layer_macs_per_token + 256.0 * 512 / 4);

  const double attn_bytes = (256 + 128 + 128 + 256) * row;
  const double norm_bytes = (256 + 64 + 64 + 256) * 4.0;
  const double router_bytes = 256 * 8 * 4.0;
  const double expert_bytes = 3 * (8 * 256 * row) * 2 / 8;  // 2 of 8 experts read
  const double layer_bytes = attn_bytes + norm_bytes + router_bytes + expert_bytes;
  const double tail = 256 * 4.0 + 512 * row + 8 * 34.0;  // output_norm, output, one embedding row
  EXPECT_DOUBLE_EQ(c.tg_bytes_per_token, 2 * layer_bytes + tail);

  uint64_t bytes = 0, params = 0;
  for (const synthetic::PlannedTensor& t : img.value()->tensors()) {
    bytes += t.n_bytes;
    params += static_cast<uint64_t>(t.n_elements());
  }
  EXPECT_EQ(c.weight_bytes, bytes);
  EXPECT_EQ(c.params, params);
}

}  // namespace
}  // namespace tl::bench
