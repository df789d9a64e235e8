#include "pkg/controller/endpointslice/endpointslice_controller.h"

#include <doctest/doctest.h>

#include "pkg/controller/common/housekeeping_harness.h"

namespace k1s::controller {
namespace {

using client::Json;
using testing::HousekeepingHarness;
namespace res = client::resources;

Json Service(const std::string& name) {
  return {{"apiVersion", "v1"},
          {"kind", "Service"},
          {"metadata", {{"name", name}}},
          {"spec", {{"selector", {{"app", name}}}, {"ports", {{{"name", "http"}, {"port", 80}, {"targetPort", "http"}}}}}}};
}

Json NamedPort(int port) { return Json::array({{{"name", "http"}, {"containerPort", port}}}); }

std::vector<Json> Slices(HousekeepingHarness& h, const std::string& service) {
  auto list = h.api().List(res::kEndpointSlices, "default", {.label_selector = "kubernetes.io/service-name=" + service});
  std::vector<Json> out;
  if (list.ok()) {
    for (const Json& s : (*list)["items"]) out.push_back(s);
  }
  return out;
}

TEST_CASE("EndpointSlices carry conditions, resolved ports, labels and the Service as owner") {
  HousekeepingHarness h;
  h.Start(StartEndpointSliceController);
  auto service = h.api().Create(res::kServices, "default", Service("web"));
  REQUIRE(service.ok());
  h.CreatePod("default", "a", {{"app", "web"}}, NamedPort(8080), "node-1");
  h.CreatePod("default", "b", {{"app", "web"}}, NamedPort(8080));
  h.SetPodStatus("default", "a", "10.42.0.5", true);
  h.SetPodStatus("default", "b", "10.42.0.6", false);

  REQUIRE(HousekeepingHarness::Eventually([&] {
    auto s = Slices(h, "web");
    return s.size() == 1 && s[0].value("endpoints", Json::array()).size() == 2;
  }));
  Json slice = Slices(h, "web")[0];
  CHECK(slice["addressType"] == "IPv4");
  CHECK(slice["metadata"]["name"].get<std::string>().rfind("web-", 0) == 0);
  CHECK(slice["metadata"]["labels"]["endpointslice.kubernetes.io/managed-by"] == "endpointslice-controller.k8s.io");
  CHECK(slice["metadata"]["ownerReferences"][0]["uid"] == (*service)["metadata"]["uid"]);
  CHECK(slice["ports"] == Json::parse(R"([{"name":"http","port":8080,"protocol":"TCP"}])"));
  Json a = slice["endpoints"][0], b = slice["endpoints"][1];
  CHECK(a["addresses"] == Json::array({"10.42.0.5"}));
  CHECK(a["conditions"] == Json::parse(R"({"ready":true,"serving":true,"terminating":false})"));
  CHECK(a["nodeName"] == "node-1");
  CHECK(a["targetRef"]["name"] == "a");
  CHECK(b["conditions"]["ready"] == false);

  // A pod being deleted stays, terminating and no longer ready.
  REQUIRE(h.api().Delete(res::kPods, "default", "a").ok());
  CHECK(HousekeepingHarness::Eventually([&] {
    auto s = Slices(h, "web");
    return s.size() == 1 && s[0]["endpoints"][0]["conditions"] ==
                                Json::parse(R"({"ready":false,"serving":true,"terminating":true})");
  }));
  REQUIRE(h.api().Delete(res::kServices, "default", "web").ok());
  CHECK(HousekeepingHarness::Eventually([&] { return Slices(h, "web").empty(); }));
}

TEST_CASE("a Service with 120 endpoints gets two slices of at most 100, and one empty slice with none") {
  HousekeepingHarness h;
  h.Start(StartEndpointSliceController);
  REQUIRE(h.api().Create(res::kServices, "default", Service("big")).ok());
  REQUIRE(h.api().Create(res::kServices, "default", Service("empty")).ok());
  for (int i = 0; i < 120; ++i) {
    std::string name = "p" + std::to_string(i);
    h.CreatePod("default", name, {{"app", "big"}}, NamedPort(8080));
    h.SetPodStatus("default", name, "10.42.0." + std::to_string(i + 1), true);
  }
  CHECK(HousekeepingHarness::Eventually([&] {
    auto s = Slices(h, "big");
    size_t total = 0, largest = 0;
    for (const Json& slice : s) {
      total += slice.value("endpoints", Json::array()).size();
      largest = std::max(largest, slice.value("endpoints", Json::array()).size());
    }
    return s.size() == 2 && total == 120 && largest == 100;
  }));
  CHECK(HousekeepingHarness::Eventually([&] {
    auto s = Slices(h, "empty");
    return s.size() == 1 && s[0].value("endpoints", Json::array()).empty();
  }));
}

}  // namespace
}  // namespace k1s::controller
