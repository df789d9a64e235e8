#include <doctest/doctest.h>

#include "pkg/api/registry.h"
#include "pkg/apiserver/object_rules.h"

namespace k1s::apiserver {
namespace {

TEST_CASE("DNS names are validated as Kubernetes does") {
  CHECK(ValidateDnsSubdomain("web-1.example").empty());
  CHECK_FALSE(ValidateDnsSubdomain("Web").empty());
  CHECK_FALSE(ValidateDnsSubdomain("a..b").empty());
  CHECK_FALSE(ValidateDnsSubdomain("-a").empty());
  CHECK_FALSE(ValidateDnsSubdomain(std::string(254, 'a')).empty());
  CHECK(ValidateDnsLabel("kube-system").empty());
  CHECK_FALSE(ValidateDnsLabel("a.b").empty());
}

TEST_CASE("create fills identity and refuses what a client may not set") {
  auto registry = api::Registry::WithBuiltins();
  auto pods = registry->Find("", "v1", "pods");
  REQUIRE(pods != nullptr);
  CreateContext ctx{"default", std::chrono::system_clock::time_point(std::chrono::seconds(1700000000))};

  auto pod = PrepareForCreate(*pods, Json::parse(R"({"metadata":{"generateName":"web-"},
      "spec":{"containers":[{"name":"c","image":"busybox"}]},"status":{"phase":"Running"}})"), ctx);
  REQUIRE(pod.ok());
  CHECK((*pod)["kind"] == "Pod");
  CHECK((*pod)["apiVersion"] == "v1");
  CHECK((*pod)["metadata"]["name"].get<std::string>().starts_with("web-"));
  CHECK((*pod)["metadata"]["namespace"] == "default");
  CHECK((*pod)["metadata"]["uid"].get<std::string>().size() == 36);
  CHECK((*pod)["metadata"]["creationTimestamp"] == "2023-11-14T22:13:20Z");
  CHECK((*pod)["status"]["phase"] == "Pending");  // the client's status is not taken

  auto bad = PrepareForCreate(*pods, Json::parse(R"({"metadata":{"name":"Bad_Name"}})"), ctx);
  REQUIRE(bad.status().IsInvalid());
  CHECK(bad.status().message().starts_with("Pod \"Bad_Name\" is invalid: metadata.name: Invalid value"));
  REQUIRE(bad.status().causes().size() == 1);
  CHECK(bad.status().causes()[0].field == "metadata.name");

  CHECK(PrepareForCreate(*pods, Json::parse(R"({"metadata":{}})"), ctx).status().IsInvalid());
  CHECK(PrepareForCreate(*pods, Json::parse(R"({"metadata":{"name":"a","namespace":"other"}})"), ctx)
            .status().code() == StatusCode::kBadRequest);
  CHECK(PrepareForCreate(*pods, Json::parse(R"({"kind":"Service","metadata":{"name":"a"}})"), ctx)
            .status().code() == StatusCode::kBadRequest);
  CHECK(PrepareForCreate(*pods, Json::parse(R"({"metadata":{"name":"a","resourceVersion":"5"}})"), ctx)
            .status().code() == StatusCode::kBadRequest);
}

TEST_CASE("update keeps identity, routes status, and counts spec changes in generation") {
  auto registry = api::Registry::WithBuiltins();
  auto deployments = registry->Find("apps", "v1", "deployments");
  REQUIRE(deployments != nullptr);
  Json current = Json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment",
      "metadata":{"name":"d","namespace":"n","uid":"u1","creationTimestamp":"t","generation":1,"resourceVersion":"7"},
      "spec":{"replicas":1},"status":{"replicas":1}})");

  Json incoming = current;
  incoming["metadata"]["uid"] = "forged";
  incoming["metadata"]["labels"] = {{"a", "b"}};
  incoming["status"] = {{"replicas", 9}};
  auto same_spec = PrepareForUpdate(*deployments, "", current, incoming);
  REQUIRE(same_spec.ok());
  CHECK((*same_spec)["metadata"]["uid"] == "u1");
  CHECK((*same_spec)["metadata"]["generation"] == 1);
  CHECK((*same_spec)["metadata"]["labels"]["a"] == "b");
  CHECK((*same_spec)["status"]["replicas"] == 1);  // status is the /status endpoint's

  incoming["spec"]["replicas"] = 3;
  auto new_spec = PrepareForUpdate(*deployments, "", current, incoming);
  REQUIRE(new_spec.ok());
  CHECK((*new_spec)["metadata"]["generation"] == 2);

  auto status = PrepareForUpdate(*deployments, "status", current, incoming);
  REQUIRE(status.ok());
  CHECK((*status)["status"]["replicas"] == 9);
  CHECK((*status)["spec"]["replicas"] == 1);  // spec is not the /status endpoint's
  CHECK((*status)["metadata"]["generation"] == 1);
  CHECK((*status)["metadata"]["labels"]["a"] == "b");
  CHECK_FALSE((*status)["metadata"].contains("resourceVersion"));

  // Through /status, members other than status and metadata are the current
  // object's: added ones go, removed ones come back; no status, none kept.
  Json odd = incoming;
  odd["extra"] = 1;
  odd.erase("spec");
  odd.erase("status");
  auto restored = PrepareForUpdate(*deployments, "status", current, odd);
  REQUIRE(restored.ok());
  CHECK_FALSE(restored->contains("extra"));
  CHECK((*restored)["spec"] == current["spec"]);
  CHECK_FALSE(restored->contains("status"));
  CHECK((*restored)["kind"] == "Deployment");

  Json renamed = current;
  renamed["metadata"]["name"] = "other";
  CHECK(PrepareForUpdate(*deployments, "", current, renamed).status().code() == StatusCode::kBadRequest);
}

}  // namespace
}  // namespace k1s::apiserver
