#include <doctest/doctest.h>

#include <functional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "pkg/api/registry.h"
#include "pkg/openapi/documents.h"
#include "pkg/openapi/schema_table.h"
#include "pkg/openapi/service.h"
#include "pkg/openapi/v2_protobuf.h"
#include "pkg/util/protowire.h"

namespace k1s::openapi {
namespace {

using Json = nlohmann::json;

http::Request Get(std::string target, std::string accept = "") {
  http::Request r;
  r.method = "GET";
  r.target = target;
  size_t q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) r.query = http::ParseQuery(target.substr(q + 1));
  if (!accept.empty()) r.headers.emplace("Accept", accept);
  return r;
}

std::string GvKey(const api::Resource& r) {
  return r.group.empty() ? "api/" + r.version : "apis/" + r.group + "/" + r.version;
}

// Calls fn on every schema object nested in j (properties, items, ...).
void ForEachSchema(const Json& j, const std::function<void(const Json&)>& fn) {
  if (j.is_object()) {
    fn(j);
    for (const auto& [k, v] : j.items()) ForEachSchema(v, fn);
  } else if (j.is_array()) {
    for (const Json& v : j) ForEachSchema(v, fn);
  }
}

TEST_CASE("every registry resource has paths and a kind schema in its group-version document") {
  auto registry = api::Registry::WithBuiltins();
  Documents docs = BuildDocuments(registry->All());
  for (const auto& r : registry->All()) {
    CAPTURE(r->kind);
    REQUIRE(docs.v3.count(GvKey(*r)) == 1);
    const Json& doc = docs.v3.at(GvKey(*r));
    std::string prefix = r->group.empty() ? "/api/" + r->version : "/apis/" + r->group + "/" + r->version;
    std::string collection =
        prefix + (r->namespaced() ? "/namespaces/{namespace}/" : "/") + r->plural;
    REQUIRE(doc["paths"].contains(collection));
    const std::string def = DefinitionName(r->group, r->version, r->kind);
    REQUIRE(doc["components"]["schemas"].contains(def));
    const Json& gvks = doc["components"]["schemas"][def]["x-kubernetes-group-version-kind"];
    CHECK(std::find(gvks.begin(), gvks.end(),
                    Json{{"group", r->group}, {"kind", r->kind}, {"version", r->version}}) !=
          gvks.end());
    CHECK(docs.v2["definitions"].contains(def));
    CHECK(docs.v2["paths"].contains(collection));
  }
}

TEST_CASE("every PATCH operation declares fieldValidation, dryRun, fieldManager and force") {
  auto registry = api::Registry::WithBuiltins();
  Documents docs = BuildDocuments(registry->All());
  int patches = 0;
  auto check = [&](const Json& paths) {
    for (const auto& [path, item] : paths.items()) {
      // Connect operations (pods/proxy) carry their own option kinds.
      if (!item.contains("patch") || item["patch"]["x-kubernetes-action"] == "connect") continue;
      ++patches;
      std::set<std::string> names;
      for (const Json& p : item["patch"]["parameters"]) {
        if (p["in"] == "query") names.insert(p["name"].get<std::string>());
      }
      CAPTURE(path);
      CHECK(names.count("fieldValidation") == 1);
      CHECK(names.count("dryRun") == 1);
      CHECK(names.count("fieldManager") == 1);
      CHECK(names.count("force") == 1);
      CHECK(item["patch"].contains("x-kubernetes-group-version-kind"));
    }
  };
  for (const auto& [key, doc] : docs.v3) check(doc["paths"]);
  check(docs.v2["paths"]);
  CHECK(patches > 100);
}

TEST_CASE("deployments have the operations and subresources kube-apiserver has") {
  auto registry = api::Registry::WithBuiltins();
  Documents docs = BuildDocuments(registry->All());
  const Json& paths = docs.v3.at("apis/apps/v1")["paths"];
  const Json& coll = paths["/apis/apps/v1/namespaces/{namespace}/deployments"];
  CHECK(coll["get"]["operationId"] == "listAppsV1NamespacedDeployment");
  CHECK(coll["get"]["x-kubernetes-action"] == "list");
  CHECK(coll["post"]["x-kubernetes-action"] == "post");
  CHECK(coll["delete"]["x-kubernetes-action"] == "deletecollection");
  const Json& item = paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"];
  for (const char* m : {"get", "put", "patch", "delete"}) CHECK(item.contains(m));
  CHECK(item["patch"]["x-kubernetes-group-version-kind"] ==
        Json{{"group", "apps"}, {"kind", "Deployment"}, {"version", "v1"}});
  CHECK(item["patch"]["requestBody"]["content"].contains("application/merge-patch+json"));
  CHECK(paths.contains("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status"));
  const Json& scale = paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale"];
  CHECK(scale["patch"]["x-kubernetes-group-version-kind"]["kind"] == "Scale");
  CHECK(paths.contains("/apis/apps/v1/deployments"));
  CHECK(paths.contains("/apis/apps/v1/watch/namespaces/{namespace}/deployments/{name}"));
  CHECK(docs.v3.at("apis/apps/v1")["components"]["schemas"].contains(
      "io.k8s.api.autoscaling.v1.Scale"));
}

TEST_CASE("schemas carry descriptions and strategic-merge metadata") {
  auto registry = api::Registry::WithBuiltins();
  Documents docs = BuildDocuments(registry->All());
  const Json& schemas = docs.v3.at("api/v1")["components"]["schemas"];
  const Json& containers = schemas["io.k8s.api.core.v1.PodSpec"]["properties"]["containers"];
  CHECK(containers["type"] == "array");
  CHECK(containers["items"]["$ref"] == "#/components/schemas/io.k8s.api.core.v1.Container");
  CHECK(containers["x-kubernetes-patch-merge-key"] == "name");
  CHECK(containers["x-kubernetes-patch-strategy"] == "merge");
  CHECK(schemas["io.k8s.api.core.v1.Container"]["required"] == Json::array({"name"}));
  const Json& strategy = docs.v3.at("apis/apps/v1")["components"]["schemas"]
                                   ["io.k8s.api.apps.v1.DeploymentSpec"]["properties"]["strategy"];
  CHECK(strategy["allOf"][0]["$ref"] ==
        "#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy");
  CHECK(!strategy["description"].get<std::string>().empty());
  // v2 refers directly, as Swagger clients expect.
  CHECK(docs.v2["definitions"]["io.k8s.api.apps.v1.DeploymentSpec"]["properties"]["strategy"]
                 ["$ref"] == "#/definitions/io.k8s.api.apps.v1.DeploymentStrategy");
}

TEST_CASE("every reference resolves and v2 schemas follow what kubectl's parser accepts") {
  auto registry = api::Registry::WithBuiltins();
  Documents docs = BuildDocuments(registry->All());
  for (const auto& [key, doc] : docs.v3) {
    const Json& schemas = doc["components"]["schemas"];
    ForEachSchema(doc, [&](const Json& s) {
      if (!s.contains("$ref") || !s["$ref"].is_string()) return;
      std::string ref = s["$ref"];
      REQUIRE(ref.starts_with("#/components/schemas/"));
      CAPTURE(ref);
      CHECK(schemas.contains(ref.substr(21)));
    });
  }
  const Json& defs = docs.v2["definitions"];
  ForEachSchema(docs.v2, [&](const Json& s) {
    if (s.contains("$ref") && s["$ref"].is_string()) {
      std::string ref = s["$ref"];
      CAPTURE(ref);
      CHECK(defs.contains(ref.substr(14)));
      CHECK(!s.contains("type"));
      CHECK(!s.contains("properties"));
    }
    if (s.contains("type") && s["type"] == "array") CHECK(s.contains("items"));
  });
}

TEST_CASE("the v2 protobuf decodes into the document's top-level fields") {
  auto registry = api::Registry::WithBuiltins();
  Documents docs = BuildDocuments(registry->All());
  std::string pb = EncodeV2Protobuf(docs.v2);
  protowire::Reader reader(pb);
  std::string swagger, title;
  size_t paths = 0, definitions = 0;
  bool found_fv = false;
  while (auto f = reader.Next()) {
    if (f->number == v2pb::kDocSwagger) swagger = std::string(f->bytes);
    if (f->number == v2pb::kDocInfo) {
      protowire::Reader info(f->bytes);
      while (auto g = info.Next()) {
        if (g->number == v2pb::kInfoTitle) title = std::string(g->bytes);
      }
    }
    if (f->number == v2pb::kDocPaths) {
      protowire::Reader pr(f->bytes);
      while (auto p = pr.Next()) {
        if (p->number != v2pb::kPathsPath) continue;
        ++paths;
        // NamedPathItem{name, PathItem{patch: Operation{parameters...}}}
        protowire::Reader named(p->bytes);
        while (auto n = named.Next()) {
          if (n->number != v2pb::kNamedValue) continue;
          protowire::Reader item(n->bytes);
          while (auto op = item.Next()) {
            if (op->number != v2pb::kPathPatch) continue;
            std::string_view raw = op->bytes;
            found_fv = found_fv || raw.find("fieldValidation") != std::string_view::npos;
          }
        }
        CHECK(!named.error());
      }
    }
    if (f->number == v2pb::kDocDefinitions) {
      protowire::Reader dr(f->bytes);
      while (auto d = dr.Next()) definitions += d->number == v2pb::kDefinitionsEntry;
    }
  }
  CHECK(!reader.error());
  CHECK(swagger == "2.0");
  CHECK(title == "Kubernetes");
  CHECK(paths == docs.v2["paths"].size());
  CHECK(definitions == docs.v2["definitions"].size());
  CHECK(found_fv);
}

TEST_CASE("the service serves the v3 root, group-versions with hashes, and v2 by Accept") {
  auto registry = api::Registry::WithBuiltins();
  OpenApiService service(*registry);
  CHECK_FALSE(service.Serve(Get("/api/v1")).has_value());

  auto root = service.Serve(Get("/openapi/v3"));
  REQUIRE(root.has_value());
  CHECK(root->status == 200);
  Json j = Json::parse(root->body);
  std::string url = j["paths"]["apis/apps/v1"]["serverRelativeURL"];
  REQUIRE(url.starts_with("/openapi/v3/apis/apps/v1?hash="));
  CHECK(j["paths"].contains("api/v1"));

  auto gv = service.Serve(Get(url, "application/json"));
  REQUIRE(gv.has_value());
  CHECK(gv->status == 200);
  CHECK(gv->headers.find("Cache-Control")->second == "public, immutable");
  CHECK(Json::parse(gv->body)["openapi"] == "3.0.0");
  std::string etag = gv->headers.find("Etag")->second;

  auto stale = service.Serve(Get("/openapi/v3/apis/apps/v1?hash=0123"));
  CHECK(stale->status == 301);
  CHECK(stale->headers.find("Location")->second == url);

  http::Request cond = Get("/openapi/v3/apis/apps/v1");
  cond.headers.emplace("If-None-Match", etag);
  CHECK(service.Serve(cond)->status == 304);
  CHECK(service.Serve(Get("/openapi/v3/apis/nope/v1"))->status == 404);

  auto v2json = service.Serve(Get("/openapi/v2"));
  CHECK(v2json->headers.find("Content-Type")->second == "application/json");
  CHECK(Json::parse(v2json->body)["swagger"] == "2.0");
  auto v2pb = service.Serve(Get(
      "/openapi/v2", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf, application/json"));
  CHECK(v2pb->headers.find("Content-Type")->second ==
        "application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
  CHECK(v2pb->body == EncodeV2Protobuf(Json::parse(v2json->body)));
  CHECK(service.Serve(Get("/openapi/v2", "text/html"))->status == 406);
}

TEST_CASE("documents follow the registry when custom resources come and go") {
  auto registry = api::Registry::WithBuiltins();
  OpenApiService service(*registry);
  Json before = Json::parse(service.Serve(Get("/openapi/v3"))->body);
  CHECK_FALSE(before["paths"].contains("apis/example.com/v1"));
  registry->Add(api::Resource{.group = "example.com",
                              .version = "v1",
                              .kind = "Widget",
                              .plural = "widgets",
                              .singular = "widget",
                              .verbs = {"create", "delete", "get", "list", "patch", "update",
                                        "watch"}});
  Json after = Json::parse(service.Serve(Get("/openapi/v3"))->body);
  REQUIRE(after["paths"].contains("apis/example.com/v1"));
  Json doc = Json::parse(service.Serve(Get("/openapi/v3/apis/example.com/v1"))->body);
  const Json& patch =
      doc["paths"]["/apis/example.com/v1/namespaces/{namespace}/widgets/{name}"]["patch"];
  // Custom resources take no strategic merge patches.
  CHECK_FALSE(patch["requestBody"]["content"].contains("application/strategic-merge-patch+json"));
  CHECK(doc["components"]["schemas"].contains("com.example.v1.Widget"));
  registry->Remove("example.com", "v1", "widgets");
  Json gone = Json::parse(service.Serve(Get("/openapi/v3"))->body);
  CHECK_FALSE(gone["paths"].contains("apis/example.com/v1"));
}

}  // namespace
}  // namespace k1s::openapi
