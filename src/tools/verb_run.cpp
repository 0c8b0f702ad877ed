// tilelm run: generate text from a prompt, streamed to stdout; timings on stderr.
#include <cstdio>
#include <memory>

#include "generate/generate.h"
#include "tools/common_options.h"
#include "tools/verbs.h"

namespace tl::cli {
namespace {

struct RunFlags {
  ModelFlags model;
  std::string prompt;
  int64_t n_predict = 128;
  SamplerParams sampling;
  bool ignore_eos = false;
  bool no_bos = false;
  bool special = false;
};

int run(const RunFlags& f) {
  std::unique_ptr<LoadedModel> loaded = load_model(f.model);
  if (!loaded) return 1;
  Result<std::unique_ptr<Tokenizer>> tok = load_tokenizer(loaded->model->file());
  if (!tok.ok()) return fail("run", tok.error());

  GenerateOptions options;
  options.n_predict = f.n_predict;
  options.sampling = f.sampling;
  options.ignore_eos = f.ignore_eos;
  options.encode.add_special = !f.no_bos;
  options.encode.parse_special = f.special;
  ContextOptions copt;
  copt.n_ctx = f.model.n_ctx;
  copt.n_batch = f.model.n_batch;
  Context ctx(*loaded->model, *loaded->pool, copt);

  std::fwrite(f.prompt.data(), 1, f.prompt.size(), stdout);
  std::fflush(stdout);
  Result<GenerateStats> stats = generate(ctx, *tok.value(), f.prompt, options, [](std::string_view text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  });
  std::printf("\n");
  if (!stats.ok()) return fail("run", stats.error());
  const GenerateStats& s = stats.value();
  std::fprintf(stderr, "prompt: %lld tokens in %.3f s (%.2f tok/s) | generation: %lld tokens in %.3f s (%.2f tok/s)\n",
               static_cast<long long>(s.n_prompt), s.prompt_seconds,
               s.prompt_seconds > 0 ? s.n_prompt / s.prompt_seconds : 0.0, static_cast<long long>(s.n_generated),
               s.generate_seconds, s.generate_seconds > 0 ? s.n_generated / s.generate_seconds : 0.0);
  return 0;
}

}  // namespace

void add_run_verb(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("run", "generate text from a prompt");
  auto f = std::make_shared<RunFlags>();
  add_model_flags(*cmd, f->model);
  cmd->add_option("-p,--prompt", f->prompt, "prompt text");
  cmd->add_option("-n,--n-predict", f->n_predict, "tokens to generate")->check(CLI::Range(int64_t{0}, int64_t{1} << 30));
  cmd->add_option("--temp", f->sampling.temperature, "temperature (0: greedy)")->check(CLI::Range(0.0f, 100.0f));
  cmd->add_option("--top-k", f->sampling.top_k, "top-k (0: off)")->check(CLI::Range(0, 1 << 30));
  cmd->add_option("--top-p", f->sampling.top_p, "top-p (1: off)")->check(CLI::Range(0.0f, 1.0f));
  cmd->add_option("--min-p", f->sampling.min_p, "min-p (0: off)")->check(CLI::Range(0.0f, 1.0f));
  cmd->add_option("--repeat-penalty", f->sampling.repeat_penalty, "repetition penalty (1: off)")
      ->check(CLI::Range(0.0f, 100.0f));
  cmd->add_option("--repeat-last-n", f->sampling.repeat_last_n, "tokens the penalty looks back")
      ->check(CLI::Range(0, 1 << 20));
  cmd->add_option("-s,--seed", f->sampling.seed, "random seed (same seed, same text)");
  cmd->add_flag("--ignore-eos", f->ignore_eos, "do not stop at end-of-generation tokens");
  cmd->add_flag("--no-bos", f->no_bos, "do not add BOS/EOS to the prompt");
  cmd->add_flag("--special", f->special, "parse special-token text in the prompt");
  cmd->callback([=] { *exit_code = run(*f); });
}

}  // namespace tl::cli
