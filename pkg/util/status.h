// Status: the outcome of an operation that can fail in an expected way.
//
// Expected failures are values, not exceptions. The codes are the reasons the
// Kubernetes API reports (metav1.StatusReason), so a Status produced anywhere
// in k1s maps to an HTTP answer without a translation table per component.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace k1s {

enum class StatusCode {
  kOk = 0,
  kNotFound,          // 404 NotFound
  kAlreadyExists,     // 409 AlreadyExists
  kConflict,          // 409 Conflict: a compare-and-swap lost
  kInvalid,           // 422 Invalid
  kBadRequest,        // 400 BadRequest
  kUnauthorized,      // 401 Unauthorized
  kForbidden,         // 403 Forbidden
  kMethodNotAllowed,  // 405 MethodNotAllowed
  kNotAcceptable,     // 406 NotAcceptable
  kGone,              // 410 Expired: the requested revision was compacted
  kTooLarge,          // 413 RequestEntityTooLarge
  kUnsupportedMedia,  // 415 UnsupportedMediaType
  kTooManyRequests,   // 429 TooManyRequests
  kInternal,          // 500 InternalError
  kUnavailable,       // 503 ServiceUnavailable: closed, shutting down, overloaded
  kTimeout,           // 504 Timeout
  kIOError,           // 500: the disk or the OS failed
};

// Short stable name of a code, e.g. "NotFound"; used in logs and messages.
std::string_view StatusCodeName(StatusCode code);

// One reason a request was invalid, as Kubernetes reports it in
// Status.details.causes: e.g. {"FieldValueRequired", "Required value",
// "spec.containers[0].image"}.
struct StatusCause {
  std::string reason;
  std::string message;
  std::string field;
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK

  static Status Ok() { return Status(); }
  static Status NotFound(std::string msg) { return {StatusCode::kNotFound, std::move(msg)}; }
  static Status AlreadyExists(std::string msg) {
    return {StatusCode::kAlreadyExists, std::move(msg)};
  }
  static Status Conflict(std::string msg) { return {StatusCode::kConflict, std::move(msg)}; }
  static Status Invalid(std::string msg) { return {StatusCode::kInvalid, std::move(msg)}; }
  static Status BadRequest(std::string msg) { return {StatusCode::kBadRequest, std::move(msg)}; }
  static Status Unauthorized(std::string msg) {
    return {StatusCode::kUnauthorized, std::move(msg)};
  }
  static Status Forbidden(std::string msg) { return {StatusCode::kForbidden, std::move(msg)}; }
  static Status MethodNotAllowed(std::string msg) {
    return {StatusCode::kMethodNotAllowed, std::move(msg)};
  }
  static Status NotAcceptable(std::string msg) {
    return {StatusCode::kNotAcceptable, std::move(msg)};
  }
  static Status Gone(std::string msg) { return {StatusCode::kGone, std::move(msg)}; }
  static Status TooLarge(std::string msg) { return {StatusCode::kTooLarge, std::move(msg)}; }
  static Status UnsupportedMedia(std::string msg) {
    return {StatusCode::kUnsupportedMedia, std::move(msg)};
  }
  static Status TooManyRequests(std::string msg) {
    return {StatusCode::kTooManyRequests, std::move(msg)};
  }
  static Status Internal(std::string msg) { return {StatusCode::kInternal, std::move(msg)}; }
  static Status Unavailable(std::string msg) {
    return {StatusCode::kUnavailable, std::move(msg)};
  }
  static Status Timeout(std::string msg) { return {StatusCode::kTimeout, std::move(msg)}; }
  static Status IOError(std::string msg) { return {StatusCode::kIOError, std::move(msg)}; }

  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  bool IsNotFound() const { return code_ == StatusCode::kNotFound; }
  bool IsAlreadyExists() const { return code_ == StatusCode::kAlreadyExists; }
  bool IsConflict() const { return code_ == StatusCode::kConflict; }
  bool IsInvalid() const { return code_ == StatusCode::kInvalid; }
  bool IsGone() const { return code_ == StatusCode::kGone; }
  bool IsUnavailable() const { return code_ == StatusCode::kUnavailable; }
  bool IsTimeout() const { return code_ == StatusCode::kTimeout; }

  // "NotFound: key /registry/pods/default/x" or "OK".
  std::string ToString() const;

  // Field-level causes, mostly for Invalid.
  const std::vector<StatusCause>& causes() const { return causes_; }
  Status&& WithCauses(std::vector<StatusCause> causes) && {
    causes_ = std::move(causes);
    return std::move(*this);
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::vector<StatusCause> causes_;
};

}  // namespace k1s

// Returns the Status of `expr` from the enclosing function if it is not OK.
#define K1S_RETURN_IF_ERROR(expr)          \
  do {                                     \
    ::k1s::Status k1s_status_ = (expr);    \
    if (!k1s_status_.ok()) return k1s_status_; \
  } while (0)
