// RequestInfo: what a request path and method ask for, in Kubernetes terms
// (the verb, group, version, namespace, resource, name, subresource), before
// any lookup of whether such a resource exists.
#pragma once

#include <string>
#include <string_view>

#include "pkg/http/message.h"

namespace k1s::apiserver {

struct RequestInfo {
  // False for non-resource paths: /version, /healthz, /openapi/..., and the
  // discovery documents /api, /apis, /api/v1, /apis/<group>[/<version>].
  bool is_resource_request = false;
  std::string path;
  // get, list, watch, create, update, patch, delete, deletecollection; for a
  // non-resource request the lower-cased HTTP method.
  std::string verb;
  std::string api_prefix;  // "api" or "apis"
  std::string group;       // "" for the core group
  std::string version;
  std::string namespace_name;  // "" when cluster-wide
  std::string resource;        // plural, e.g. "pods"
  std::string name;
  std::string subresource;
};

// Parses the request as kube-apiserver does:
//   /api/v1/<resource>[/<name>[/<subresource>]]
//   /api/v1/namespaces/<ns>/<resource>[/<name>[/<subresource>]]
//   /apis/<group>/<version>/... the same
// A namespace object's own path, /api/v1/namespaces/<name>[/<sub>], names the
// namespace. GET of a collection is list, or watch with ?watch=1|true; DELETE of
// a collection is deletecollection.
RequestInfo ParseRequestInfo(const http::Request& request);

}  // namespace k1s::apiserver
