// Parsing NAME[:TYPE] and checking that every matrix of the shape fits the type.
#include "synthetic/spec.h"

#include <utility>

#include "tensor/quant.h"

namespace tl::synthetic {
namespace {

Status error(const std::string& what) { return Status::error("[synthetic] " + what); }

std::string computable_type_names() {
  std::string s;
  for (uint32_t id = 0; id < 64; ++id) {
    const DTypeInfo* info = dtype_info(id);
    if (info && info->computable) s += (s.empty() ? "" : ", ") + std::string(info->name);
  }
  return s;
}

}  // namespace

std::string Spec::display_name() const {
  std::string s = preset + ":" + std::string(dtype_name(type));
  const Preset* p = find_preset(preset);
  if (p && shape.n_layer != p->shape.n_layer) {
    s += " L" + std::to_string(shape.n_layer) + "/" + std::to_string(p->shape.n_layer);
  }
  if (p && shape.n_vocab != p->shape.n_vocab) s += " V" + std::to_string(shape.n_vocab);
  return s;
}

DType Spec::embedding_type() const {
  return dtype_info(type).block_elems > 1 ? DType::Q8_0 : type;
}

uint32_t Spec::file_type() const {
  // LLAMA_FTYPE_* from llama.h; the K-quant types name their "_S" mix (all one type).
  switch (type) {
    case DType::F32: return 0;
    case DType::F16: return 1;
    case DType::Q4_0: return 2;
    case DType::Q4_1: return 3;
    case DType::Q8_0: return 7;
    case DType::Q5_0: return 8;
    case DType::Q5_1: return 9;
    case DType::Q2_K: return 10;
    case DType::Q3_K: return 11;
    case DType::Q4_K: return 14;
    case DType::Q5_K: return 16;
    case DType::Q6_K: return 18;
    case DType::IQ4_NL: return 25;
    case DType::IQ4_XS: return 30;
    case DType::BF16: return 32;
    default: return 0;
  }
}

Result<Spec> parse_spec(std::string_view text, const SpecOptions& options) {
  const size_t colon = text.find(':');
  const std::string_view name = text.substr(0, colon);
  const Preset* preset = find_preset(name);
  if (!preset) {
    return error("unknown model '" + std::string(name) + "' (presets: " + preset_names() + ")");
  }
  Spec spec;
  spec.preset = std::string(preset->name);
  spec.shape = preset->shape;
  spec.type = kDefaultType;
  spec.seed = options.seed;
  if (colon != std::string_view::npos) {
    const std::string_view type_name = text.substr(colon + 1);
    const std::optional<DType> type = dtype_from_name(type_name);
    if (!type || !dtype_info(*type).computable) {
      return error("'" + std::string(text) + "': unknown or non-computable type '" + std::string(type_name) +
                   "' (types: " + computable_type_names() + ")");
    }
    spec.type = *type;
  }
  if (options.n_layer < 0 || options.n_vocab < 0) return error("--layers and --vocab must be positive");
  if (options.n_layer > 0) spec.shape.n_layer = options.n_layer;
  if (options.n_vocab > 0) {
    if (options.n_vocab < kMinVocab) {
      return error("--vocab " + std::to_string(options.n_vocab) + " is too small (at least " +
                   std::to_string(kMinVocab) + ": 3 special and 256 byte tokens come first)");
    }
    spec.shape.n_vocab = options.n_vocab;
  }
  // Every matrix's reduced dimension (GGUF ne[0]) must hold whole blocks.
  const Shape& s = spec.shape;
  const int64_t block = dtype_info(spec.type).block_elems;
  const std::pair<const char*, int64_t> dims[] = {
      {"hidden size", s.n_embd},
      {"attention width (heads x head dim)", s.n_head * s.head_dim},
      {s.is_moe() ? "expert ffn" : "ffn", s.is_moe() ? s.n_ff_expert : s.n_ff}};
  for (const auto& [what, n] : dims) {
    if (n % block != 0) {
      return error("'" + std::string(text) + "': " + what + " " + std::to_string(n) +
                   " is not a multiple of the " + std::string(dtype_name(spec.type)) + " block size " +
                   std::to_string(block));
    }
  }
  return spec;
}

}  // namespace tl::synthetic
