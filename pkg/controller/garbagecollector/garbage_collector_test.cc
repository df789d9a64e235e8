#include "pkg/controller/garbagecollector/garbage_collector.h"

#include <doctest/doctest.h>

#include "pkg/controller/common/housekeeping_harness.h"
#include "pkg/controller/common/object_state.h"

namespace k1s::controller {
namespace {

using client::Json;
using testing::HousekeepingHarness;
namespace res = client::resources;

Json CreateConfigMap(HousekeepingHarness& h, const std::string& name, const Json& owner = nullptr,
                     bool block = false, const Json& finalizers = Json::array()) {
  Json cm{{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", name}}}};
  if (owner.is_object()) {
    cm["metadata"]["ownerReferences"] = Json::array({{{"apiVersion", "v1"},
                                                       {"kind", "ConfigMap"},
                                                       {"name", owner["metadata"]["name"]},
                                                       {"uid", owner["metadata"]["uid"]},
                                                       {"blockOwnerDeletion", block}}});
  }
  if (!finalizers.empty()) cm["metadata"]["finalizers"] = finalizers;
  auto created = h.api().Create(res::kConfigMaps, "default", cm);
  REQUIRE(created.ok());
  return *created;
}

bool Gone(HousekeepingHarness& h, const std::string& name) {
  return h.Get(res::kConfigMaps, "default", name).is_null();
}

TEST_CASE("background: dependents of a deleted owner are deleted, also across kinds") {
  HousekeepingHarness h;
  h.Start(StartGarbageCollector);
  Json owner = CreateConfigMap(h, "owner");
  CreateConfigMap(h, "dep", owner);
  Json pod = h.CreatePod("default", "owned-pod", {{"a", "b"}});
  REQUIRE(h.api().Patch(res::kPods, "default", "owned-pod", client::PatchType::kMergePatch,
                        Json{{"metadata", {{"ownerReferences", {{{"apiVersion", "v1"}, {"kind", "ConfigMap"},
                                                                  {"name", "owner"},
                                                                  {"uid", owner["metadata"]["uid"]}}}}}}})
              .ok());
  REQUIRE(h.api().Delete(res::kConfigMaps, "default", "owner", {.propagation_policy = "Background"}).ok());
  CHECK(HousekeepingHarness::Eventually([&] { return Gone(h, "dep"); }));
  CHECK(HousekeepingHarness::Eventually([&] { return h.Get(res::kPods, "default", "owned-pod").is_null(); }));
}

TEST_CASE("an owner reference whose uid does not match the object of that name counts as gone") {
  HousekeepingHarness h;
  h.Start(StartGarbageCollector);
  Json impostor = CreateConfigMap(h, "owner");
  impostor["metadata"]["uid"] = "00000000-0000-0000-0000-000000000000";
  CreateConfigMap(h, "dep", impostor);
  Json solid_owner = CreateConfigMap(h, "solid");
  CreateConfigMap(h, "kept", solid_owner);
  CHECK(HousekeepingHarness::Eventually([&] { return Gone(h, "dep"); }));
  CHECK_FALSE(Gone(h, "kept"));
}

TEST_CASE("orphan: dependents lose the owner reference and stay") {
  HousekeepingHarness h;
  h.Start(StartGarbageCollector);
  Json owner = CreateConfigMap(h, "owner");
  CreateConfigMap(h, "dep", owner);
  REQUIRE(h.api().Delete(res::kConfigMaps, "default", "owner", {.propagation_policy = "Orphan"}).ok());
  CHECK(HousekeepingHarness::Eventually([&] { return Gone(h, "owner"); }));
  Json dep = h.Get(res::kConfigMaps, "default", "dep");
  REQUIRE(dep.is_object());
  CHECK_FALSE(dep["metadata"].contains("ownerReferences"));
}

TEST_CASE("foreground: the owner waits for dependents that block its deletion") {
  HousekeepingHarness h;
  h.Start(StartGarbageCollector);
  Json owner = CreateConfigMap(h, "owner");
  CreateConfigMap(h, "blocker", owner, /*block=*/true, {"example.com/hold"});
  CreateConfigMap(h, "free", owner);
  REQUIRE(h.api().Delete(res::kConfigMaps, "default", "owner", {.propagation_policy = "Foreground"}).ok());
  CHECK(HousekeepingHarness::Eventually([&] { return Gone(h, "free"); }));
  CHECK(HousekeepingHarness::Eventually([&] { return IsBeingDeleted(h.Get(res::kConfigMaps, "default", "blocker")); }));
  Json held = h.Get(res::kConfigMaps, "default", "owner");
  REQUIRE(held.is_object());
  CHECK(HasFinalizer(held, "foregroundDeletion"));
  REQUIRE(h.api().Patch(res::kConfigMaps, "default", "blocker", client::PatchType::kMergePatch,
                        Json{{"metadata", {{"finalizers", nullptr}}}}).ok());
  CHECK(HousekeepingHarness::Eventually([&] { return Gone(h, "blocker") && Gone(h, "owner"); }));
}

}  // namespace
}  // namespace k1s::controller
