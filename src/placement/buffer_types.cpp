// The CPU buffer types of the engine core:
//  - mapped: the file's bytes, zero-copy, GGUF row layout. Accepts any computable tensor,
//    except float-vector reads of non-F32 data (ops read norms and biases as floats).
//  - cpu-f32: a dequantized F32 copy, for float-vector reads of F16/BF16/quantized data.
//  - cpu-repack: matmul weights in a kernel's packed layout (rows interleaved), made by
//    the registry's packer for the chosen ISA level.
//  - amx: dense and per-expert matmul weights in the AMX tile panels (amx, amx-emu).
#include <cstring>
#include <vector>

#include "gguf/gguf.h"
#include "kernels/registry.h"
#include "placement/buffer_type.h"
#include "runtime/thread_pool.h"
#include "tensor/quant.h"

namespace tl {
namespace {

size_t tensor_row_stride(const gguf::TensorInfo& info) { return row_bytes(info.type, info.ne[0]); }

class MappedBufferType final : public BufferType {
 public:
  std::string_view name() const override { return "mapped"; }
  bool copies() const override { return false; }
  bool accepts(const TensorUse& use, Isa, std::string* why) const override {
    if (!dtype_info(use.info->type).computable) {
      *why = "no kernel reads type " + std::string(dtype_name(use.info->type));
      return false;
    }
    if ((use.ops & kOpVector) && use.info->type != DType::F32) {
      *why = "ops read this tensor as an F32 vector, but it is " + std::string(dtype_name(use.info->type));
      return false;
    }
    return true;
  }
  Status place(const TensorUse& use, const uint8_t* src, Isa, ThreadPool&, PlacedTensor& out) const override {
    out.data = src;
    out.type = use.info->type;
    out.layout = WeightLayout::Rows;
    out.row_stride = tensor_row_stride(*use.info);
    out.expert_stride = out.row_stride * static_cast<size_t>(use.info->ne[1]);
    return Status();
  }
};

class F32CopyBufferType final : public BufferType {
 public:
  std::string_view name() const override { return "cpu-f32"; }
  bool copies() const override { return true; }
  bool accepts(const TensorUse& use, Isa, std::string* why) const override {
    if (use.ops != kOpVector) {
      *why = "only holds float vectors (norms, biases)";
      return false;
    }
    if (!dtype_info(use.info->type).computable) {
      *why = "no dequantizer for " + std::string(dtype_name(use.info->type));
      return false;
    }
    return true;
  }
  Status place(const TensorUse& use, const uint8_t* src, Isa, ThreadPool&, PlacedTensor& out) const override {
    const gguf::TensorInfo& info = *use.info;
    const int64_t rows = info.n_elements() / info.ne[0];
    out.storage = std::make_unique<HostBuffer>(sizeof(float) * static_cast<size_t>(info.n_elements()));
    float* dst = reinterpret_cast<float*>(out.storage->data());
    const size_t src_stride = tensor_row_stride(info);
    for (int64_t r = 0; r < rows; ++r) {
      dequantize_row(info.type, src + static_cast<size_t>(r) * src_stride, dst + r * info.ne[0], info.ne[0]);
    }
    out.data = out.storage->data();
    out.type = DType::F32;
    out.layout = WeightLayout::Rows;
    out.row_stride = sizeof(float) * static_cast<size_t>(info.ne[0]);
    out.expert_stride = out.row_stride * static_cast<size_t>(info.ne[1]);
    out.owned_bytes = out.storage->size();
    return Status();
  }
};

// cpu-repack (interleaved rows for the AVX kernels) and amx (tile panels for the AMX
// kernels, kernels/amx/layout.h): the same copy through a packer, from different lists.
class RepackBufferType final : public BufferType {
 public:
  // amx: only the AMX packers, and only dense / per-expert matmul weights (the router's
  // top-k is left to the float path, where int8 activations cannot flip a choice).
  explicit RepackBufferType(bool amx)
      : amx_(amx), ops_(amx ? kOpMatmul | kOpExpertMatmul : kOpMatmul | kOpExpertMatmul | kOpRouter) {}
  std::string_view name() const override { return amx_ ? "amx" : "cpu-repack"; }
  bool copies() const override { return true; }
  bool accepts(const TensorUse& use, Isa isa, std::string* why) const override {
    // Only matmul weights: a tensor also looked up by row (a tied embedding) or read as a
    // vector must stay in row layout, which every op can read.
    if (use.ops & ~ops_) {
      *why = "holds only matmul weights; this tensor is also read by " + tensor_ops_string(use.ops);
      return false;
    }
    std::string reasons;
    if (!choose(use.info->type, use.info->ne[0], use.info->ne[1], isa, &reasons)) {
      *why = "no packed layout for " + std::string(dtype_name(use.info->type)) + " at " + isa_name(isa) + " (" +
             reasons.substr(0, reasons.find('\n')) + ")";
      return false;
    }
    return true;
  }
  Status place(const TensorUse& use, const uint8_t* src, Isa isa, ThreadPool& pool, PlacedTensor& out) const override {
    const gguf::TensorInfo& info = *use.info;
    const WeightPacker* packer = choose(info.type, info.ne[0], info.ne[1], isa, nullptr);
    TL_CHECK(packer != nullptr, "repack place() without a packer");
    const size_t per_expert = packer->packed_bytes(info.type, info.ne[0], info.ne[1]);
    const int64_t n_expert = info.ne[2] * info.ne[3];
    out.storage = std::make_unique<HostBuffer>(per_expert * static_cast<size_t>(n_expert));
    const size_t src_row = tensor_row_stride(info);
    const int64_t groups = (info.ne[1] + packer->row_group - 1) / packer->row_group;
    // Experts and row groups are packed in parallel: large expert stacks load fast.
    pool.parallel_for(n_expert * groups, [&](int64_t i0, int64_t i1, int) {
      for (int64_t i = i0; i < i1; ++i) {
        const int64_t e = i / groups;
        const int64_t g = i % groups;
        WeightView view{src + static_cast<size_t>(e) * src_row * static_cast<size_t>(info.ne[1]), src_row, info.type,
                        info.ne[0], info.ne[1]};
        packer->pack(view, out.storage->data() + static_cast<size_t>(e) * per_expert, g * packer->row_group,
                     std::min(info.ne[1], (g + 1) * packer->row_group));
      }
    });
    out.data = out.storage->data();
    out.type = info.type;
    out.layout = packer->layout;
    out.row_stride = 0;  // packed: rows are not individually addressable
    out.expert_stride = per_expert;
    out.owned_bytes = out.storage->size();
    return Status();
  }

 private:
  const WeightPacker* choose(DType type, int64_t K, int64_t N, Isa isa, std::string* why) const {
    const KernelRegistry& r = KernelRegistry::instance();
    return amx_ ? r.choose_amx_packer(type, K, N, isa, why) : r.choose_packer(type, K, N, isa, why);
  }
  bool amx_;
  uint32_t ops_;
};

}  // namespace

const BufferType* find_buffer_type(std::string_view name) {
  static const MappedBufferType mapped;
  static const F32CopyBufferType f32_copy;
  static const RepackBufferType repack(false);
  static const RepackBufferType amx(true);
  static const BufferType* const all[] = {&amx, &repack, &mapped, &f32_copy};
  for (const BufferType* t : all) {
    if (t->name() == name) return t;
  }
  return nullptr;
}

std::string tensor_ops_string(uint32_t ops) {
  static const std::pair<uint32_t, const char*> names[] = {
      {kOpGetRows, "get_rows"}, {kOpMatmul, "matmul"}, {kOpExpertMatmul, "expert_matmul"},
      {kOpVector, "vector"},    {kOpRouter, "router"}};
  std::string s;
  for (const auto& [bit, name] : names) {
    if (ops & bit) s += (s.empty() ? "" : "+") + std::string(name);
  }
  return s.empty() ? "unused" : s;
}

}  // namespace tl
