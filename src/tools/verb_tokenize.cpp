// tilelm tokenize: a prompt's token ids (or ids and pieces) from a GGUF's tokenizer alone.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>

#include "gguf/gguf.h"
#include "tokenizer/piece_escape.h"
#include "tokenizer/tokenizer.h"
#include "tools/common_options.h"
#include "tools/verbs.h"

namespace tl::cli {
namespace {

struct TokenizeFlags {
  std::string model_path;
  std::string prompt;
  std::string prompt_file;
  bool pieces = false;
  bool no_bos = false;
  bool special = false;
  bool bench = false;
};

// Encodes `text` again and again for about a second; prints the throughput to stderr.
void bench(const Tokenizer& tok, const std::string& text, const EncodeOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  size_t runs = 0, n_tokens = 0;
  double seconds = 0;
  do {
    n_tokens = tok.encode(text, options).size();
    ++runs;
    seconds = std::chrono::duration<double>(Clock::now() - start).count();
  } while (seconds < 1.0);
  const double mb = double(text.size()) / 1e6;
  std::fprintf(stderr, "tokenize: %.3f MB -> %zu tokens in %.4f s (mean of %zu runs): %.2f MB/s\n",
               mb, n_tokens, seconds / double(runs), runs, mb * double(runs) / seconds);
}

int tokenize(const TokenizeFlags& f) {
  std::string text = f.prompt;
  if (!f.prompt_file.empty()) {
    std::ifstream in(f.prompt_file, std::ios::binary);
    if (!in) return fail("tokenize", "cannot read " + f.prompt_file + " (-f: a text file)");
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  // Only the tokenizer keys are needed: no weights are placed, so vocab-only files work.
  Result<gguf::File> file = gguf::File::open(f.model_path);
  if (!file.ok()) return fail("tokenize", file.error());
  Result<std::unique_ptr<Tokenizer>> tok = load_tokenizer(file.value());
  if (!tok.ok()) return fail("tokenize", tok.error());

  EncodeOptions options;
  options.add_special = !f.no_bos;
  options.parse_special = f.special;
  if (f.bench) {
    bench(*tok.value(), text, options);
    return 0;
  }
  const std::vector<int32_t> ids = tok.value()->encode(text, options);
  if (f.pieces) {
    for (int32_t id : ids) {
      std::printf("%d\t%s\n", id, escape_piece(tok.value()->token_to_piece(id, true)).c_str());
    }
    return 0;
  }
  std::string line;
  for (int32_t id : ids) line += (line.empty() ? "" : " ") + std::to_string(id);
  std::printf("%s\n", line.c_str());
  return 0;
}

}  // namespace

void add_tokenize_verb(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("tokenize", "print the token ids of a text (no weights loaded)");
  auto f = std::make_shared<TokenizeFlags>();
  cmd->add_option("-m,--model", f->model_path, "GGUF file (a vocab-only one will do)")->required();
  auto* p = cmd->add_option("-p,--prompt", f->prompt, "text to tokenize");
  auto* file = cmd->add_option("-f,--file", f->prompt_file, "file whose bytes to tokenize");
  p->excludes(file);
  cmd->add_flag("--pieces", f->pieces, "one 'id<TAB>piece' line per token (piece escaped)");
  cmd->add_flag("--no-bos", f->no_bos, "do not add BOS/EOS");
  cmd->add_flag("--special", f->special, "parse special-token text in the input");
  cmd->add_flag("--bench", f->bench, "time the tokenization instead (MB/s on stderr)");
  cmd->callback([=] { *exit_code = tokenize(*f); });
}

}  // namespace tl::cli
