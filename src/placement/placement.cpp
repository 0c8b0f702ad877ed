// Placement: choosing a buffer type per tensor, filling it, and the load report.
#include "placement/placement.h"

#include <cstdio>

#include "gguf/gguf.h"
#include "kernels/registry.h"
#include "runtime/thread_pool.h"

namespace tl {
namespace {

// The CPU priority list; faster layouts are inserted ahead of "mapped" as they exist.
std::vector<const BufferType*> priority_list(const PlacementOptions& options) {
  std::vector<const BufferType*> list;
  if (!options.no_repack) {
    list.push_back(find_buffer_type("amx"));
    list.push_back(find_buffer_type("cpu-repack"));
  }
  list.push_back(find_buffer_type("mapped"));
  list.push_back(find_buffer_type("cpu-f32"));
  return list;
}

double mib(size_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

// Picks the matmul kernel for a placed weight, if any op multiplies with it.
Status choose_kernel(PlacedTensor& t, Isa isa) {
  if (!(t.ops & (kOpMatmul | kOpExpertMatmul | kOpRouter))) return Status();
  MatmulProblem p{t.type, t.layout, t.info->ne[0], t.info->ne[1]};
  std::string why;
  t.kernel = KernelRegistry::instance().choose_matmul(p, isa, &why);
  if (!t.kernel) {
    return Status::error("[placement] tensor " + t.info->name + " (" + std::string(dtype_name(t.type)) +
                         ", " + weight_layout_name(t.layout) + " in " + std::string(t.buffer->name()) +
                         "): no matmul kernel accepts it:\n" + why);
  }
  return Status();
}

}  // namespace

Result<TensorOverride> parse_tensor_override(const std::string& text) {
  const size_t eq = text.rfind('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    return Status::error("[placement] --override-tensor '" + text + "': expected REGEX=TYPE");
  }
  TensorOverride o{text.substr(0, eq), text.substr(eq + 1)};
  try {
    std::regex check(o.pattern);
  } catch (const std::regex_error& e) {
    return Status::error("[placement] --override-tensor '" + text + "': bad regex: " + e.what());
  }
  if (!find_buffer_type(o.buffer_type)) {
    return Status::error("[placement] --override-tensor '" + text + "': unknown buffer type '" +
                         o.buffer_type + "' (known: amx, cpu-repack, mapped, cpu-f32)");
  }
  return o;
}

Result<Placement> Placement::build(const gguf::File& file, const std::vector<TensorUse>& uses,
                                   const PlacementOptions& options, ThreadPool& pool) {
  std::vector<std::pair<std::regex, const BufferType*>> overrides;
  for (const TensorOverride& o : options.overrides) {
    overrides.emplace_back(std::regex(o.pattern), find_buffer_type(o.buffer_type));
  }
  const std::vector<const BufferType*> priority = priority_list(options);

  Placement placement;
  placement.tensors_.reserve(uses.size());
  for (const TensorUse& use : uses) {
    PlacedTensor t;
    t.info = use.info;
    t.ops = use.ops;
    std::string why;
    for (const auto& [re, type] : overrides) {
      if (!std::regex_search(use.info->name, re)) continue;
      if (!type->accepts(use, options.isa, &why)) {
        return Status::error("[placement] tensor " + use.info->name + " (" + tensor_ops_string(use.ops) +
                             ") cannot go to buffer type " + std::string(type->name()) +
                             " as --override-tensor asks: " + why);
      }
      t.buffer = type;
      t.reason = "override";
      break;
    }
    for (const BufferType* type : priority) {
      if (t.buffer) break;
      std::string declined;
      if (type->accepts(use, options.isa, &declined)) {
        t.buffer = type;
        t.reason = why.empty() ? "first in priority" : why;
      } else {
        why += std::string(type->name()) + ": " + declined + "; ";
      }
    }
    if (!t.buffer) {
      return Status::error("[placement] tensor " + use.info->name + " (" +
                           std::string(dtype_name(use.info->type)) + ", " + tensor_ops_string(use.ops) +
                           "): no buffer type accepts it: " + why);
    }
    TL_RETURN_IF_ERROR(t.buffer->place(use, file.tensor_data(*use.info), options.isa, pool, t));
    if (t.buffer->copies() && file.mapping()) {
      file.mapping()->release(file.data_offset() + use.info->offset, use.info->n_bytes);
    }
    TL_RETURN_IF_ERROR(choose_kernel(t, options.isa));
    placement.index_.emplace(use.info->name, placement.tensors_.size());
    placement.tensors_.push_back(std::move(t));
    if (options.progress) options.progress(placement.tensors_.size(), uses.size());
  }
  return placement;
}

const PlacedTensor* Placement::find(const std::string& name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &tensors_[it->second];
}

std::string Placement::report(bool verbose) const {
  struct Totals {
    size_t count = 0;
    size_t file_bytes = 0;
    size_t owned_bytes = 0;
  };
  std::map<std::string, Totals> per_type;
  Totals all;
  for (const PlacedTensor& t : tensors_) {
    Totals& row = per_type[std::string(t.buffer->name())];
    for (Totals* x : {&row, &all}) {
      x->count += 1;
      x->file_bytes += t.info->n_bytes;
      x->owned_bytes += t.owned_bytes;
    }
  }
  std::string out = "load report: buffer type | tensors | MiB in file | MiB owned\n";
  char line[256];
  for (const auto& [name, x] : per_type) {
    std::snprintf(line, sizeof line, "  %-10s | %5zu | %10.2f | %9.2f\n", name.c_str(), x.count,
                  mib(x.file_bytes), mib(x.owned_bytes));
    out += line;
  }
  std::snprintf(line, sizeof line, "  %-10s | %5zu | %10.2f | %9.2f\n", "total", all.count,
                mib(all.file_bytes), mib(all.owned_bytes));
  out += line;
  if (verbose) {
    for (const PlacedTensor& t : tensors_) {
      std::snprintf(line, sizeof line, "  %-28s %-6s %-18s %-22s -> %-8s %-12s (%s)\n",
                    t.info->name.c_str(), std::string(dtype_name(t.info->type)).c_str(),
                    t.info->shape_string().c_str(), tensor_ops_string(t.ops).c_str(),
                    std::string(t.buffer->name()).c_str(), t.kernel ? t.kernel->name : "-",
                    t.reason.c_str());
      out += line;
    }
  }
  return out;
}

}  // namespace tl
