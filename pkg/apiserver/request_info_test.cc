#include <doctest/doctest.h>

#include "pkg/apiserver/request_info.h"

namespace k1s::apiserver {
namespace {

RequestInfo Parse(const std::string& method, const std::string& target) {
  http::Request r;
  r.method = method;
  r.target = target;
  size_t q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) r.query = http::ParseQuery(target.substr(q + 1));
  return ParseRequestInfo(r);
}

TEST_CASE("resource paths parse as kube-apiserver parses them") {
  auto i = Parse("GET", "/api/v1/namespaces/default/pods/web/status");
  CHECK(i.is_resource_request);
  CHECK(i.verb == "get");
  CHECK(i.group.empty());
  CHECK(i.version == "v1");
  CHECK(i.namespace_name == "default");
  CHECK(i.resource == "pods");
  CHECK(i.name == "web");
  CHECK(i.subresource == "status");

  i = Parse("GET", "/apis/apps/v1/deployments?watch=true");
  CHECK(i.verb == "watch");
  CHECK(i.group == "apps");
  CHECK(i.namespace_name.empty());
  CHECK(i.resource == "deployments");

  CHECK(Parse("GET", "/apis/apps/v1/namespaces/x/deployments").verb == "list");
  CHECK(Parse("POST", "/api/v1/namespaces/x/configmaps").verb == "create");
  CHECK(Parse("PUT", "/api/v1/namespaces/x/configmaps/c").verb == "update");
  CHECK(Parse("PATCH", "/api/v1/namespaces/x/configmaps/c").verb == "patch");
  CHECK(Parse("DELETE", "/api/v1/namespaces/x/configmaps/c").verb == "delete");
  CHECK(Parse("DELETE", "/api/v1/namespaces/x/configmaps").verb == "deletecollection");
}

TEST_CASE("a namespace's own paths name the namespace") {
  auto i = Parse("GET", "/api/v1/namespaces/kube-system");
  CHECK(i.resource == "namespaces");
  CHECK(i.name == "kube-system");
  CHECK(i.namespace_name == "kube-system");
  i = Parse("PUT", "/api/v1/namespaces/kube-system/finalize");
  CHECK(i.resource == "namespaces");
  CHECK(i.subresource == "finalize");
  i = Parse("GET", "/api/v1/namespaces");
  CHECK(i.resource == "namespaces");
  CHECK(i.verb == "list");
}

TEST_CASE("discovery and other paths are not resource requests") {
  for (const char* path : {"/api", "/api/v1", "/apis", "/apis/apps", "/apis/apps/v1", "/version",
                           "/healthz", "/openapi/v2"}) {
    CAPTURE(path);
    CHECK_FALSE(Parse("GET", path).is_resource_request);
  }
}

}  // namespace
}  // namespace k1s::apiserver
