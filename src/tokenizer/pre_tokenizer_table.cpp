// The pre-tokenizers by tokenizer.ggml.pre value: each model's regex list, in one table.
#include "tokenizer/pre_tokenizer.h"

namespace tl {
namespace {

// GPT-2's pattern, the default of Hugging Face's ByteLevel pre-tokenizer (use_regex).
constexpr std::string_view kGpt2 =
    R"re('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)re";
// The cl100k pattern of tiktoken, taken over by Llama 3: digits in threes, contractions
// in any case, a leading non-letter glued to a word.
constexpr std::string_view kLlama3 =
    R"re((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)re";
// Qwen 2's: Llama 3's pattern with single digits.
constexpr std::string_view kQwen2 =
    R"re((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)re";
// CJK ideographs, most of the BMP between U+0800 and U+4E00, and Hangul, as DeepSeek
// wrote the class (the wide middle range is theirs, not a typo here).
constexpr std::string_view kDeepseekCjk = "[一-龥ࠀ-一가-퟿]+";

const std::vector<PreTokenizerSpec>& table() {
  static const std::vector<PreTokenizerSpec> specs = {
      // Files without a known family; Hugging Face's ByteLevel default (GPT-NeoX and
      // older converters). llama.cpp runs a punctuation-first variant here instead.
      {"default", {kGpt2}},
      // GPT-2 (openai-community/gpt2).
      {"gpt-2", {kGpt2}},
      // MPT-7B (GPT-NeoX's tokenizer).
      {"mpt", {kGpt2}},
      // OLMo (GPT-NeoX-style tokenizer).
      {"olmo", {kGpt2}},
      // Llama 3, 3.1, 3.2, 3.3 (Meta's tokenizer.json sets ignore_merges; BOS by convention).
      {"llama-bpe", {kLlama3}, /*ignore_merges=*/true, /*add_bos=*/true},
      // Other names GGUF files carry for Llama 3's tokenizer, and Falcon 3, which adopted
      // it; llama.cpp runs them all as llama-bpe.
      {"llama3", {kLlama3}, true, true},
      {"llama-v3", {kLlama3}, true, true},
      {"falcon3", {kLlama3}, true, true},
      // Smaug-Llama-3 (Llama 3's pattern, converted without ignore_merges).
      {"smaug-bpe", {kLlama3}},
      // DBRX (tiktoken cl100k).
      {"dbrx", {kLlama3}},
      // Qwen 1.5, 2, 2.5, 3 and QwQ.
      {"qwen2", {kQwen2}},
      // DeepSeek-R1-Distill-Qwen and Megrez: Qwen 2's tokenizer under other names.
      {"deepseek-r1-qwen", {kQwen2}},
      {"megrez", {kQwen2}},
      // DeepSeek LLM 7B/67B: newlines, cased-letter words, ASCII and full-width
      // punctuation, trailing space, CJK runs, digit runs.
      {"deepseek-llm",
       {R"re([\r\n])re",
        // Six code points are written as escapes: NFC would fold them (U+1F7D to U+03CE,
        // U+212A to "K", ...) in an editor, and the class needs them as they are.
        R"re(\s?[A-Za-zµÀ-ÖØ-öø-ƺƼ-ƿǄ-ʓʕ-ʯͰ-ͳͶͷͻ-ͽͿΆΈ-ΊΌΎ-ΡΣ-ϵϷ-ҁҊ-ԯԱ-ՖႠ-ჅᎠ-Ᏽᏸ-ᏽᲐ-ᲺᲽ-Ჿᴀ-ᴫᵫ-ᵷᵹ-ᶚḀ-ἕἘ-Ἕἠ-ὅὈ-Ὅὐ-ὗὙὛὝὟ-)re"
        "\u1F7D"
        R"re(ᾀ-ᾴᾶ-ᾼ)re"
        "\u1FBE"
        R"re(ῂ-ῄῆ-ῌῐ-)re"
        "\u1FD3"
        R"re(ῖ-)re"
        "\u1FDB"
        R"re(ῠ-Ῥῲ-ῴῶ-ῼℂℇℊ-ℓℕℙ-ℝℤ)re"
        "\u2126"
        R"re(ℨ)re"
        "\u212A"
        R"re(-ℭℯ-ℴℹℼ-ℿⅅ-ⅉⅎↃↄⰀ-ⱻⱾ-ⳤⳫ-ⳮⳲⳳꙀ-ꙭꚀ-ꚛꜢ-ꝯꝱ-ꞇꞋ-ꞎꭰ-ꮿﬀ-ﬆﬓ-ﬗＡ-Ｚａ-ｚ𐐀-𐑏𐒰-𐓓𐓘-𐓻𐲀-𐲲𐳀-𐳲𑢠-𑣟𞤀-𞥃]+)re",
        R"re(\s?[!-/:-~！-／：-～‘-‟　-。]+)re", R"re(\s+$)re", kDeepseekCjk, R"re(\p{N}+)re"}},
      // DeepSeek Coder 1.3B-33B: newlines, letters, punctuation, CJK runs, single digits.
      {"deepseek-coder",
       {R"re([\r\n])re", R"re(\s?\p{L}+)re", R"re(\s?\p{P}+)re", kDeepseekCjk, R"re(\p{N})re"}},
      // Falcon 7B/40B: punctuation runs first, then GPT-2's pattern without its final
      // catch-all, then digit runs cut into threes.
      {"falcon",
       {R"re([\p{P}\$\+<=>\^~\|`]+)re",
        R"re('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S))re",
        R"re([0-9][0-9][0-9])re"}},
      // StarCoder, StarCoder2 (BigCode): single digits, then GPT-2's pattern.
      {"starcoder", {R"re(\p{N})re", kGpt2}},
      // Refact-1.6B (StarCoder's tokenizer family).
      {"refact", {R"re(\p{N})re", kGpt2}},
      // SmolLM (StarCoder-style tokenizer).
      {"smollm", {R"re(\p{N})re", kGpt2}},
      // GPT-4o's o200k pattern (Phi-4-mini and others): case-aware words, digits in threes.
      {"gpt-4o",
       {R"re([^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+)re"}},
  };
  return specs;
}

}  // namespace

std::span<const PreTokenizerSpec> pre_tokenizer_specs() { return table(); }

const PreTokenizerSpec* find_pre_tokenizer_spec(std::string_view name) {
  for (const PreTokenizerSpec& spec : table()) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

}  // namespace tl
