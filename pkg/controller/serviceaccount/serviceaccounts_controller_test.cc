#include "pkg/controller/serviceaccount/serviceaccounts_controller.h"

#include <doctest/doctest.h>

#include "pkg/controller/common/housekeeping_harness.h"

namespace k1s::controller {
namespace {

using client::Json;
using testing::HousekeepingHarness;
namespace res = client::resources;

TEST_CASE("every namespace gets the default ServiceAccount, put back when deleted") {
  HousekeepingHarness h;
  h.Start(StartServiceAccountsController);
  CHECK(HousekeepingHarness::Eventually([&] { return h.Get(res::kServiceAccounts, "kube-system", "default").is_object(); }));
  REQUIRE(h.api().Create(res::kNamespaces, "", Json{{"metadata", {{"name", "fresh"}}}}).ok());
  REQUIRE(HousekeepingHarness::Eventually([&] { return h.Get(res::kServiceAccounts, "fresh", "default").is_object(); }));
  REQUIRE(h.api().Delete(res::kServiceAccounts, "fresh", "default").ok());
  CHECK(HousekeepingHarness::Eventually([&] { return h.Get(res::kServiceAccounts, "fresh", "default").is_object(); }));
}

TEST_CASE("every namespace gets kube-root-ca.crt with the cluster CA, restored when changed") {
  HousekeepingHarness h;
  h.Start(StartRootCaPublisher);
  REQUIRE(h.api().Create(res::kNamespaces, "", Json{{"metadata", {{"name", "fresh"}}}}).ok());
  REQUIRE(HousekeepingHarness::Eventually([&] { return h.Get(res::kConfigMaps, "fresh", "kube-root-ca.crt").is_object(); }));
  Json cm = h.Get(res::kConfigMaps, "fresh", "kube-root-ca.crt");
  CHECK(cm["data"]["ca.crt"] == h.options.root_ca_pem);
  cm["data"]["ca.crt"] = "tampered";
  REQUIRE(h.api().Update(res::kConfigMaps, "fresh", cm).ok());
  CHECK(HousekeepingHarness::Eventually([&] {
    return h.Get(res::kConfigMaps, "fresh", "kube-root-ca.crt")["data"]["ca.crt"] == h.options.root_ca_pem;
  }));
}

}  // namespace
}  // namespace k1s::controller
