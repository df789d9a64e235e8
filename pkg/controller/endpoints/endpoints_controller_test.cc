#include "pkg/controller/endpoints/endpoints_controller.h"

#include <doctest/doctest.h>

#include "pkg/controller/common/housekeeping_harness.h"

namespace k1s::controller {
namespace {

using client::Json;
using testing::HousekeepingHarness;
namespace res = client::resources;

Json WebService(bool publish_not_ready = false) {
  return {{"apiVersion", "v1"},
          {"kind", "Service"},
          {"metadata", {{"name", "web"}, {"labels", {{"tier", "front"}}}}},
          {"spec",
           {{"selector", {{"app", "web"}}},
            {"publishNotReadyAddresses", publish_not_ready},
            {"ports",
             {{{"name", "http"}, {"port", 80}, {"targetPort", "http"}},
              {{"name", "metrics"}, {"port", 81}, {"targetPort", 9090}}}}}}};
}

Json NamedPort(int port) { return Json::array({{{"name", "http"}, {"containerPort", port}}}); }

Json Endpoints(HousekeepingHarness& h) { return h.Get(res::kEndpoints, "default", "web"); }

TEST_CASE("Endpoints list ready and unready pods by resolved ports, and drop pods being deleted") {
  HousekeepingHarness h;
  h.Start(StartEndpointsController);
  REQUIRE(h.api().Create(res::kServices, "default", WebService()).ok());
  h.CreatePod("default", "a", {{"app", "web"}}, NamedPort(8080), "node-1");
  h.CreatePod("default", "b", {{"app", "web"}}, NamedPort(8081));
  h.CreatePod("default", "no-ip", {{"app", "web"}}, NamedPort(8080));
  h.CreatePod("default", "other", {{"app", "db"}}, NamedPort(8080));
  h.SetPodStatus("default", "a", "10.42.0.5", true);
  h.SetPodStatus("default", "b", "10.42.0.6", false);
  h.SetPodStatus("default", "other", "10.42.0.7", true);

  REQUIRE(HousekeepingHarness::Eventually([&] {
    Json e = Endpoints(h);
    return e.is_object() && e.value("subsets", Json::array()).size() == 2;
  }));
  Json e = Endpoints(h);
  CHECK(e["metadata"]["labels"]["tier"] == "front");
  CHECK(e["metadata"]["annotations"].contains("endpoints.kubernetes.io/last-change-trigger-time"));
  // Subsets are ordered by their port lists; each pod's named port resolved.
  const Json a_subset = e["subsets"][0];
  const Json b_subset = e["subsets"][1];
  CHECK(a_subset["addresses"].size() == 1);
  CHECK(a_subset["addresses"][0]["ip"] == "10.42.0.5");
  CHECK(a_subset["addresses"][0]["nodeName"] == "node-1");
  CHECK(a_subset["addresses"][0]["targetRef"]["name"] == "a");
  CHECK(a_subset["ports"] == Json::parse(R"([{"name":"http","port":8080,"protocol":"TCP"},
                                             {"name":"metrics","port":9090,"protocol":"TCP"}])"));
  CHECK_FALSE(b_subset.contains("addresses"));
  CHECK(b_subset["notReadyAddresses"][0]["ip"] == "10.42.0.6");
  CHECK(b_subset["ports"][0]["port"] == 8081);

  // Pod "a" is bound, so deleting it only marks it; it leaves at once.
  REQUIRE(h.api().Delete(res::kPods, "default", "a").ok());
  CHECK(HousekeepingHarness::Eventually([&] {
    Json now = Endpoints(h);
    return now.value("subsets", Json::array()).size() == 1 &&
           now["subsets"][0]["notReadyAddresses"][0]["ip"] == "10.42.0.6";
  }));

  // The Service goes, and so do its Endpoints.
  REQUIRE(h.api().Delete(res::kServices, "default", "web").ok());
  CHECK(HousekeepingHarness::Eventually([&] { return Endpoints(h).is_null(); }));
}

TEST_CASE("publishNotReadyAddresses lists unready pods as addresses") {
  HousekeepingHarness h;
  h.Start(StartEndpointsController);
  REQUIRE(h.api().Create(res::kServices, "default", WebService(true)).ok());
  h.CreatePod("default", "b", {{"app", "web"}}, NamedPort(8081));
  h.SetPodStatus("default", "b", "10.42.0.6", false);
  CHECK(HousekeepingHarness::Eventually([&] {
    Json e = Endpoints(h);
    return e.is_object() && e.value("subsets", Json::array()).size() == 1 &&
           e["subsets"][0].contains("addresses") && !e["subsets"][0].contains("notReadyAddresses");
  }));
}

TEST_CASE("a pod that has none of a Service's named ports is not an endpoint") {
  Json service = WebService();
  service["spec"]["ports"] = Json::parse(R"([{"name":"http","port":80,"targetPort":"http"}])");
  auto pod = std::make_shared<const Json>(Json::parse(R"({"metadata":{"name":"x"},"spec":{"containers":[{"name":"c"}]},
      "status":{"phase":"Running","podIP":"10.0.0.1"}})"));
  CHECK(EndpointSubsets(service, {pod}).empty());
}

}  // namespace
}  // namespace k1s::controller
