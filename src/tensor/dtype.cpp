// The table of GGUF data types: block sizes from ggml-common.h's block layouts.
#include "tensor/dtype.h"

#include <array>
#include <cctype>
#include <string>

namespace tl {
namespace {

constexpr std::array<DTypeInfo, 32> kTypes = {{
    {DType::F32, "f32", 1, 4, true},
    {DType::F16, "f16", 1, 2, true},
    {DType::Q4_0, "q4_0", 32, 18, true},
    {DType::Q4_1, "q4_1", 32, 20, true},
    {DType::Q5_0, "q5_0", 32, 22, true},
    {DType::Q5_1, "q5_1", 32, 24, true},
    {DType::Q8_0, "q8_0", 32, 34, true},
    {DType::Q8_1, "q8_1", 32, 36, false},
    {DType::Q2_K, "q2_K", 256, 84, true},
    {DType::Q3_K, "q3_K", 256, 110, true},
    {DType::Q4_K, "q4_K", 256, 144, true},
    {DType::Q5_K, "q5_K", 256, 176, true},
    {DType::Q6_K, "q6_K", 256, 210, true},
    {DType::Q8_K, "q8_K", 256, 292, false},
    {DType::IQ2_XXS, "iq2_xxs", 256, 66, false},
    {DType::IQ2_XS, "iq2_xs", 256, 74, false},
    {DType::IQ3_XXS, "iq3_xxs", 256, 98, false},
    {DType::IQ1_S, "iq1_s", 256, 50, false},
    {DType::IQ4_NL, "iq4_nl", 32, 18, true},
    {DType::IQ3_S, "iq3_s", 256, 110, false},
    {DType::IQ2_S, "iq2_s", 256, 82, false},
    {DType::IQ4_XS, "iq4_xs", 256, 136, true},
    {DType::I8, "i8", 1, 1, false},
    {DType::I16, "i16", 1, 2, false},
    {DType::I32, "i32", 1, 4, false},
    {DType::I64, "i64", 1, 8, false},
    {DType::F64, "f64", 1, 8, false},
    {DType::IQ1_M, "iq1_m", 256, 56, false},
    {DType::BF16, "bf16", 1, 2, true},
    {DType::TQ1_0, "tq1_0", 256, 54, false},
    {DType::TQ2_0, "tq2_0", 256, 66, false},
    {DType::MXFP4, "mxfp4", 32, 17, false},
}};

}  // namespace

const DTypeInfo* dtype_info(uint32_t id) {
  for (const DTypeInfo& info : kTypes) {
    if (static_cast<uint32_t>(info.type) == id) return &info;
  }
  return nullptr;
}

const DTypeInfo& dtype_info(DType t) {
  const DTypeInfo* info = dtype_info(static_cast<uint32_t>(t));
  TL_CHECK(info != nullptr, "DType outside the table");
  return *info;
}

std::optional<DType> dtype_from_name(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const DTypeInfo& info : kTypes) {
    std::string candidate(info.name);
    for (char& c : candidate) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (candidate == lower) return info.type;
  }
  return std::nullopt;
}

}  // namespace tl
