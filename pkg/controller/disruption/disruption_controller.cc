#include "pkg/controller/disruption/disruption_controller.h"

#include <map>
#include <set>

#include "pkg/controller/common/housekeeping_base.h"
#include "pkg/controller/common/int_or_percent.h"
#include "pkg/controller/common/owner.h"
#include "pkg/controller/common/pods.h"
#include "pkg/controller/common/status_util.h"
#include "pkg/util/time_format.h"

namespace k1s::controller::disruption {

namespace {

using client::Json;
using client::ObjectPtr;

// An eviction the API granted but whose pod is not yet marked for deletion
// stops counting as healthy for this long (DeletionTimeout in Kubernetes).
constexpr auto kDisruptedPodTimeout = std::chrono::minutes(2);

class DisruptionController final : public HousekeepingController {
 public:
  explicit DisruptionController(ControllerContext& ctx) : HousekeepingController(ctx) {}
  ~DisruptionController() override { Stop(); }

  void Start() {
    pdbs_ = &Watch(client::resources::kPodDisruptionBudgets,
                   {[this](const ObjectPtr& o) { Enqueue(o); },
                    [this](const ObjectPtr&, const ObjectPtr& o) { Enqueue(o); }, nullptr});
    auto pod_changed = [this](const ObjectPtr& pod) { EnqueueBudgetsOf(*pod); };
    pods_ = &Watch(client::resources::kPods,
                   {pod_changed, [pod_changed](const ObjectPtr&, const ObjectPtr& p) { pod_changed(p); },
                    pod_changed});
    // The scale of the pods' controllers feeds expectedPods.
    auto scale_changed = [this](const ObjectPtr& o) {
      for (const ObjectPtr& pdb : pdbs_->ListNamespace((*o)["metadata"].value("namespace", ""))) Enqueue(pdb);
    };
    auto scale_updated = [scale_changed](const ObjectPtr&, const ObjectPtr& o) { scale_changed(o); };
    for (const auto& r : {client::resources::kReplicaSets, client::resources::kDeployments,
                          client::resources::kStatefulSets, client::resources::kReplicationControllers}) {
      informers_by_kind_[r.resource] = &Watch(r, {scale_changed, scale_updated, scale_changed});
    }
    Run();
  }

  Status Sync(const std::string& key) override {
    ObjectPtr cached = pdbs_->Get(key);
    if (cached == nullptr) return Status::Ok();
    const Json& pdb = *cached;
    const std::string ns = pdb["metadata"].value("namespace", "");
    const Json spec = pdb.value("spec", Json::object());
    Json status = pdb.value("status", Json::object());
    if (!status.is_object()) status = Json::object();
    const auto now = clock_.Now();

    auto selector = LabelSelector::FromJson(spec.value("selector", Json()), "spec.selector");
    std::vector<ObjectPtr> pods;
    if (selector.ok()) pods = pods_->ListNamespace(ns, [&](const Json& p) { return selector->MatchesObject(p); });
    // Evicted pods stay out of the healthy count until they are marked
    // deleted (then they leave it anyway) or the grant expires.
    Json disrupted = Json::object();
    const Json granted = status.value("disruptedPods", Json::object());
    for (const auto& [name, when] : granted.items()) {
      auto t = ParseRfc3339(when.is_string() ? when.get<std::string>() : "");
      ObjectPtr pod = pods_->Get(ns, name);
      if (t && pod != nullptr && !common::IsBeingDeleted(*pod) && *t + kDisruptedPodTimeout > now) {
        disrupted[name] = when;
      }
    }
    int64_t healthy = 0;
    for (const ObjectPtr& p : pods) {
      if (common::IsBeingDeleted(*p) || !common::IsPodReady(*p)) continue;
      if (disrupted.contains((*p)["metadata"].value("name", ""))) continue;
      ++healthy;
    }
    int64_t expected = static_cast<int64_t>(pods.size());
    int64_t desired = 0;
    Status failure;
    const Json min_available = spec.value("minAvailable", Json());
    const Json max_unavailable = spec.value("maxUnavailable", Json());
    if (!max_unavailable.is_null() || min_available.is_string()) {
      auto scale = ControllersScale(pods);
      if (!scale.ok()) {
        failure = scale.status();
      } else {
        expected = *scale;
      }
    }
    if (failure.ok()) {
      Result<int64_t> want = int64_t{0};
      if (!max_unavailable.is_null()) {
        auto mu = common::ScaledValue(max_unavailable, expected, true);
        want = mu.ok() ? Result<int64_t>(std::max<int64_t>(0, expected - *mu)) : Result<int64_t>(mu.status());
      } else if (!min_available.is_null()) {
        want = common::ScaledValue(min_available, expected, true);
      }
      if (want.ok()) {
        desired = *want;
      } else {
        failure = want.status();
      }
    }
    const int64_t allowed = failure.ok() ? std::max<int64_t>(0, healthy - desired) : 0;
    status["observedGeneration"] = pdb["metadata"].value("generation", int64_t{0});
    status["currentHealthy"] = healthy;
    status["desiredHealthy"] = desired;
    status["expectedPods"] = expected;
    status["disruptionsAllowed"] = allowed;
    if (disrupted.empty()) {
      status.erase("disruptedPods");
    } else {
      status["disruptedPods"] = disrupted;
    }
    Json conditions = status.value("conditions", Json::array());
    if (!failure.ok()) {
      common::SetCondition(conditions, "DisruptionAllowed", "False", "SyncFailed", failure.message(), now);
    } else if (allowed > 0) {
      common::SetCondition(conditions, "DisruptionAllowed", "True", "SufficientPods", "", now);
    } else {
      common::SetCondition(conditions, "DisruptionAllowed", "False", "InsufficientPods", "", now);
    }
    status["conditions"] = conditions;
    if (!disrupted.empty()) queue().AddAfter(key, std::chrono::seconds(30));
    if (pdb.contains("status") && pdb["status"] == status) return Status::Ok();
    Json updated = pdb;
    updated["status"] = status;
    // Conditional: an eviction may have just spent a disruption.
    auto r = client_.Update(client::resources::kPodDisruptionBudgets, ns, updated, "status");
    if (!r.ok() && !r.status().IsNotFound()) return r.status();
    return Status::Ok();
  }

 private:
  void EnqueueBudgetsOf(const Json& pod) {
    for (const ObjectPtr& pdb : pdbs_->ListNamespace(pod["metadata"].value("namespace", ""))) {
      auto sel = LabelSelector::FromJson((*pdb)["spec"].value("selector", Json()));
      if (sel.ok() && sel->MatchesObject(pod)) Enqueue(pdb);
    }
  }

  // The sum of spec.replicas of the pods' top controllers (a ReplicaSet's
  // Deployment, a StatefulSet, a ReplicationController). A pod with no such
  // controller makes percentages meaningless: an error, as in Kubernetes.
  Result<int64_t> ControllersScale(const std::vector<ObjectPtr>& pods) {
    std::map<std::string, int64_t> scale_by_uid;
    for (const ObjectPtr& p : pods) {
      auto ref = common::ControllerRef(*p);
      if (!ref) {
        return Status::Invalid("found no controller ref for pod \"" + (*p)["metadata"].value("name", "") + "\"");
      }
      const std::string ns = (*p)["metadata"].value("namespace", "");
      const std::string kind = ref->value("kind", "");
      ObjectPtr owner;
      if (kind == "ReplicaSet") {
        owner = informers_by_kind_.at("replicasets")->Get(ns, ref->value("name", ""));
        if (owner != nullptr) {
          auto up = common::ControllerRef(*owner);
          if (up && up->value("kind", "") == "Deployment") {
            ObjectPtr d = informers_by_kind_.at("deployments")->Get(ns, up->value("name", ""));
            if (d != nullptr) owner = d;
          }
        }
      } else if (kind == "StatefulSet") {
        owner = informers_by_kind_.at("statefulsets")->Get(ns, ref->value("name", ""));
      } else if (kind == "ReplicationController") {
        owner = informers_by_kind_.at("replicationcontrollers")->Get(ns, ref->value("name", ""));
      }
      if (owner == nullptr) {
        return Status::Invalid("found no controllers for pod \"" + (*p)["metadata"].value("name", "") + "\"");
      }
      scale_by_uid[(*owner)["metadata"].value("uid", "")] = (*owner)["spec"].value("replicas", int64_t{1});
    }
    int64_t sum = 0;
    for (const auto& [uid, n] : scale_by_uid) sum += n;
    return sum;
  }

  client::Informer* pdbs_ = nullptr;
  client::Informer* pods_ = nullptr;
  std::map<std::string, client::Informer*> informers_by_kind_;
};

}  // namespace

Result<std::unique_ptr<Controller>> StartDisruptionController(ControllerContext& ctx) {
  auto c = std::make_unique<DisruptionController>(ctx);
  c->Start();
  return std::unique_ptr<Controller>(std::move(c));
}

}  // namespace k1s::controller::disruption
