#include "pkg/controller/namespace/namespace_controller.h"

#include <doctest/doctest.h>

#include "pkg/controller/common/housekeeping_harness.h"
#include "pkg/controller/common/object_state.h"

namespace k1s::controller {
namespace {

using client::Json;
using testing::HousekeepingHarness;
namespace res = client::resources;

Json ConfigMap(const std::string& name, const Json& finalizers = Json::array()) {
  Json cm{{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", name}}}};
  if (!finalizers.empty()) cm["metadata"]["finalizers"] = finalizers;
  return cm;
}

std::string ConditionMessage(const Json& ns, const char* type) {
  const Json* c = FindCondition(ns, type);
  return c == nullptr ? "" : c->value("message", "");
}

TEST_CASE("deleting a namespace marks it Terminating, empties it, reports what is left and removes it") {
  HousekeepingHarness h;
  h.Start(StartNamespaceController);
  REQUIRE(h.api().Create(res::kNamespaces, "", Json{{"metadata", {{"name", "doomed"}}}}).ok());
  REQUIRE(h.api().Create(res::kConfigMaps, "doomed", ConfigMap("plain")).ok());
  REQUIRE(h.api().Create(res::kConfigMaps, "doomed", ConfigMap("held", {"example.com/hold"})).ok());
  h.CreatePod("doomed", "p", {{"app", "x"}});

  REQUIRE(h.api().Delete(res::kNamespaces, "", "doomed").ok());
  Json ns = h.Get(res::kNamespaces, "", "doomed");
  REQUIRE(ns.is_object());
  CHECK(ns["status"]["phase"] == "Terminating");
  // A terminating namespace takes no new content.
  auto refused = h.api().Create(res::kConfigMaps, "doomed", ConfigMap("late"));
  CHECK(refused.status().code() == StatusCode::kForbidden);

  CHECK(HousekeepingHarness::Eventually([&] {
    Json n = h.Get(res::kNamespaces, "", "doomed");
    return ConditionMessage(n, "NamespaceFinalizersRemaining") ==
               "Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances" &&
           ConditionMessage(n, "NamespaceContentRemaining") ==
               "Some resources are remaining: configmaps. has 1 resource instances";
  }));
  CHECK(h.Get(res::kConfigMaps, "doomed", "plain").is_null());
  CHECK(h.Get(res::kPods, "doomed", "p").is_null());
  Json n = h.Get(res::kNamespaces, "", "doomed");
  const Json* failure = FindCondition(n, "NamespaceDeletionContentFailure");
  REQUIRE(failure != nullptr);
  CHECK(failure->value("status", "") == "False");
  CHECK(failure->value("reason", "") == "ContentDeleted");

  // Deleting it again is refused as kube-apiserver does.
  CHECK(h.api().Delete(res::kNamespaces, "", "doomed").IsConflict());

  // The last finalizer goes; so does the namespace.
  REQUIRE(h.api().Patch(res::kConfigMaps, "doomed", "held", client::PatchType::kMergePatch,
                        Json{{"metadata", {{"finalizers", nullptr}}}}).ok());
  CHECK(HousekeepingHarness::Eventually([&] { return h.Get(res::kNamespaces, "", "doomed").is_null(); }));
}

TEST_CASE("PUT finalize empties spec.finalizers, which releases a terminating namespace") {
  HousekeepingHarness h;  // no controller: the API alone
  REQUIRE(h.api().Create(res::kNamespaces, "", Json{{"metadata", {{"name", "manual"}}}}).ok());
  Json ns = h.Get(res::kNamespaces, "", "manual");
  CHECK(ns["spec"]["finalizers"] == Json::array({"kubernetes"}));
  REQUIRE(h.api().Delete(res::kNamespaces, "", "manual").ok());
  ns = h.Get(res::kNamespaces, "", "manual");
  REQUIRE(ns.is_object());
  // A status write keeps it.
  ns["status"]["conditions"] = Json::array({{{"type", "X"}, {"status", "True"}}});
  auto status = h.api().Update(res::kNamespaces, "", ns, "status");
  REQUIRE(status.ok());
  CHECK(h.Get(res::kNamespaces, "", "manual").is_object());
  Json finalize = *status;
  finalize["spec"]["finalizers"] = Json::array();
  REQUIRE(h.api().Update(res::kNamespaces, "", finalize, "finalize").ok());
  CHECK(h.Get(res::kNamespaces, "", "manual").is_null());
}

}  // namespace
}  // namespace k1s::controller
