// tilelm inspect FILE: the header, every metadata key and the tensor table.
#include <cstdio>
#include <memory>

#include "gguf/gguf.h"
#include "tools/common_options.h"
#include "tools/verbs.h"

namespace tl::cli {

void add_inspect_verb(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("inspect", "print a GGUF file's metadata and tensor table");
  auto path = std::make_shared<std::string>();
  auto max_items = std::make_shared<size_t>(8);
  cmd->add_option("file", *path, "GGUF file")->required();
  cmd->add_option("--array-items", *max_items, "array items shown before eliding");
  cmd->callback([=] {
    Result<gguf::File> file = gguf::File::open(*path);
    if (!file.ok()) {
      *exit_code = fail("inspect", file.error());
      return;
    }
    const gguf::File& f = file.value();
    std::printf("file: %s\nversion: %u\nalignment: %zu\nmetadata: %zu keys\ntensors: %zu (data at byte %zu)\n\n",
                f.path().c_str(), f.version(), f.alignment(), f.metadata().size(), f.tensors().size(),
                f.data_offset());
    for (const gguf::KeyValue& kv : f.metadata()) {
      std::printf("%-45s %-8s %s\n", kv.key.c_str(), std::string(gguf::value_type_name(kv.value.type)).c_str(),
                  kv.value.to_string(*max_items).c_str());
    }
    std::printf("\n%-5s %-40s %-8s %-22s %14s %12s\n", "#", "tensor", "type", "shape", "offset", "bytes");
    size_t i = 0;
    for (const gguf::TensorInfo& t : f.tensors()) {
      std::printf("%-5zu %-40s %-8s %-22s %14llu %12llu\n", i++, t.name.c_str(),
                  std::string(dtype_name(t.type)).c_str(), t.shape_string().c_str(),
                  static_cast<unsigned long long>(t.offset), static_cast<unsigned long long>(t.n_bytes));
    }
    *exit_code = 0;
  });
}

}  // namespace tl::cli
