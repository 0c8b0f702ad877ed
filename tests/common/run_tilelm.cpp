// run_tilelm: see run_tilelm.h.
#include "common/run_tilelm.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "common/testdata.h"

namespace tl::test {

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

CliOutcome run_tilelm(const std::string& args) {
  const char* bin = std::getenv("TILELM_BIN");
  EXPECT_NE(bin, nullptr) << "TILELM_BIN is not set (run the test through ctest)";
  CliOutcome o;
  if (!bin) return o;
  // A folder of its own: the test's temp_dir() may hold the files the command reads.
  char tmpl[] = "/tmp/tilelm-cli-XXXXXX";
  const char* made = mkdtemp(tmpl);
  EXPECT_NE(made, nullptr) << "mkdtemp failed";
  if (!made) return o;
  const std::string dir = made;
  const std::string cmd = shell_quote(bin) + " " + args + " >" + dir + "/out 2>" + dir + "/err";
  const int status = std::system(cmd.c_str());
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  o.out = read_text(dir + "/out");
  o.err = read_text(dir + "/err");
  std::filesystem::remove_all(dir);
  return o;
}

}  // namespace tl::test
