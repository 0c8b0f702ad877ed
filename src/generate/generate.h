// The generation loop: tokenize a prompt, evaluate it as one batch, then sample and
// evaluate one token at a time, handing each token's text to the caller as it comes.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "model/context.h"
#include "sampling/sampler.h"
#include "tokenizer/tokenizer.h"

namespace tl {

struct GenerateOptions {
  int64_t n_predict = 128;  // tokens to generate at most
  SamplerParams sampling;
  EncodeOptions encode;
  bool ignore_eos = false;  // keep going past end-of-generation tokens
};

struct GenerateStats {
  int64_t n_prompt = 0;
  double prompt_seconds = 0;
  int64_t n_generated = 0;
  double generate_seconds = 0;
  std::vector<int32_t> prompt_tokens;
  std::vector<int32_t> tokens;  // generated
};

// Calls on_text with the text of each generated token (raw bytes; multi-byte characters
// may span calls). The context must be empty or hold an earlier part of the sequence.
Result<GenerateStats> generate(Context& ctx, const Tokenizer& tok, std::string_view prompt,
                               const GenerateOptions& options,
                               const std::function<void(std::string_view text)>& on_text);

}  // namespace tl
