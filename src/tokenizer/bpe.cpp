// BpeTokenizer: special tokens, then pre-tokens, then byte-level merges per pre-token.
#include "tokenizer/bpe.h"

#include "tokenizer/byte_level.h"

namespace tl {

Result<std::unique_ptr<Tokenizer>> BpeTokenizer::create(Vocab vocab, std::string_view source) {
  Result<PreTokenizer> pre = PreTokenizer::create(vocab.pre.empty() ? "default" : vocab.pre, source);
  if (!pre.ok()) return pre.status();
  if (vocab.merges.empty()) {
    return Status::error("[tokenizer] " + std::string(source) +
                         ": tokenizer.ggml.merges is missing or empty (byte-level BPE needs it)");
  }
  return std::unique_ptr<Tokenizer>(new BpeTokenizer(std::move(vocab), std::move(pre).value()));
}

BpeTokenizer::BpeTokenizer(Vocab vocab, PreTokenizer pre)
    : Tokenizer(std::move(vocab)), pre_(std::move(pre)), special_(vocab_) {
  TextIds text_ids;
  text_ids.reserve(vocab_.tokens.size());
  // A repeated text keeps its first id: merges name texts, and Hugging Face's vocab map
  // holds one id per text.
  for (int32_t id = 0; id < vocab_.size(); ++id) text_ids.emplace(vocab_.tokens[size_t(id)], id);
  auto token_id = [&](std::string_view text) {
    auto it = text_ids.find(text);
    return it == text_ids.end() ? -1 : it->second;
  };
  merges_ = BpeMerges::build(vocab_.merges, token_id);
  const ByteLevel& bl = byte_level();
  for (int b = 0; b < 256; ++b) byte_ids_[size_t(b)] = token_id(bl.encode_byte(uint8_t(b)));

  if (pre_.spec().ignore_merges) {
    std::string raw;
    for (int32_t id = 0; id < vocab_.size(); ++id) {
      if (vocab_.type(id) != TokenType::Normal) continue;
      raw.clear();
      if (bl.decode(vocab_.tokens[size_t(id)], raw)) raw_ids_.emplace(raw, id);
    }
  }
}

std::vector<int32_t> BpeTokenizer::encode(std::string_view text, const EncodeOptions& opt) const {
  std::vector<int32_t> out;
  if (opt.add_special && vocab_.add_bos && vocab_.bos >= 0) out.push_back(vocab_.bos);
  std::vector<std::string_view> words;
  std::vector<int32_t> ids;
  BpeScratch scratch;
  for (const Fragment& f : special_.split(text, opt.parse_special)) {
    if (f.id >= 0) {
      out.push_back(f.id);
      continue;
    }
    words.clear();
    pre_.split(f.text, words);
    for (std::string_view word : words) encode_word(word, out, ids, scratch);
  }
  if (opt.add_special && vocab_.add_eos && vocab_.eos >= 0) out.push_back(vocab_.eos);
  return out;
}

void BpeTokenizer::encode_word(std::string_view word, std::vector<int32_t>& out,
                               std::vector<int32_t>& ids, BpeScratch& scratch) const {
  if (!raw_ids_.empty()) {
    if (auto it = raw_ids_.find(word); it != raw_ids_.end()) {
      out.push_back(it->second);
      return;
    }
  }
  ids.clear();
  for (char c : word) ids.push_back(byte_ids_[static_cast<uint8_t>(c)]);
  merges_.apply(ids, scratch);
  for (int32_t id : ids) {
    if (id >= 0) {
      out.push_back(id);
    } else if (vocab_.unk >= 0) {
      out.push_back(vocab_.unk);  // a vocabulary missing a byte's token loses that byte
    }
  }
}

std::string BpeTokenizer::text_piece(int32_t id) const {
  // Normal and byte tokens alike are stored byte-level encoded.
  std::string piece;
  byte_level().decode(vocab_.tokens[size_t(id)], piece);
  return piece;
}

}  // namespace tl
