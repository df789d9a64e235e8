#include "pkg/apiserver/api_status.h"

namespace k1s::apiserver {

int HttpStatusCode(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk: return 200;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists: return 409;
    case StatusCode::kConflict: return 409;
    case StatusCode::kInvalid: return 422;
    case StatusCode::kBadRequest: return 400;
    case StatusCode::kUnauthorized: return 401;
    case StatusCode::kForbidden: return 403;
    case StatusCode::kMethodNotAllowed: return 405;
    case StatusCode::kNotAcceptable: return 406;
    case StatusCode::kGone: return 410;
    case StatusCode::kTooLarge: return 413;
    case StatusCode::kUnsupportedMedia: return 415;
    case StatusCode::kTooManyRequests: return 429;
    case StatusCode::kInternal: return 500;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kTimeout: return 504;
    case StatusCode::kIOError: return 500;
  }
  return 500;
}

std::string StatusReason(const Status& status) {
  if (status.code() == StatusCode::kIOError) return "InternalError";
  // Kubernetes leaves reason empty for a plain 400, but "BadRequest" is what
  // clients match on when it is set; kube-apiserver sets it for decode errors.
  return std::string(StatusCodeName(status.code()));
}

nlohmann::json StatusObject(const Status& status, const StatusDetails& details) {
  nlohmann::json out = {{"kind", "Status"},
                        {"apiVersion", "v1"},
                        {"metadata", nlohmann::json::object()},
                        {"status", status.ok() ? "Success" : "Failure"},
                        {"message", status.message()},
                        {"reason", StatusReason(status)},
                        {"code", HttpStatusCode(status)}};
  nlohmann::json d = nlohmann::json::object();
  if (!details.name.empty()) d["name"] = details.name;
  if (!details.group.empty()) d["group"] = details.group;
  if (!details.kind.empty()) d["kind"] = details.kind;
  if (!status.causes().empty()) {
    nlohmann::json causes = nlohmann::json::array();
    for (const StatusCause& c : status.causes()) {
      nlohmann::json cause = nlohmann::json::object();
      if (!c.reason.empty()) cause["reason"] = c.reason;
      if (!c.message.empty()) cause["message"] = c.message;
      if (!c.field.empty()) cause["field"] = c.field;
      causes.push_back(std::move(cause));
    }
    d["causes"] = std::move(causes);
  }
  if (!d.empty()) out["details"] = std::move(d);
  if (status.ok()) out.erase("reason");
  return out;
}

nlohmann::json SuccessStatus(const StatusDetails& details) {
  return StatusObject(Status::Ok(), details);
}

}  // namespace k1s::apiserver
