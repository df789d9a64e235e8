#include <doctest/doctest.h>

#include "pkg/controller/common/status_util.h"
#include "pkg/controller/hpa/hpa_controller.h"
#include "pkg/controller/testing/workload_harness.h"

namespace k1s::controller::hpa {
namespace {

using client::Json;
using testing::WorkloadHarness;
namespace res = client::resources;

TEST_CASE("without metrics an HPA keeps its target within bounds and says why it cannot act") {
  WorkloadHarness h;
  h.Start(StartHpaController);
  Json d = {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"metadata", {{"name", "web"}}},
            {"spec", {{"replicas", 1}, {"selector", {{"matchLabels", {{"app", "web"}}}}},
                      {"template", WorkloadHarness::PodTemplate({{"app", "web"}})}}}};
  REQUIRE(h.api().Create(res::kDeployments, "default", d).ok());
  Json hpa = {{"apiVersion", "autoscaling/v2"}, {"kind", "HorizontalPodAutoscaler"}, {"metadata", {{"name", "web"}}},
              {"spec", {{"scaleTargetRef", {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", "web"}}},
                        {"minReplicas", 2}, {"maxReplicas", 5},
                        {"metrics", Json::array({{{"type", "Resource"},
                                                  {"resource", {{"name", "cpu"}, {"target", {{"type", "Utilization"}, {"averageUtilization", 50}}}}}}})}}}};
  REQUIRE(h.api().Create(res::kHorizontalPodAutoscalers, "default", hpa).ok());
  // Below minReplicas: raised to it.
  REQUIRE(WorkloadHarness::Eventually([&] { return h.Get(res::kDeployments, "web")["spec"].value("replicas", 0) == 2; }));
  // Then nothing to compute from: ScalingActive is False.
  REQUIRE(h.api().Patch(res::kHorizontalPodAutoscalers, "default", "web", client::PatchType::kMergePatch,
                        {{"metadata", {{"labels", {{"poke", "1"}}}}}}).ok());
  CHECK(WorkloadHarness::Eventually([&] {
    const Json conditions = h.Get(res::kHorizontalPodAutoscalers, "web")["status"].value("conditions", Json::array());
    const Json* c = common::FindCondition(conditions, "ScalingActive");
    return c != nullptr && c->value("reason", "") == "FailedGetResourceMetric" && c->value("status", "") == "False";
  }));
  CHECK(h.Get(res::kHorizontalPodAutoscalers, "web")["status"].value("currentReplicas", 0) == 2);
}

}  // namespace
}  // namespace k1s::controller::hpa
