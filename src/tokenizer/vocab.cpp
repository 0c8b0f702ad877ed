// Vocab: reading and validating the tokenizer.* metadata of a GGUF file.
#include <cstdint>
#include <string>
#include <string_view>

#include "gguf/gguf.h"
#include "tokenizer/tokenizer.h"

namespace tl {
namespace {

constexpr std::string_view kModel = "tokenizer.ggml.model";
constexpr std::string_view kPre = "tokenizer.ggml.pre";
constexpr std::string_view kTokens = "tokenizer.ggml.tokens";
constexpr std::string_view kScores = "tokenizer.ggml.scores";
constexpr std::string_view kTokenType = "tokenizer.ggml.token_type";
constexpr std::string_view kMerges = "tokenizer.ggml.merges";
constexpr std::string_view kAddBos = "tokenizer.ggml.add_bos_token";
constexpr std::string_view kAddEos = "tokenizer.ggml.add_eos_token";
constexpr std::string_view kAddSpacePrefix = "tokenizer.ggml.add_space_prefix";

// The GGUF convention for "no such token" in a u32 id key.
constexpr uint64_t kNoToken = 4294967295u;

Status key_error(const gguf::File& file, std::string_view key, const std::string& what) {
  return Status::error("[tokenizer] " + file.path() + ": " + std::string(key) + ": " + what);
}

// Wraps a typed getter's error (already naming file and key) with our part's prefix.
template <class T>
Status wrap(const gguf::File& file, std::string_view key, const Result<T>& r) {
  return key_error(file, key, r.error());
}

Status read_bool(const gguf::File& file, std::string_view key, bool& dst) {
  if (!file.find(key)) return Status::ok_status();
  Result<bool> r = file.get_bool(key);
  if (!r.ok()) return wrap(file, key, r);
  dst = r.value();
  return Status::ok_status();
}

// Reads an optional token id key into `dst`; leaves it alone when absent.
Status read_token_id(const gguf::File& file, std::string_view key, int32_t n_vocab,
                     int32_t& dst) {
  const gguf::Value* v = file.find(key);
  if (!v) return Status::ok_status();
  if (!v->is_integer()) {
    return key_error(file, key, "expected an integer token id, got " +
                                    std::string(gguf::value_type_name(v->type)));
  }
  const bool is_signed = v->type == gguf::ValueType::INT8 || v->type == gguf::ValueType::INT16 ||
                         v->type == gguf::ValueType::INT32 || v->type == gguf::ValueType::INT64;
  // -1 written as a signed integer is the same "none" as 4294967295 written as u32.
  if ((is_signed && v->i == -1) || (!is_signed && v->u == kNoToken)) {
    dst = -1;
    return Status::ok_status();
  }
  if ((is_signed && (v->i < 0 || v->i >= n_vocab)) || (!is_signed && v->u >= uint64_t(n_vocab))) {
    return key_error(file, key,
                     "token id " + (is_signed ? std::to_string(v->i) : std::to_string(v->u)) +
                         " is out of range for " + std::to_string(n_vocab) + " tokens");
  }
  dst = static_cast<int32_t>(is_signed ? v->i : static_cast<int64_t>(v->u));
  return Status::ok_status();
}

}  // namespace

Result<Vocab> Vocab::from_gguf(const gguf::File& file) {
  Vocab vocab;
  if (!file.find(kModel)) return key_error(file, kModel, "missing (required)");
  {
    Result<std::string> r = file.get_string(kModel);
    if (!r.ok()) return wrap(file, kModel, r);
    vocab.model = std::move(r).value();
  }
  if (file.find(kPre)) {
    Result<std::string> r = file.get_string(kPre);
    if (!r.ok()) return wrap(file, kPre, r);
    vocab.pre = std::move(r).value();
  }

  if (!file.find(kTokens)) return key_error(file, kTokens, "missing (required)");
  {
    Result<std::vector<std::string>> r = file.get_string_array(kTokens);
    if (!r.ok()) return wrap(file, kTokens, r);
    vocab.tokens = std::move(r).value();
  }
  if (vocab.tokens.empty()) return key_error(file, kTokens, "is empty");
  if (vocab.tokens.size() > size_t(INT32_MAX)) return key_error(file, kTokens, "too many tokens");
  const size_t n_vocab = vocab.tokens.size();

  if (file.find(kScores)) {
    Result<std::vector<float>> r = file.get_f32_array(kScores);
    if (!r.ok()) return wrap(file, kScores, r);
    vocab.scores = std::move(r).value();
    if (vocab.scores.size() != n_vocab) {
      return key_error(file, kScores,
                       "has " + std::to_string(vocab.scores.size()) + " entries but " +
                           std::string(kTokens) + " has " + std::to_string(n_vocab));
    }
  }

  if (file.find(kTokenType)) {
    Result<std::vector<int32_t>> r = file.get_i32_array(kTokenType);
    if (!r.ok()) return wrap(file, kTokenType, r);
    const std::vector<int32_t>& raw = r.value();
    if (raw.size() != n_vocab) {
      return key_error(file, kTokenType,
                       "has " + std::to_string(raw.size()) + " entries but " +
                           std::string(kTokens) + " has " + std::to_string(n_vocab));
    }
    vocab.types.reserve(n_vocab);
    for (size_t i = 0; i < n_vocab; ++i) {
      if (raw[i] < 0 || raw[i] > static_cast<int32_t>(TokenType::Byte)) {
        return key_error(file, kTokenType,
                         "token " + std::to_string(i) + " has type " + std::to_string(raw[i]) +
                             " (valid: 0..6)");
      }
      vocab.types.push_back(static_cast<TokenType>(raw[i]));
    }
  } else {
    vocab.types.assign(n_vocab, TokenType::Normal);
  }

  if (file.find(kMerges)) {
    Result<std::vector<std::string>> r = file.get_string_array(kMerges);
    if (!r.ok()) return wrap(file, kMerges, r);
    vocab.merges = std::move(r).value();
  }

  // SentencePiece vocabularies conventionally use <unk>=0, <s>=1, </s>=2; llama.cpp assumes
  // these when the keys are absent, so files converted without them still get a BOS.
  const bool spm = vocab.model == "llama";
  if (spm && n_vocab > 2) {
    vocab.unk = 0;
    vocab.bos = 1;
    vocab.eos = 2;
  }
  const int32_t n = static_cast<int32_t>(n_vocab);
  TL_RETURN_IF_ERROR(read_token_id(file, "tokenizer.ggml.bos_token_id", n, vocab.bos));
  TL_RETURN_IF_ERROR(read_token_id(file, "tokenizer.ggml.eos_token_id", n, vocab.eos));
  TL_RETURN_IF_ERROR(read_token_id(file, "tokenizer.ggml.unknown_token_id", n, vocab.unk));
  TL_RETURN_IF_ERROR(read_token_id(file, "tokenizer.ggml.padding_token_id", n, vocab.pad));
  TL_RETURN_IF_ERROR(read_token_id(file, "tokenizer.ggml.eot_token_id", n, vocab.eot));

  // Defaults when the flags are absent follow llama.cpp: SPM adds BOS and the space prefix.
  vocab.add_bos = spm;
  vocab.add_eos = false;
  vocab.add_space_prefix = spm;
  TL_RETURN_IF_ERROR(read_bool(file, kAddBos, vocab.add_bos));
  TL_RETURN_IF_ERROR(read_bool(file, kAddEos, vocab.add_eos));
  TL_RETURN_IF_ERROR(read_bool(file, kAddSpacePrefix, vocab.add_space_prefix));

  TL_RETURN_IF_ERROR(vocab.validate(file.path()));
  return vocab;
}

Status Vocab::validate(std::string_view source) {
  const std::string where = "[tokenizer] " + std::string(source) + ": ";
  if (tokens.empty()) return Status::error(where + "the vocabulary has no tokens");
  if (tokens.size() > size_t(INT32_MAX)) return Status::error(where + "too many tokens");
  if (types.empty()) types.assign(tokens.size(), TokenType::Normal);
  if (types.size() != tokens.size()) {
    return Status::error(where + std::to_string(types.size()) + " token types for " +
                         std::to_string(tokens.size()) + " tokens");
  }
  if (!scores.empty() && scores.size() != tokens.size()) {
    return Status::error(where + std::to_string(scores.size()) + " scores for " +
                         std::to_string(tokens.size()) + " tokens");
  }
  const std::pair<const char*, int32_t> ids[] = {
      {"bos", bos}, {"eos", eos}, {"unknown", unk}, {"padding", pad}, {"eot", eot}};
  for (const auto& [name, id] : ids) {
    if (id < -1 || id >= size()) {
      return Status::error(where + name + " token id " + std::to_string(id) +
                           " is out of range for " + std::to_string(size()) + " tokens");
    }
  }
  return Status::ok_status();
}

}  // namespace tl
