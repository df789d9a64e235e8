// PATCH, apply and fieldValidation through the whole ApiServer, as kubectl
// sends them.
#include <doctest/doctest.h>

#include "pkg/apiserver/apiserver.h"

namespace k1s::apiserver {
namespace {

struct Fixture {
  FakeClock clock;
  std::unique_ptr<api::Registry> registry = api::Registry::WithBuiltins();
  std::unique_ptr<store::Store> store;
  std::unique_ptr<ApiServer> server;

  Fixture() {
    auto opened = store::OpenSqliteStore({.path = ":memory:"});
    REQUIRE(opened.ok());
    store = std::move(*opened);
    server = std::make_unique<ApiServer>(ApiServerOptions{"secret-token", "127.0.0.1:6443"},
                                         *registry, *store, clock, Logger());
    REQUIRE(Call("POST", "/api/v1/namespaces", R"({"metadata":{"name":"default"}})").status == 201);
  }

  struct Answer {
    int status;
    Json body;
    std::vector<std::string> warnings;
  };
  Answer Call(const std::string& method, const std::string& target, const std::string& body = "",
              const std::string& content_type = "application/json") {
    http::Request r;
    r.method = method;
    r.target = target;
    size_t q = target.find('?');
    r.path = http::PercentDecode(target.substr(0, q), false);
    if (q != std::string::npos) r.query = http::ParseQuery(target.substr(q + 1));
    r.body = body;
    if (!body.empty()) r.headers.emplace("Content-Type", content_type);
    r.headers.emplace("Accept", "application/json");
    r.headers.emplace("User-Agent", "kubectl/v1.33.0 (linux/amd64) kubernetes/abcdef");
    r.headers.emplace("Authorization", "Bearer secret-token");
    http::Reply reply = server->Handle(r);
    Answer a{reply.response.status, Json::parse(reply.response.body, nullptr, false), {}};
    for (auto [it, end] = reply.response.headers.equal_range("Warning"); it != end; ++it) {
      a.warnings.push_back(it->second);
    }
    return a;
  }
};

constexpr const char* kDeploys = "/apis/apps/v1/namespaces/default/deployments";
constexpr const char* kApply = "application/apply-patch+yaml";

std::string DeploymentJson(int replicas, const std::string& extra_container_fields = "") {
  return R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
    "spec":{"replicas":)" + std::to_string(replicas) + R"(,"selector":{"matchLabels":{"app":"web"}},
    "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web",
    "image":"nginx","ports":[{"containerPort":80},{"containerPort":443}])" +
         extra_container_fields + "}]}}}}";
}

const Json* EntryOf(const Json& object, const std::string& manager) {
  auto meta = object.find("metadata");
  if (meta == object.end()) return nullptr;
  auto fields = meta->find("managedFields");
  if (fields == meta->end() || !fields->is_array()) return nullptr;
  for (auto it = fields->begin(); it != fields->end(); ++it) {
    if (it->value("manager", "") == manager) return &*it;
  }
  return nullptr;
}

TEST_CASE("fieldValidation: Strict refuses unknown and duplicate fields, Warn warns, both drop") {
  Fixture f;
  const std::string cm = R"({"metadata":{"name":"c"},"data":{"a":"1"},"dta":{"b":"2"}})";
  auto strict = f.Call("POST", "/api/v1/namespaces/default/configmaps?fieldValidation=Strict", cm);
  CHECK(strict.status == 400);
  CHECK(strict.body["message"] == "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: "
                                  "strict decoding error: unknown field \"dta\"");
  auto dup = f.Call("POST", "/api/v1/namespaces/default/configmaps?fieldValidation=Strict",
                    R"({"metadata":{"name":"c","name":"d"}})");
  CHECK(dup.status == 400);
  CHECK(dup.body["message"].get<std::string>().ends_with("duplicate field \"metadata.name\""));
  auto warn = f.Call("POST", "/api/v1/namespaces/default/configmaps", cm);
  REQUIRE(warn.status == 201);
  CHECK(warn.warnings == std::vector<std::string>{"299 - \"unknown field \\\"dta\\\"\""});
  CHECK_FALSE(warn.body.contains("dta"));
  CHECK_FALSE(f.Call("GET", "/api/v1/namespaces/default/configmaps/c").body.contains("dta"));
  auto ignore = f.Call("PUT", "/api/v1/namespaces/default/configmaps/c?fieldValidation=Ignore", cm);
  CHECK(ignore.status == 200);
  CHECK(ignore.warnings.empty());
  CHECK(f.Call("POST", "/api/v1/namespaces/default/configmaps?fieldValidation=Loud", cm).status == 422);
  auto patch = f.Call("PATCH", "/api/v1/namespaces/default/configmaps/c?fieldValidation=Strict",
                      R"({"spec":{"x":1}})", "application/merge-patch+json");
  CHECK(patch.status == 422);
  CHECK(patch.body["message"].get<std::string>().find(
            "strict decoding error: unknown field \"spec\"") != std::string::npos);
}

TEST_CASE("strategic merge patch over HTTP merges container ports by containerPort") {
  Fixture f;
  REQUIRE(f.Call("POST", kDeploys, DeploymentJson(1)).status == 201);
  auto patched = f.Call("PATCH", std::string(kDeploys) + "/web",
                        R"({"spec":{"template":{"spec":{"containers":[{"name":"web",
                            "ports":[{"containerPort":443,"$patch":"delete"}]}]}}}})",
                        "application/strategic-merge-patch+json");
  REQUIRE(patched.status == 200);
  const Json& c = patched.body["spec"]["template"]["spec"]["containers"][0];
  CHECK(c["image"] == "nginx");
  REQUIRE(c["ports"].size() == 1);
  CHECK(c["ports"][0]["containerPort"] == 80);
  // The patch's writer is recorded, named after the User-Agent.
  const Json* entry = EntryOf(patched.body, "kubectl");
  REQUIRE(entry != nullptr);
  CHECK((*entry)["operation"] == "Update");
}

TEST_CASE("server-side apply: create, unchanged, conflict, force") {
  Fixture f;
  const std::string url = std::string(kDeploys) + "/web?fieldManager=kubectl&force=false";
  CHECK(f.Call("PATCH", std::string(kDeploys) + "/web", DeploymentJson(2), kApply).status == 422);
  auto created = f.Call("PATCH", url, DeploymentJson(2), kApply);
  REQUIRE(created.status == 201);
  REQUIRE(EntryOf(created.body, "kubectl") != nullptr);
  CHECK((*EntryOf(created.body, "kubectl"))["operation"] == "Apply");
  auto again = f.Call("PATCH", url, DeploymentJson(2), kApply);
  REQUIRE(again.status == 200);
  CHECK(again.body["metadata"]["managedFields"] == created.body["metadata"]["managedFields"]);

  auto edited = f.Call("PATCH", std::string(kDeploys) + "/web?fieldManager=kubectl-edit",
                       R"({"spec":{"replicas":5}})", "application/strategic-merge-patch+json");
  REQUIRE(edited.status == 200);
  auto conflict = f.Call("PATCH", url, DeploymentJson(3), kApply);
  CHECK(conflict.status == 409);
  CHECK(conflict.body["reason"] == "Conflict");
  CHECK(conflict.body["message"] ==
        "Apply failed with 1 conflict: conflict with \"kubectl-edit\" using apps/v1: .spec.replicas");
  CHECK(conflict.body["details"]["causes"][0]["field"] == ".spec.replicas");
  auto forced = f.Call("PATCH", std::string(kDeploys) + "/web?fieldManager=kubectl&force=true",
                       DeploymentJson(3), kApply);
  REQUIRE(forced.status == 200);
  CHECK(forced.body["spec"]["replicas"] == 3);
  CHECK(EntryOf(forced.body, "kubectl-edit") == nullptr);

  // YAML bodies work too; a field the file drops is removed.
  auto yaml = f.Call("PATCH", url,
                     "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n"
                     "  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  template:\n"
                     "    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n"
                     "      - name: web\n        image: nginx\n        ports:\n"
                     "        - containerPort: 80\n",
                     kApply);
  REQUIRE(yaml.status == 200);
  CHECK(yaml.body["spec"]["template"]["spec"]["containers"][0]["ports"].size() == 1);
}

TEST_CASE("malformed patches are 4xx Statuses") {
  Fixture f;
  REQUIRE(f.Call("POST", kDeploys, DeploymentJson(1)).status == 201);
  const std::string web = std::string(kDeploys) + "/web";
  auto code = [&](const std::string& target, const std::string& body, const std::string& type) {
    auto a = f.Call("PATCH", target, body, type);
    CHECK(a.body["kind"] == "Status");
    return a.status;
  };
  CHECK(code(web, "{", "application/merge-patch+json") == 400);
  CHECK(code(web, "[1]", "application/merge-patch+json") == 400);
  CHECK(code(web, R"([{"op":"bogus","path":"/x"}])", "application/json-patch+json") == 422);
  CHECK(code(web, R"({"op":"add"})", "application/json-patch+json") == 400);
  CHECK(code(web, R"({"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}})",
             "application/strategic-merge-patch+json") == 400);
  CHECK(code(web + "?force=true", "{}", "application/merge-patch+json") == 422);
  CHECK(code(web + "?fieldManager=m", "key: [unclosed", kApply) == 400);
  CHECK(code(web + "?fieldManager=m", R"({"apiVersion":"v1","kind":"Pod"})", kApply) == 400);
  CHECK(code(web + "?fieldManager=m", DeploymentJson(1, R"(,"bogus":1)"), kApply) == 400);
  CHECK(code(web, "{}", "text/plain") == 415);
}

TEST_CASE("create and update record their field manager") {
  Fixture f;
  auto created = f.Call("POST", std::string(kDeploys) + "?fieldManager=kubectl-create", DeploymentJson(1));
  REQUIRE(created.status == 201);
  const Json* entry = EntryOf(created.body, "kubectl-create");
  REQUIRE(entry != nullptr);
  CHECK((*entry)["fieldsV1"]["f:spec"]["f:replicas"] == Json::object());
  Json object = created.body;
  object["spec"]["replicas"] = 4;
  object["metadata"].erase("managedFields");
  auto updated = f.Call("PUT", std::string(kDeploys) + "/web?fieldManager=kubectl-replace", object.dump());
  REQUIRE(updated.status == 200);
  CHECK(EntryOf(updated.body, "kubectl-create") != nullptr);
  REQUIRE(EntryOf(updated.body, "kubectl-replace") != nullptr);
  CHECK((*EntryOf(updated.body, "kubectl-replace"))["fieldsV1"] ==
        Json::parse(R"({"f:spec":{"f:replicas":{}}})"));
}

}  // namespace
}  // namespace k1s::apiserver
