// The Tokenizer base (decode, end of generation) and the choice of tokenizer by model.
#include "tokenizer/tokenizer.h"

#include <algorithm>
#include <array>

#include "gguf/gguf.h"
#include "tokenizer/bpe.h"
#include "tokenizer/spm.h"

namespace tl {
namespace {

// Texts of tokens that end a turn in common chat formats (Llama 3, ChatML, Phi-3, Gemma,
// GPT-2 style). The one list: add new markers here.
constexpr std::array<std::string_view, 5> kEndOfTurnTexts = {
    "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>"};

constexpr std::string_view kSpace = "\xE2\x96\x81";  // U+2581, the SPM space

}  // namespace

Tokenizer::Tokenizer(Vocab vocab) : vocab_(std::move(vocab)) {
  if (vocab_.eos >= 0) end_of_generation_.push_back(vocab_.eos);
  if (vocab_.eot >= 0) end_of_generation_.push_back(vocab_.eot);
  for (int32_t id = 0; id < vocab_.size(); ++id) {
    const std::string& text = vocab_.tokens[size_t(id)];
    if (std::find(kEndOfTurnTexts.begin(), kEndOfTurnTexts.end(), text) != kEndOfTurnTexts.end()) {
      end_of_generation_.push_back(id);
    }
  }
  std::sort(end_of_generation_.begin(), end_of_generation_.end());
  end_of_generation_.erase(std::unique(end_of_generation_.begin(), end_of_generation_.end()),
                           end_of_generation_.end());
}

bool Tokenizer::is_end_of_generation(int32_t id) const {
  return std::binary_search(end_of_generation_.begin(), end_of_generation_.end(), id);
}

std::string Tokenizer::token_to_piece(int32_t id, bool render_special) const {
  if (id < 0 || id >= vocab_.size()) return {};
  switch (vocab_.type(id)) {
    case TokenType::Normal:
    case TokenType::Byte:
      return text_piece(id);
    case TokenType::UserDefined:
      return vocab_.tokens[size_t(id)];  // added tokens are stored as the text they match
    case TokenType::Control:
    case TokenType::Unknown:
      return render_special ? vocab_.tokens[size_t(id)] : std::string();
    case TokenType::Unused:
    case TokenType::Undefined:
      break;
  }
  return {};
}

std::string Tokenizer::decode(std::span<const int32_t> ids, bool strip_leading_space) const {
  // Only the space the dummy prefix put there is removed: the first token that renders
  // anything must be a normal token spelled with a leading "▁".
  bool strip = strip_leading_space && vocab_.add_space_prefix;
  std::string text;
  for (int32_t id : ids) {
    std::string piece = token_to_piece(id);
    if (strip && !piece.empty()) {
      strip = false;
      if (vocab_.type(id) == TokenType::Normal &&
          vocab_.tokens[size_t(id)].starts_with(kSpace) && piece[0] == ' ') {
        piece.erase(0, 1);
      }
    }
    text += piece;
  }
  return text;
}

Result<std::unique_ptr<Tokenizer>> make_tokenizer(Vocab vocab, std::string_view source) {
  TL_RETURN_IF_ERROR(vocab.validate(source));
  const std::string where = "[tokenizer] " + std::string(source) + ": ";
  // SPM has no pre-tokenizer; like llama.cpp, tokenizer.ggml.pre is not consulted for it.
  if (vocab.model == "llama") return SpmTokenizer::create(std::move(vocab), source);
  if (vocab.model == "gpt2") return BpeTokenizer::create(std::move(vocab), source);
  if (vocab.model == "bert") {
    return Status::error(where + "WordPiece (bert) tokenizers are not supported");
  }
  return Status::error(where + "unknown tokenizer model '" + vocab.model +
                       "' (tokenizer.ggml.model; supported: llama, gpt2)");
}

Result<std::unique_ptr<Tokenizer>> load_tokenizer(const gguf::File& file) {
  Result<Vocab> vocab = Vocab::from_gguf(file);
  if (!vocab.ok()) return vocab.status();
  return make_tokenizer(std::move(vocab).value(), file.path());
}

}  // namespace tl
