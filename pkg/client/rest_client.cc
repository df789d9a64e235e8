#include "pkg/client/rest_client.h"

#include <array>
#include <cctype>

#include "pkg/client/watch_stream.h"
#include "pkg/util/json_dump.h"
#include "pkg/util/json_fields.h"
#include "pkg/util/json_parse.h"
#include "pkg/util/json_scan.h"

namespace k1s::client {

namespace {

std::string PercentEncode(std::string_view in) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(in.size());
  for (unsigned char c : in) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string Target(const std::string& path, const std::vector<std::pair<std::string, std::string>>& query) {
  std::string target = PercentEncode(path);
  char sep = '?';
  for (const auto& [k, v] : query) {
    target += sep;
    target += PercentEncode(k) + "=" + PercentEncode(v);
    sep = '&';
  }
  return target;
}

struct ReasonCode {
  const char* reason;
  StatusCode code;
};
constexpr std::array<ReasonCode, 16> kReasons{{
    {"NotFound", StatusCode::kNotFound},
    {"AlreadyExists", StatusCode::kAlreadyExists},
    {"Conflict", StatusCode::kConflict},
    {"Invalid", StatusCode::kInvalid},
    {"BadRequest", StatusCode::kBadRequest},
    {"Unauthorized", StatusCode::kUnauthorized},
    {"Forbidden", StatusCode::kForbidden},
    {"MethodNotAllowed", StatusCode::kMethodNotAllowed},
    {"NotAcceptable", StatusCode::kNotAcceptable},
    {"Expired", StatusCode::kGone},
    {"Gone", StatusCode::kGone},
    {"RequestEntityTooLarge", StatusCode::kTooLarge},
    {"UnsupportedMediaType", StatusCode::kUnsupportedMedia},
    {"TooManyRequests", StatusCode::kTooManyRequests},
    {"ServiceUnavailable", StatusCode::kUnavailable},
    {"Timeout", StatusCode::kTimeout},
}};

StatusCode CodeForHttp(int http_code) {
  switch (http_code) {
    case 400: return StatusCode::kBadRequest;
    case 401: return StatusCode::kUnauthorized;
    case 403: return StatusCode::kForbidden;
    case 404: return StatusCode::kNotFound;
    case 405: return StatusCode::kMethodNotAllowed;
    case 406: return StatusCode::kNotAcceptable;
    case 409: return StatusCode::kConflict;
    case 410: return StatusCode::kGone;
    case 413: return StatusCode::kTooLarge;
    case 415: return StatusCode::kUnsupportedMedia;
    case 422: return StatusCode::kInvalid;
    case 429: return StatusCode::kTooManyRequests;
    case 503: return StatusCode::kUnavailable;
    case 504: return StatusCode::kTimeout;
    default: return StatusCode::kInternal;
  }
}

const char* PatchContentType(PatchType type) {
  switch (type) {
    case PatchType::kJsonPatch: return "application/json-patch+json";
    case PatchType::kMergePatch: return "application/merge-patch+json";
    case PatchType::kStrategicMergePatch: return "application/strategic-merge-patch+json";
    case PatchType::kApplyPatch: return "application/apply-patch+yaml";
  }
  return "application/merge-patch+json";
}

}  // namespace

std::string ResourcePath(const ResourceId& r, std::string_view ns, std::string_view name,
                         std::string_view subresource) {
  std::string path = r.group.empty() ? "/api/" + r.version : "/apis/" + r.group + "/" + r.version;
  if (!ns.empty()) path.append("/namespaces/").append(ns);
  path += "/" + r.resource;
  if (!name.empty()) path.append("/").append(name);
  if (!subresource.empty()) path.append("/").append(subresource);
  return path;
}

Status StatusFromAnswer(int http_code, const std::string& body) {
  Json status = ParseJson(body);
  std::string message = "the server answered " + std::to_string(http_code);
  StatusCode code = CodeForHttp(http_code);
  std::vector<StatusCause> causes;
  if (status.is_object() && status.value("kind", "") == "Status") {
    message = status.value("message", message);
    std::string reason = status.value("reason", "");
    for (const auto& rc : kReasons) {
      if (reason == rc.reason) code = rc.code;
    }
    if (auto d = status.find("details"); d != status.end() && d->is_object()) {
      for (const auto& c : d->value("causes", Json::array())) {
        causes.push_back({c.value("reason", ""), c.value("message", ""), c.value("field", "")});
      }
    }
  }
  return Status(code, message).WithCauses(std::move(causes));
}

Result<Json> RestClient::Call(std::string method, std::string path, Query query,
                              std::string content_type, std::string body) {
  http::Request request;
  request.method = std::move(method);
  request.target = Target(path, query);
  request.path = std::move(path);
  request.query = std::move(query);
  request.headers.emplace("Accept", "application/json");
  request.headers.emplace("User-Agent", user_agent_);
  if (!content_type.empty()) request.headers.emplace("Content-Type", content_type);
  request.body = std::move(body);
  const std::string verb = request.method;
  K1S_ASSIGN_OR_RETURN(http::Reply reply, transport_->RoundTrip(std::move(request)));
  if (reply.stream != nullptr) {
    reply.stream->Cancel();
    return Status::Internal("unexpected streaming answer to " + verb);
  }
  http::Response& response = reply.response;
  if (response.object != nullptr) {
    // An in-process answer, handed over as a value (the handler gave it up).
    Json answer = std::move(*response.object);
    if (response.status < 200 || response.status >= 300) return StatusFromAnswer(response.status, DumpJson(answer));
    if (options_.drop_managed_fields) EraseManagedFields(answer);
    return answer;
  }
  if (response.status < 200 || response.status >= 300) {
    return StatusFromAnswer(response.status, response.body);
  }
  Json answer = options_.drop_managed_fields ? ParseJsonWithout(response.body, {"metadata", "managedFields"})
                                             : ParseJson(response.body);
  if (answer.is_discarded()) return Status::Internal("the server's answer is not JSON");
  return answer;
}

Result<Json> RestClient::Get(const ResourceId& r, std::string_view ns, std::string_view name,
                             std::string_view subresource) {
  return Call("GET", ResourcePath(r, ns, name, subresource), {}, "", "");
}

Result<Json> RestClient::List(const ResourceId& r, std::string_view ns, const ListOptions& options) {
  Query query;
  if (!options.label_selector.empty()) query.emplace_back("labelSelector", options.label_selector);
  if (!options.field_selector.empty()) query.emplace_back("fieldSelector", options.field_selector);
  if (options.limit > 0) query.emplace_back("limit", std::to_string(options.limit));
  if (!options.continue_token.empty()) query.emplace_back("continue", options.continue_token);
  if (!options.resource_version.empty()) query.emplace_back("resourceVersion", options.resource_version);
  return Call("GET", ResourcePath(r, ns), std::move(query), "", "");
}

Result<std::unique_ptr<WatchStream>> RestClient::Watch(const ResourceId& r, std::string_view ns,
                                                       const WatchOptions& options) {
  Query query{{"watch", "true"}};
  if (!options.label_selector.empty()) query.emplace_back("labelSelector", options.label_selector);
  if (!options.field_selector.empty()) query.emplace_back("fieldSelector", options.field_selector);
  if (!options.resource_version.empty()) query.emplace_back("resourceVersion", options.resource_version);
  if (options.allow_bookmarks) query.emplace_back("allowWatchBookmarks", "true");
  if (options.timeout_seconds > 0) query.emplace_back("timeoutSeconds", std::to_string(options.timeout_seconds));
  http::Request request;
  request.method = "GET";
  request.path = ResourcePath(r, ns);
  request.target = Target(request.path, query);
  request.query = std::move(query);
  request.headers.emplace("Accept", "application/json");
  request.headers.emplace("User-Agent", user_agent_);
  K1S_ASSIGN_OR_RETURN(http::Reply reply, transport_->RoundTrip(std::move(request)));
  if (reply.response.status != 200) {
    if (reply.stream != nullptr) reply.stream->Cancel();
    return StatusFromAnswer(reply.response.status, reply.response.body);
  }
  return MakeWatchStream(std::move(reply), options.drop_managed_fields, options.keep_object_text);
}

Result<Json> RestClient::Create(const ResourceId& r, std::string_view ns, const Json& object,
                                std::string_view name, std::string_view subresource) {
  return Call("POST", ResourcePath(r, ns, name, subresource), {}, "application/json", DumpJson(object));
}

Result<Json> RestClient::Update(const ResourceId& r, std::string_view ns, const Json& object,
                                std::string_view subresource) {
  std::string name;
  if (auto m = object.find("metadata"); m != object.end() && m->is_object()) name = m->value("name", "");
  if (name.empty()) return Status::Invalid("update: the object has no metadata.name");
  return Call("PUT", ResourcePath(r, ns, name, subresource), {}, "application/json", DumpJson(object));
}

Result<Json> RestClient::Patch(const ResourceId& r, std::string_view ns, std::string_view name,
                               PatchType type, const Json& patch, std::string_view subresource) {
  Query query;
  if (type == PatchType::kApplyPatch) {
    query.emplace_back("fieldManager", user_agent_);
    query.emplace_back("force", "true");
  }
  return Call("PATCH", ResourcePath(r, ns, name, subresource), std::move(query),
              PatchContentType(type), DumpJson(patch));
}

Status RestClient::Delete(const ResourceId& r, std::string_view ns, std::string_view name,
                          const DeleteOptions& options) {
  Json body{{"kind", "DeleteOptions"}, {"apiVersion", "v1"}};
  if (options.grace_period_seconds) body["gracePeriodSeconds"] = *options.grace_period_seconds;
  if (!options.propagation_policy.empty()) body["propagationPolicy"] = options.propagation_policy;
  if (!options.precondition_uid.empty()) body["preconditions"]["uid"] = options.precondition_uid;
  if (!options.precondition_resource_version.empty()) {
    body["preconditions"]["resourceVersion"] = options.precondition_resource_version;
  }
  auto answer = Call("DELETE", ResourcePath(r, ns, name), {}, "application/json", DumpJson(body));
  return answer.ok() ? Status::Ok() : answer.status();
}

}  // namespace k1s::client
