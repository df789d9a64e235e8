// Result<T>: either a value of T or a non-OK Status.
#pragma once

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

#include "pkg/util/status.h"

namespace k1s {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}  // NOLINT: implicit by design
  // From anything convertible to T, e.g. unique_ptr<Derived> for unique_ptr<Base>.
  template <typename U>
    requires(std::is_convertible_v<U &&, T> && !std::is_same_v<std::decay_t<U>, T> &&
             !std::is_same_v<std::decay_t<U>, Status>)
  Result(U&& value) : data_(T(std::forward<U>(value))) {}  // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(data_).ok() && "a Result built from a Status must carry an error");
  }

  bool ok() const { return std::holds_alternative<T>(data_); }

  // The error; an OK Status when the Result holds a value.
  Status status() const { return ok() ? Status() : std::get<Status>(data_); }

  // Precondition for all of these: ok().
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace k1s

// Evaluates `rexpr` (a Result); on error returns its Status from the enclosing
// function, otherwise moves the value into `lhs`.
#define K1S_ASSIGN_OR_RETURN(lhs, rexpr)                       \
  K1S_ASSIGN_OR_RETURN_IMPL_(K1S_CONCAT_(k1s_result_, __LINE__), lhs, rexpr)
#define K1S_CONCAT_INNER_(a, b) a##b
#define K1S_CONCAT_(a, b) K1S_CONCAT_INNER_(a, b)
#define K1S_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                               \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()
