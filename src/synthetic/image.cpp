// Image::generate: header first (gguf::Writer lays it out), then the tensors' blocks,
// chunk by chunk on every thread, straight into the buffer the engine will read.
#include "synthetic/image.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "synthetic/block_fill.h"
#include "synthetic/metadata.h"
#include "synthetic/rng.h"

namespace tl::synthetic {
namespace {

using Clock = std::chrono::steady_clock;

// Small enough to balance threads and report progress often; large enough that the
// bookkeeping is noise.
constexpr uint64_t kChunkBytes = uint64_t{4} << 20;

struct Chunk {
  size_t tensor;
  uint64_t first;  // first unit
  uint64_t n;      // units
};

std::vector<Chunk> make_chunks(const std::vector<PlannedTensor>& plan) {
  std::vector<Chunk> chunks;
  for (size_t i = 0; i < plan.size(); ++i) {
    const PlannedTensor& t = plan[i];
    const uint64_t units = static_cast<uint64_t>(t.n_elements() / unit_elems(t.type));
    const uint64_t per_chunk = std::max<uint64_t>(1, kChunkBytes / unit_bytes(t.type));
    for (uint64_t u = 0; u < units; u += per_chunk) chunks.push_back({i, u, std::min(per_chunk, units - u)});
  }
  return chunks;
}

// The header grows with the vocabulary (tokens, scores, types) and the tensor count; this
// bound is generous, and generate() re-reserves if it is ever exceeded.
uint64_t header_reserve(const Spec& spec, size_t n_tensors) {
  return (uint64_t{1} << 20) + 64 * static_cast<uint64_t>(spec.shape.n_vocab) + 256 * n_tensors;
}

// MemAvailable from /proc/meminfo in bytes; 0 if unknown.
uint64_t available_memory() {
  std::FILE* f = std::fopen("/proc/meminfo", "r");
  if (!f) return 0;
  char line[256];
  unsigned long long kb = 0;
  while (std::fgets(line, sizeof line, f)) {
    if (std::sscanf(line, "MemAvailable: %llu kB", &kb) == 1) break;
  }
  std::fclose(f);
  return static_cast<uint64_t>(kb) * 1024;
}

std::string gib(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f GiB", static_cast<double>(bytes) / (1ull << 30));
  return buf;
}

}  // namespace

uint64_t image_bytes_estimate(const Spec& spec) {
  const std::vector<PlannedTensor> plan = plan_tensors(spec);
  return data_section_bytes(plan) + header_reserve(spec, plan.size());
}

std::string Image::source_name() const { return "synthetic:" + spec_.display_name(); }

Result<std::unique_ptr<Image>> Image::generate(const Spec& spec, ThreadPool& pool, const Progress& progress) {
  const auto start = Clock::now();
  std::unique_ptr<Image> img(new Image());
  img->spec_ = spec;
  img->plan_ = plan_tensors(spec);
  const std::vector<PlannedTensor>& plan = img->plan_;
  const uint64_t data_bytes = data_section_bytes(plan);

  gguf::Writer writer;
  add_model_metadata(writer, spec);
  add_tokenizer_metadata(writer, spec.shape.n_vocab);

  uint64_t reserve = header_reserve(spec, plan.size());
  const uint64_t available = available_memory();
  if (available != 0 && data_bytes + reserve > available) {
    return Status::error("[synthetic] " + spec.display_name() + " needs " + gib(data_bytes + reserve) +
                         " of memory but only " + gib(available) +
                         " are available (scale it down with --layers, or use a smaller type)");
  }
  Result<std::unique_ptr<ImageBuffer>> buffer = ImageBuffer::allocate(data_bytes + reserve);
  if (!buffer.ok()) return buffer.status();
  img->buffer_ = std::move(buffer).value();
  // The header depends only on names, types and shapes; the writer wants spans of the
  // right length, which the (untouched) buffer provides.
  for (const PlannedTensor& t : plan) {
    const Status s = writer.add_tensor_ref(t.name, t.type, t.ne, {img->buffer_->data(), t.n_bytes});
    TL_CHECK(s.ok(), s.message().c_str());
  }
  const std::vector<uint8_t> header = writer.header_bytes();
  if (header.size() > reserve) {
    reserve = header.size();
    Result<std::unique_ptr<ImageBuffer>> bigger = ImageBuffer::allocate(data_bytes + reserve);
    if (!bigger.ok()) return bigger.status();
    img->buffer_ = std::move(bigger).value();
  }
  uint8_t* base = img->buffer_->data();
  std::memcpy(base, header.data(), header.size());
  img->header_size_ = header.size();
  img->size_ = header.size() + data_bytes;
  uint8_t* data = base + header.size();

  const std::vector<Chunk> chunks = make_chunks(plan);
  std::atomic<size_t> next{0};
  std::atomic<uint64_t> done{0};
  auto last_report = Clock::now();
  pool.run([&](int ith, int) {
    for (size_t c = next.fetch_add(1); c < chunks.size(); c = next.fetch_add(1)) {
      const Chunk& k = chunks[c];
      const PlannedTensor& t = plan[k.tensor];
      const size_t ub = unit_bytes(t.type);
      fill_units(t.type, t.role, tensor_seed(spec.seed, t.name), k.first, k.n, data + t.offset + k.first * ub);
      const uint64_t now_done = done.fetch_add(k.n * ub) + k.n * ub;
      // Only the calling thread reports, so the callback needs no locking.
      if (ith == 0 && progress && Clock::now() - last_report > std::chrono::milliseconds(200)) {
        last_report = Clock::now();
        progress(now_done, data_bytes);
      }
    }
  });
  if (progress) progress(data_bytes, data_bytes);

  // The writer and this file lay tensors out alike; a parse proves it before anyone reads.
  Result<gguf::File> parsed = img->parse();
  TL_CHECK(parsed.ok(), parsed.error().c_str());
  for (size_t i = 0; i < plan.size(); ++i) {
    TL_CHECK(parsed.value().tensors()[i].offset == plan[i].offset, "tensor offsets differ from the writer's");
  }
  img->generate_seconds_ = std::chrono::duration<double>(Clock::now() - start).count();
  return img;
}

Result<gguf::File> Image::parse() const { return gguf::File::parse(bytes(), source_name()); }

}  // namespace tl::synthetic
