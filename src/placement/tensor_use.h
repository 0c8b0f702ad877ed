// How the model reads each weight tensor: the ops that consume it decide which buffer
// types may hold it.
#pragma once

#include <cstdint>
#include <string>

namespace tl {

namespace gguf {
struct TensorInfo;
}

// Bit flags: one tensor may be read by several ops (a tied embedding is looked up by
// row and multiplied as the output matrix).
enum TensorOp : uint32_t {
  kOpGetRows = 1u << 0,       // rows looked up by token id (embeddings)
  kOpMatmul = 1u << 1,        // dense matmul weight (N rows of K)
  kOpExpertMatmul = 1u << 2,  // per-expert matmul weights (3-D: K, N, n_expert)
  kOpVector = 1u << 3,        // read as a float vector (norm weights, biases)
  kOpRouter = 1u << 4,        // MoE router matrix: small, read as a dense matmul
};
std::string tensor_ops_string(uint32_t ops);  // "get_rows+matmul"

struct TensorUse {
  const gguf::TensorInfo* info = nullptr;
  uint32_t ops = 0;
};

}  // namespace tl
