// tilelm: one binary, one verb per job (run, inspect, logits, ...).
#include <CLI/CLI.hpp>

#include <cstdio>

#include "tools/verbs.h"

int main(int argc, char** argv) {
  CLI::App app{"tilelm: fast LLM inference from GGUF files on CPUs (AMX, AVX-512, AVX2)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "tilelm 0.1.0");
  int exit_code = 0;
  tl::cli::add_run_verb(app, &exit_code);
  tl::cli::add_inspect_verb(app, &exit_code);
  tl::cli::add_logits_verb(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}
