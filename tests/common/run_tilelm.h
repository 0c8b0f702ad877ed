// Runs the tilelm binary as a user would ($TILELM_BIN, which ctest sets for every test)
// and captures its exit code, stdout and stderr.
#pragma once

#include <string>

namespace tl::test {

struct CliOutcome {
  int exit_code = -1;  // -1: it did not exit normally (crash) or could not start
  std::string out;
  std::string err;
};

// Single-quotes `s` for /bin/sh.
std::string shell_quote(const std::string& s);

// Runs `tilelm ARGS` (ARGS already quoted as needed); output goes through files in a
// fresh temporary folder.
CliOutcome run_tilelm(const std::string& args);

}  // namespace tl::test
