// What to generate: a preset's shape (maybe scaled), one weight type, and a seed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "synthetic/preset.h"
#include "tensor/dtype.h"
#include "util/status.h"

namespace tl::synthetic {

struct Spec {
  std::string preset;           // the preset's name
  Shape shape;                  // after --layers / --vocab
  DType type = DType::Q4_0;     // the matrices' type
  uint64_t seed = 0;

  // "qwen3-30b-a3b:q4_0", plus " L4/48" or " V32000" where scaled (the bench's model column).
  std::string display_name() const;
  // The type of the token embedding: Q8_0 when the weights are quantized (as llama.cpp's
  // anchor files have it), else the weights' own float type.
  DType embedding_type() const;
  // llama.cpp's general.file_type (LLAMA_FTYPE_*) for this weight type.
  uint32_t file_type() const;
};

// Changes applied to a preset before generation; 0 keeps the preset's value.
struct SpecOptions {
  int64_t n_layer = 0;   // --layers
  int64_t n_vocab = 0;   // --vocab
  uint64_t seed = 0;
};

inline constexpr DType kDefaultType = DType::Q4_0;
// The smallest vocabulary that holds the tokenizer's 3 special and 256 byte tokens and "▁".
inline constexpr int64_t kMinVocab = 260;

// Parses "NAME[:TYPE]" (TYPE as llama.cpp names it: q4_0, q8_0, f16, bf16, q4_K, ...;
// default q4_0) and applies the options. Errors start with "[synthetic] " and list the
// valid names or say which dimension does not fit the type's block size.
Result<Spec> parse_spec(std::string_view text, const SpecOptions& options);

}  // namespace tl::synthetic
