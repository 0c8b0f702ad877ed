// Status and Result<T>: how every part reports an input error without aborting.
// Errors are plain strings prefixed by their part ("[gguf] file.gguf: ...").
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "util/check.h"

namespace tl {

class Status {
 public:
  Status() = default;
  static Status ok_status() { return Status(); }
  static Status error(std::string message) {
    Status s;
    s.message_ = std::move(message);
    if (s.message_.empty()) s.message_ = "unknown error";
    return s;
  }
  bool ok() const { return message_.empty(); }
  const std::string& message() const { return message_; }
  // Lets TL_RETURN_IF_ERROR treat Status and Result<T> alike.
  const Status& status() const { return *this; }

 private:
  std::string message_;
};

template <class T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit on purpose
  Result(Status error) : error_(std::move(error)) {  // NOLINT
    TL_CHECK(!error_.ok(), "Result built from an ok Status");
  }
  bool ok() const { return value_.has_value(); }
  const Status& status() const { return error_; }
  const std::string& error() const { return error_.message(); }
  T& value() & {
    TL_CHECK(ok(), error_.message().c_str());
    return *value_;
  }
  const T& value() const& {
    TL_CHECK(ok(), error_.message().c_str());
    return *value_;
  }
  T&& value() && {
    TL_CHECK(ok(), error_.message().c_str());
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::optional<T> value_;
  Status error_;
};

}  // namespace tl

// Returns the error of a Status/Result expression from the enclosing function.
#define TL_RETURN_IF_ERROR(expr)                      \
  do {                                                \
    const auto& tl_status_ = (expr);                  \
    if (!tl_status_.ok()) return tl_status_.status(); \
  } while (0)
