// tilelm logits: the float32 logits of every position of a token sequence, written
// row-major little-endian (positions x n_vocab), for comparing engines.
#include <cstdio>
#include <memory>

#include "model/context.h"
#include "tokenizer/tokenizer.h"
#include "tools/common_options.h"
#include "tools/verbs.h"

namespace tl::cli {
namespace {

struct LogitsFlags {
  ModelFlags model;
  std::string ids;
  std::string prompt;
  std::string out;
  bool no_bos = false;
};

int run_logits(const LogitsFlags& f) {
  if (f.ids.empty() == f.prompt.empty()) return fail("logits", "give exactly one of --ids and -p");
  std::unique_ptr<LoadedModel> loaded = load_model(f.model);
  if (!loaded) return 1;
  std::vector<int32_t> ids;
  if (!f.ids.empty()) {
    Result<std::vector<int32_t>> parsed = parse_id_list(f.ids);
    if (!parsed.ok()) return fail("logits", parsed.error());
    ids = parsed.value();
  } else {
    Result<std::unique_ptr<Tokenizer>> tok = load_tokenizer(loaded->model->file());
    if (!tok.ok()) return fail("logits", tok.error());
    EncodeOptions opt;
    opt.add_special = !f.no_bos;
    ids = tok.value()->encode(f.prompt, opt);
  }
  if (ids.empty()) return fail("logits", "no tokens to evaluate");
  ContextOptions copt;
  copt.n_ctx = f.model.n_ctx > 0 ? f.model.n_ctx : static_cast<int64_t>(ids.size());
  copt.n_batch = f.model.n_batch;
  Context ctx(*loaded->model, *loaded->pool, copt);
  std::vector<float> logits;
  Status s = ctx.decode(ids, /*all_logits=*/true, &logits);
  if (!s.ok()) return fail("logits", s.message());
  FILE* out = std::fopen(f.out.c_str(), "wb");
  if (!out) return fail("logits", "cannot write " + f.out);
  const size_t written = std::fwrite(logits.data(), sizeof(float), logits.size(), out);
  if (std::fclose(out) != 0 || written != logits.size()) return fail("logits", "error writing " + f.out);
  std::fprintf(stderr, "wrote %zu x %lld logits to %s\n", ids.size(),
               static_cast<long long>(loaded->model->hparams().n_vocab), f.out.c_str());
  return 0;
}

}  // namespace

void add_logits_verb(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("logits", "write the float32 logits of every position to a file");
  auto f = std::make_shared<LogitsFlags>();
  add_model_flags(*cmd, f->model);
  cmd->add_option("--ids", f->ids, "comma-separated token ids (no BOS added)");
  cmd->add_option("-p,--prompt", f->prompt, "text to tokenize instead of --ids");
  cmd->add_flag("--no-bos", f->no_bos, "with -p: do not add BOS/EOS");
  cmd->add_option("-o,--output", f->out, "output file (float32, positions x n_vocab)")->required();
  cmd->callback([=] { *exit_code = run_logits(*f); });
}

}  // namespace tl::cli
