// Invalid models get one clear load-time error naming the file and what is wrong:
// unsupported architectures, missing tensors, wrong shapes, inconsistent
// hyper-parameters, impossible placements. Files are the hf-tiny llama GGUF rewritten
// with one defect each.
#include <cstring>
#include <functional>

#include "common/testdata.h"
#include "gguf/gguf.h"
#include "model_test_util.h"

namespace tl::test {
namespace {

// Copies `src` into a writer, letting `edit` change a key or drop/reshape a tensor.
struct Rewrite {
  std::function<bool(gguf::KeyValue&)> key = [](gguf::KeyValue&) { return true; };           // false: drop
  std::function<bool(const gguf::TensorInfo&, std::vector<int64_t>&)> tensor =
      [](const gguf::TensorInfo&, std::vector<int64_t>&) { return true; };                     // false: drop
};

std::string rewrite(const std::string& src_path, const Rewrite& r, const std::string& name) {
  Result<gguf::File> src = gguf::File::open(src_path);
  EXPECT_TRUE(src.ok()) << src.error();
  gguf::Writer w;
  for (gguf::KeyValue kv : src.value().metadata()) {
    if (r.key(kv)) w.set(kv.key, kv.value);
  }
  for (const gguf::TensorInfo& t : src.value().tensors()) {
    std::vector<int64_t> ne(t.ne, t.ne + t.n_dims);
    if (!r.tensor(t, ne)) continue;
    const int64_t n = ne[0] * (ne.size() > 1 ? ne[1] : 1) * (ne.size() > 2 ? ne[2] : 1);
    // A reshaped tensor keeps a prefix of its bytes (or zeros past them).
    std::vector<uint8_t> bytes(row_bytes(t.type, n), 0);
    std::memcpy(bytes.data(), src.value().tensor_data(t), std::min<size_t>(bytes.size(), t.n_bytes));
    EXPECT_TRUE(w.add_tensor(t.name, t.type, ne, bytes).ok());
  }
  const std::string path = temp_dir() + "/" + name;
  EXPECT_TRUE(w.write(path).ok());
  return path;
}

std::string load_error(const std::string& path, const ModelOptions& options = {}) {
  ThreadPool pool(1);
  Result<std::unique_ptr<Model>> m = Model::load(path, options, pool);
  return m.ok() ? std::string("(loaded)") : m.error();
}

std::string llama_path() { return testdata_path("hf-tiny/llama/model.f32.gguf"); }

TEST(ModelErrors, UnsupportedArchitectureIsNamed) {
  Rewrite r;
  r.key = [](gguf::KeyValue& kv) {
    if (kv.key == "general.architecture") kv.value = gguf::Value::from_string("mamba");
    return true;
  };
  const std::string err = load_error(rewrite(llama_path(), r, "arch.gguf"));
  EXPECT_NE(err.find("arch.gguf"), std::string::npos) << err;
  EXPECT_NE(err.find("'mamba' is not supported"), std::string::npos) << err;
}

TEST(ModelErrors, MissingTensorIsNamed) {
  Rewrite r;
  r.tensor = [](const gguf::TensorInfo& t, std::vector<int64_t>&) { return t.name != "blk.1.ffn_up.weight"; };
  const std::string err = load_error(rewrite(llama_path(), r, "missing.gguf"));
  EXPECT_NE(err.find("tensor blk.1.ffn_up.weight is missing"), std::string::npos) << err;
}

TEST(ModelErrors, WrongShapeIsNamed) {
  Rewrite r;
  r.tensor = [](const gguf::TensorInfo& t, std::vector<int64_t>& ne) {
    if (t.name == "blk.0.attn_k.weight") ne[1] = 64;  // should be n_head_kv * head_dim = 32
    return true;
  };
  const std::string err = load_error(rewrite(llama_path(), r, "shape.gguf"));
  EXPECT_NE(err.find("tensor blk.0.attn_k.weight has shape [64, 64], expected [64, 32]"), std::string::npos) << err;
}

TEST(ModelErrors, InconsistentHyperParametersAreNamed) {
  Rewrite r;
  r.key = [](gguf::KeyValue& kv) {
    if (kv.key == "llama.attention.head_count_kv") kv.value = gguf::Value::from_u32(3);
    return true;
  };
  const std::string err = load_error(rewrite(llama_path(), r, "heads.gguf"));
  EXPECT_NE(err.find("key llama.attention.head_count_kv: 3 does not divide head_count 4"), std::string::npos) << err;

  Rewrite missing;
  missing.key = [](gguf::KeyValue& kv) { return kv.key != "llama.block_count"; };
  const std::string err2 = load_error(rewrite(llama_path(), missing, "layers.gguf"));
  EXPECT_NE(err2.find("key llama.block_count: missing"), std::string::npos) << err2;
}

TEST(ModelErrors, ImpossibleOverrideIsALoadErrorNamingTheTensor) {
  ModelOptions options;
  options.placement.overrides.push_back({"attn_q\\.weight", "cpu-f32"});
  const std::string err = load_error(llama_path(), options);
  EXPECT_NE(err.find("tensor blk.0.attn_q.weight"), std::string::npos) << err;
  EXPECT_NE(err.find("cannot go to buffer type cpu-f32"), std::string::npos) << err;
}

TEST(ModelErrors, MissingFileIsNamed) {
  const std::string err = load_error("/nonexistent/dir/model.gguf");
  EXPECT_NE(err.find("/nonexistent/dir/model.gguf"), std::string::npos) << err;
}

TEST(ModelErrors, TiedEmbeddingServesAsOutput) {
  // qwen2's GGUF has no output.weight: token_embd is read by row and as the output matrix.
  LoadedForTest t = load_for_test(testdata_path("hf-tiny/qwen2/model.f32.gguf"));
  ASSERT_NE(t.model, nullptr);
  EXPECT_TRUE(t.model->weights().tied_output);
  const PlacedTensor* embd = t.model->placement().find("token_embd.weight");
  ASSERT_NE(embd, nullptr);
  EXPECT_EQ(embd->ops, kOpGetRows | kOpMatmul);
}

}  // namespace
}  // namespace tl::test
