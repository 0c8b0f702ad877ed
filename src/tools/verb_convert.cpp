// tilelm convert: Hugging Face files to GGUF; so far a tokenizer.json to a vocab-only GGUF.
#include <cstdio>
#include <filesystem>
#include <memory>

#include "convert/hf_tokenizer.h"
#include "tools/common_options.h"
#include "tools/verbs.h"

namespace tl::cli {
namespace {

struct ConvertFlags {
  std::string input;
  std::string output;
  std::string pre;
  bool vocab_only = false;
};

int convert(const ConvertFlags& f) {
  if (!f.vocab_only) {
    return fail("convert", "only --vocab-only is implemented (tokenizer.json -> tokenizer keys)");
  }
  std::string path = f.input;
  if (std::filesystem::is_directory(path)) path = (std::filesystem::path(path) / "tokenizer.json").string();
  Result<tl::convert::HfTokenizer> hf = tl::convert::read_hf_tokenizer(path, {f.pre});
  if (!hf.ok()) return fail("convert", hf.error());
  for (const std::string& note : hf.value().notes) {
    std::fprintf(stderr, "tilelm convert: note: %s\n", note.c_str());
  }
  const Vocab& v = hf.value().vocab;
  Status written = tl::convert::write_vocab_only_gguf(v, f.output);
  if (!written.ok()) return fail("convert", written.message());
  std::fprintf(stderr,
               "wrote %s: %d tokens, %zu merges, pre '%s', bos %d, eos %d, add_bos %s\n",
               f.output.c_str(), v.size(), v.merges.size(), v.pre.c_str(), v.bos, v.eos,
               v.add_bos ? "true" : "false");
  return 0;
}

}  // namespace

void add_convert_verb(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("convert", "convert Hugging Face files to GGUF");
  auto f = std::make_shared<ConvertFlags>();
  cmd->add_flag("--vocab-only", f->vocab_only, "write only the tokenizer keys (no tensors)");
  cmd->add_option("--pre", f->pre, "tokenizer.ggml.pre to write (default: recognised from the file)");
  cmd->add_option("input", f->input, "tokenizer.json, or the folder holding it")->required();
  cmd->add_option("output", f->output, "GGUF file to write")->required();
  cmd->callback([=] { *exit_code = convert(*f); });
}

}  // namespace tl::cli
