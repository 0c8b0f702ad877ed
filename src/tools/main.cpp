// tilelm: one binary, one verb per job (run, inspect, logits, ...).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "tools/verbs.h"

namespace {

// llama.cpp's multi-letter short flags, which CLI11 does not allow, as their long names.
std::vector<std::string> expand_aliases(int argc, char** argv) {
  static const std::pair<const char*, const char*> aliases[] = {{"-ot", "--override-tensor"}};
  std::vector<std::string> args;
  for (int i = argc - 1; i >= 1; --i) {  // CLI11 takes the arguments in reverse order
    std::string a = argv[i];
    for (const auto& [from, to] : aliases) {
      if (a == from) a = to;
    }
    args.push_back(a);
  }
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tilelm: fast LLM inference from GGUF files on CPUs (AMX, AVX-512, AVX2)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "tilelm 0.1.0");
  int exit_code = 0;
  tl::cli::add_run_verb(app, &exit_code);
  tl::cli::add_inspect_verb(app, &exit_code);
  tl::cli::add_logits_verb(app, &exit_code);
  tl::cli::add_tokenize_verb(app, &exit_code);
  tl::cli::add_convert_verb(app, &exit_code);
  tl::cli::add_bench_verb(app, &exit_code);
  std::string verbs;
  bool known = false;
  for (const CLI::App* sub : app.get_subcommands({})) {
    verbs += (verbs.empty() ? "" : ", ") + sub->get_name();
    known = known || (argc > 1 && sub->get_name() == argv[1]);
  }
  if (argc > 1 && argv[1][0] != '-' && !known) {
    std::fprintf(stderr, "tilelm: unknown verb '%s' (verbs: %s)\n", argv[1], verbs.c_str());
    return 1;
  }
  try {
    std::vector<std::string> args = expand_aliases(argc, argv);
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}
