#include "pkg/controller/hpa/hpa_controller.h"

#include <optional>

#include "pkg/client/event_recorder.h"
#include "pkg/controller/common/housekeeping_base.h"
#include "pkg/controller/common/pod_control.h"
#include "pkg/controller/common/status_util.h"
#include "pkg/util/time_format.h"

namespace k1s::controller::hpa {

namespace {

using client::Json;
using client::ObjectPtr;

// kube-controller-manager's --horizontal-pod-autoscaler-sync-period.
constexpr auto kResync = std::chrono::seconds(15);

// The scalable kinds an HPA may target, by kind.
std::optional<client::ResourceId> TargetResource(const Json& ref) {
  const std::string kind = ref.value("kind", "");
  if (kind == "Deployment") return client::resources::kDeployments;
  if (kind == "ReplicaSet") return client::resources::kReplicaSets;
  if (kind == "StatefulSet") return client::resources::kStatefulSets;
  if (kind == "ReplicationController") return client::resources::kReplicationControllers;
  return std::nullopt;
}

// The metric the HPA asks for first, as Kubernetes names it in messages.
std::string FirstMetric(const Json& spec) {
  for (const Json& m : spec.value("metrics", Json::array())) {
    if (m.value("type", "") == "Resource") return m["resource"].value("name", "cpu");
  }
  return "cpu";
}

class HpaController final : public HousekeepingController {
 public:
  explicit HpaController(ControllerContext& ctx)
      : HousekeepingController(ctx), recorder_(ctx.client, "horizontal-pod-autoscaler", ctx.clock, ctx.log) {}
  ~HpaController() override { Stop(); }

  void Start() {
    hpas_ = &Watch(client::resources::kHorizontalPodAutoscalers,
                   {[this](const ObjectPtr& o) { Enqueue(o); },
                    [this](const ObjectPtr&, const ObjectPtr& o) { Enqueue(o); }, nullptr});
    Run();
  }

  void Stop() override {
    HousekeepingController::Stop();
    recorder_.Stop();
  }

  Status Sync(const std::string& key) override {
    ObjectPtr cached = hpas_->Get(key);
    if (cached == nullptr) return Status::Ok();
    Json hpa = common::WithKind(*cached, "autoscaling/v2", "HorizontalPodAutoscaler");
    queue().AddAfter(key, kResync);
    const std::string ns = hpa["metadata"].value("namespace", "");
    const Json spec = hpa.value("spec", Json::object());
    const Json ref = spec.value("scaleTargetRef", Json::object());
    const auto now = clock_.Now();
    Json status = hpa.value("status", Json::object());
    if (!status.is_object()) status = Json::object();
    Json conditions = status.value("conditions", Json::array());

    auto target = TargetResource(ref);
    Result<Json> scale = target ? client_.Get(*target, ns, ref.value("name", ""), "scale")
                                : Result<Json>(Status::NotFound("no scale for kind " + ref.value("kind", "")));
    if (!scale.ok()) {
      const std::string msg = "the HPA controller was unable to get the target's current scale: " + scale.status().message();
      common::SetCondition(conditions, "AbleToScale", "False", "FailedGetScale", msg, now);
      recorder_.Event(hpa, "Warning", "FailedGetScale", scale.status().message());
      status["conditions"] = conditions;
      return Write(hpa, status);
    }
    const int64_t current = (*scale)["spec"].value("replicas", int64_t{0});
    const int64_t min = spec.value("minReplicas", int64_t{1});
    const int64_t max = spec.value("maxReplicas", int64_t{1});
    status["currentReplicas"] = current;
    int64_t desired = current;
    std::string reason;
    if (current == 0 && min != 0) {
      common::SetCondition(conditions, "ScalingActive", "False", "ScalingDisabled",
                           "scaling is disabled since the replica count of the target is zero", now);
    } else if (current > max) {
      desired = max;
      reason = "Current number of replicas above Spec.MaxReplicas";
    } else if (current < min) {
      desired = min;
      reason = "Current number of replicas below Spec.MinReplicas";
    } else {
      const std::string metric = FirstMetric(spec);
      const std::string msg = "failed to get " + metric + " utilization: unable to get metrics for resource " +
                              metric + ": no metrics returned from resource metrics API";
      common::SetCondition(conditions, "AbleToScale", "True", "SucceededGetScale",
                           "the HPA controller was able to get the target's current scale", now);
      common::SetCondition(conditions, "ScalingActive", "False", "FailedGetResourceMetric",
                           "the HPA was unable to compute the replica count: " + msg, now);
      recorder_.Event(hpa, "Warning", "FailedGetResourceMetric", msg);
    }
    if (desired != current) {
      auto r = client_.Patch(*target, ns, ref.value("name", ""), client::PatchType::kMergePatch,
                             {{"spec", {{"replicas", desired}}}}, "scale");
      if (!r.ok()) {
        recorder_.Event(hpa, "Warning", "FailedRescale",
                        "New size: " + std::to_string(desired) + "; reason: " + reason + "; error: " + r.status().message());
        return r.status();
      }
      recorder_.Event(hpa, "Normal", "SuccessfulRescale", "New size: " + std::to_string(desired) + "; reason: " + reason);
      status["lastScaleTime"] = FormatRfc3339(now);
      common::SetCondition(conditions, "AbleToScale", "True", "SucceededRescale",
                           "the HPA controller was able to update the target scale to " + std::to_string(desired), now);
    }
    status["desiredReplicas"] = desired;
    status["conditions"] = conditions;
    return Write(hpa, status);
  }

 private:
  Status Write(const Json& hpa, const Json& status) {
    if (hpa.contains("status") && hpa["status"] == status) return Status::Ok();
    Json out = hpa;
    out["status"] = status;
    auto r = client_.Update(client::resources::kHorizontalPodAutoscalers, hpa["metadata"].value("namespace", ""),
                            out, "status");
    if (!r.ok() && !r.status().IsNotFound()) return r.status();
    return Status::Ok();
  }

  client::Informer* hpas_ = nullptr;
  client::EventRecorder recorder_;
};

}  // namespace

Result<std::unique_ptr<Controller>> StartHpaController(ControllerContext& ctx) {
  auto c = std::make_unique<HpaController>(ctx);
  c->Start();
  return std::unique_ptr<Controller>(std::move(c));
}

}  // namespace k1s::controller::hpa
