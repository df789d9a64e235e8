#include "pkg/apiserver/request_info.h"

#include <vector>

namespace k1s::apiserver {

namespace {

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) parts.emplace_back(path.substr(i, j - i));
    i = j + 1;
  }
  return parts;
}

bool IsTrue(const std::optional<std::string>& v) { return v && (*v == "1" || *v == "true"); }

std::string LowerMethod(const std::string& method) {
  std::string out;
  for (char c : method) out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

}  // namespace

RequestInfo ParseRequestInfo(const http::Request& request) {
  RequestInfo info;
  info.path = request.path;
  info.verb = LowerMethod(request.method);
  std::vector<std::string> parts = SplitPath(request.path);
  if (parts.empty() || (parts[0] != "api" && parts[0] != "apis")) return info;
  info.api_prefix = parts[0];
  size_t at = 1;
  if (info.api_prefix == "apis") {
    if (parts.size() < 3) return info;  // /apis or /apis/<group>: discovery
    info.group = parts[1];
    info.version = parts[2];
    at = 3;
  } else {
    if (parts.size() < 2) return info;  // /api: discovery
    info.version = parts[1];
    at = 2;
  }
  if (parts.size() == at) return info;  // group-version discovery
  info.is_resource_request = true;

  std::vector<std::string> rest(parts.begin() + static_cast<long>(at), parts.end());
  // /namespaces/<ns>/<resource>/... is namespaced. /namespaces/<name> and its
  // own subresources (status, finalize) are the namespace object itself, and
  // still carry the namespace, as kube-apiserver records it.
  if (rest[0] == "namespaces" && rest.size() > 1) {
    info.namespace_name = rest[1];
    if (rest.size() > 2 && rest[2] != "status" && rest[2] != "finalize") {
      rest.erase(rest.begin(), rest.begin() + 2);
    }
  }
  info.resource = rest[0];
  if (rest.size() >= 2) info.name = rest[1];
  if (rest.size() >= 3) info.subresource = rest[2];
  if (rest.size() > 3) info.subresource += "/" + rest[3];  // e.g. proxy paths; handlers reject

  const bool collection = info.name.empty();
  const std::string& m = request.method;
  if (m == "GET" || m == "HEAD") {
    if (IsTrue(request.Query("watch"))) {
      info.verb = "watch";
    } else {
      info.verb = collection ? "list" : "get";
    }
  } else if (m == "POST") {
    info.verb = "create";
  } else if (m == "PUT") {
    info.verb = "update";
  } else if (m == "PATCH") {
    info.verb = "patch";
  } else if (m == "DELETE") {
    info.verb = collection ? "deletecollection" : "delete";
  }
  return info;
}

}  // namespace k1s::apiserver
