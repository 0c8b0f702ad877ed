// The verbs of `tilelm`. Each adds its subcommand to the app; when the subcommand runs,
// its callback stores the process exit code. Verbs are thin: flags, library calls, output.
#pragma once

#include <CLI/CLI.hpp>

namespace tl::cli {

void add_run_verb(CLI::App& app, int* exit_code);
void add_inspect_verb(CLI::App& app, int* exit_code);
void add_logits_verb(CLI::App& app, int* exit_code);
void add_tokenize_verb(CLI::App& app, int* exit_code);
void add_convert_verb(CLI::App& app, int* exit_code);
void add_bench_verb(CLI::App& app, int* exit_code);

}  // namespace tl::cli
