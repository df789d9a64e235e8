#include "pkg/util/status.h"

namespace k1s {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kNotFound: return "NotFound";
    case StatusCode::kAlreadyExists: return "AlreadyExists";
    case StatusCode::kConflict: return "Conflict";
    case StatusCode::kInvalid: return "Invalid";
    case StatusCode::kBadRequest: return "BadRequest";
    case StatusCode::kUnauthorized: return "Unauthorized";
    case StatusCode::kForbidden: return "Forbidden";
    case StatusCode::kMethodNotAllowed: return "MethodNotAllowed";
    case StatusCode::kNotAcceptable: return "NotAcceptable";
    case StatusCode::kGone: return "Expired";
    case StatusCode::kTooLarge: return "RequestEntityTooLarge";
    case StatusCode::kUnsupportedMedia: return "UnsupportedMediaType";
    case StatusCode::kTooManyRequests: return "TooManyRequests";
    case StatusCode::kInternal: return "InternalError";
    case StatusCode::kUnavailable: return "ServiceUnavailable";
    case StatusCode::kTimeout: return "Timeout";
    case StatusCode::kIOError: return "IOError";
  }
  return "Unknown";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out(StatusCodeName(code_));
  if (!message_.empty()) {
    out += ": ";
    out += message_;
  }
  return out;
}

}  // namespace k1s
