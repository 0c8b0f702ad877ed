// The metadata of a synthetic model: llama.cpp's standard keys, so other engines load
// the saved file unchanged, and a minimal SentencePiece-style vocabulary.
#pragma once

#include <cstdint>

#include "gguf/gguf.h"
#include "synthetic/spec.h"

namespace tl::synthetic {

// general.* and <arch>.* keys (and general.alignment).
void add_model_metadata(gguf::Writer& writer, const Spec& spec);

// tokenizer.ggml.*: model "llama"; <unk>, <s>, </s>; the 256 byte tokens <0x00>..<0xFF>
// (llama.cpp looks up <0x0A> at load); "▁"; then filler pieces "▁t<i>" up to n_vocab, with
// scores and token types. n_vocab >= kMinVocab.
void add_tokenizer_metadata(gguf::Writer& writer, int64_t n_vocab);

}  // namespace tl::synthetic
