#include "pkg/controller/replicaset/replicaset_controller.h"

#include <algorithm>

#include "pkg/client/event_recorder.h"
#include "pkg/controller/common/expectations.h"
#include "pkg/controller/common/housekeeping_base.h"
#include "pkg/controller/common/owner.h"
#include "pkg/controller/common/pod_control.h"
#include "pkg/controller/common/pods.h"
#include "pkg/controller/common/status_util.h"

namespace k1s::controller::replicaset {

namespace {

using client::Json;
using client::ObjectPtr;

// Pods are created in batches of 1, 2, 4, ... so that a quota or admission
// error stops after one failure instead of 500 ("slow start").
constexpr int kBurstReplicas = 500;

struct Kind {
  client::ResourceId resource;
  std::string api_version;
  std::string kind;
  std::string component;
  bool map_selector;  // ReplicationController: spec.selector is a label map
};

const Kind kReplicaSetKind{client::resources::kReplicaSets, "apps/v1", "ReplicaSet",
                           "replicaset-controller", false};
const Kind kRcKind{client::resources::kReplicationControllers, "v1", "ReplicationController",
                   "replication-controller", true};

class ReplicaSetController final : public HousekeepingController {
 public:
  ReplicaSetController(ControllerContext& ctx, Kind kind)
      : HousekeepingController(ctx), kind_(std::move(kind)),
        recorder_(ctx.client, kind_.component, ctx.clock, ctx.log),
        pod_control_(ctx.client, recorder_), expectations_(ctx.clock) {}
  ~ReplicaSetController() override { Stop(); }

  void Start() {
    sets_ = &Watch(kind_.resource, {[this](const ObjectPtr& o) { Enqueue(o); },
                                    [this](const ObjectPtr&, const ObjectPtr& o) { Enqueue(o); },
                                    [this](const ObjectPtr& o) {
                                      expectations_.Forget(client::ObjectKey(*o));
                                      Enqueue(o);
                                    }});
    pods_ = &Watch(client::resources::kPods,
                   {[this](const ObjectPtr& p) { PodAdded(*p); },
                    [this](const ObjectPtr& old, const ObjectPtr& p) { PodUpdated(*old, *p); },
                    [this](const ObjectPtr& p) { PodDeleted(*p); }});
    Run();
  }

  void Stop() override {
    HousekeepingController::Stop();
    recorder_.Stop();
  }

 private:
  Result<LabelSelector> SelectorOf(const Json& set) const {
    const Json spec = set.value("spec", Json::object());
    if (kind_.map_selector) {
      Json sel = spec.value("selector", Json());
      if (!sel.is_object() || sel.empty()) {
        sel = spec.value("template", Json::object()).value("metadata", Json::object()).value("labels", Json::object());
      }
      return LabelSelector::FromJson(Json{{"matchLabels", sel}}, "spec.selector");
    }
    return LabelSelector::FromJson(spec.value("selector", Json()), "spec.selector");
  }

  // The key of the set controlling `pod`, or "".
  std::string OwnerKey(const Json& pod) const {
    auto ref = common::ControllerRef(pod);
    if (!ref || ref->value("kind", "") != kind_.kind) return "";
    const std::string ns = pod["metadata"].value("namespace", "");
    ObjectPtr set = sets_->Get(ns, ref->value("name", ""));
    if (set == nullptr || (*set)["metadata"].value("uid", "") != ref->value("uid", "")) return "";
    return client::ObjectKey(*set);
  }

  // Orphans: every set of the namespace whose selector matches may adopt.
  void EnqueueMatchingSets(const Json& pod) {
    for (const ObjectPtr& set : sets_->ListNamespace(pod["metadata"].value("namespace", ""))) {
      auto sel = SelectorOf(*set);
      if (sel.ok() && sel->MatchesObject(pod)) Enqueue(set);
    }
  }

  void PodAdded(const Json& pod) {
    if (common::IsBeingDeleted(pod)) {
      PodDeleted(pod);
      return;
    }
    if (!common::ControllerRef(pod)) {
      EnqueueMatchingSets(pod);
      return;
    }
    const std::string key = OwnerKey(pod);
    if (key.empty()) return;
    expectations_.CreationObserved(key);
    queue().Add(key);
  }

  void PodUpdated(const Json& old, const Json& pod) {
    const std::string key = OwnerKey(pod);
    const std::string old_key = OwnerKey(old);
    if (common::IsBeingDeleted(pod) && !common::IsBeingDeleted(old) && !key.empty()) {
      expectations_.DeletionObserved(key);
    }
    if (!old_key.empty() && old_key != key) queue().Add(old_key);
    if (!key.empty()) {
      queue().Add(key);
    } else if (!common::ControllerRef(pod) && !common::IsBeingDeleted(pod)) {
      EnqueueMatchingSets(pod);
    }
  }

  void PodDeleted(const Json& pod) {
    const std::string key = OwnerKey(pod);
    if (key.empty()) return;
    if (!common::IsBeingDeleted(pod) || pod["metadata"].value("deletionGracePeriodSeconds", 0) == 0) {
      expectations_.DeletionObserved(key);
    }
    queue().Add(key);
  }

  Status Sync(const std::string& key) override {
    ObjectPtr cached = sets_->Get(key);
    if (cached == nullptr) {
      expectations_.Forget(key);
      return Status::Ok();
    }
    // Expectations are read before the pods: a deletion observed between the
    // two would otherwise leave a terminating pod counted as live, to be
    // deleted again and waited for (five minutes) with no event to come.
    const bool satisfied = expectations_.Satisfied(key);
    const Json set = common::WithKind(*cached, kind_.api_version, kind_.kind);
    const std::string ns = set["metadata"].value("namespace", "");
    K1S_ASSIGN_OR_RETURN(LabelSelector selector, SelectorOf(set));
    const common::Claimer claimer{client_, client::resources::kPods, set, kind_.api_version, kind_.kind, selector};
    std::vector<ObjectPtr> active = pods_->ListNamespace(
        ns, [&](const Json& p) { return common::IsPodActive(p) && common::MayClaim(claimer, p); });
    std::vector<Json> owned = common::Claim(claimer, active);

    Status manage;
    if (satisfied && !common::IsBeingDeleted(set)) {
      manage = Manage(key, set, owned);
    }
    Status status = UpdateStatus(set, owned, manage);
    if (!manage.ok()) return manage;
    return status;
  }

  Status Manage(const std::string& key, const Json& set, std::vector<Json>& pods) {
    const std::string ns = set["metadata"].value("namespace", "");
    const int64_t want = set["spec"].value("replicas", int64_t{1});
    const int64_t diff = static_cast<int64_t>(pods.size()) - want;
    if (diff < 0) {
      const int n = static_cast<int>(std::min<int64_t>(-diff, kBurstReplicas));
      expectations_.Expect(key, n, 0);
      const Json pod = common::PodFromTemplate(set["spec"].value("template", Json::object()), set,
                                               kind_.api_version, kind_.kind,
                                               set["metadata"].value("name", ""));
      int done = 0;
      for (int batch = 1; done < n; batch *= 2) {
        const int size = std::min(batch, n - done);
        for (int i = 0; i < size; ++i) {
          auto created = pod_control_.Create(ns, pod, set);
          if (!created.ok()) {
            // The ones not created will never be observed.
            expectations_.Lower(key, n - done - i, 0);
            return created.status();
          }
        }
        done += size;
      }
    } else if (diff > 0) {
      std::sort(pods.begin(), pods.end(), common::DeleteBefore);
      expectations_.Expect(key, 0, static_cast<int>(diff));
      for (int64_t i = 0; i < diff; ++i) {
        Status s = pod_control_.Delete(ns, pods[i]["metadata"].value("name", ""), set);
        if (!s.ok()) {
          expectations_.Lower(key, 0, static_cast<int>(diff - i));
          return s;
        }
      }
    }
    return Status::Ok();
  }

  Status UpdateStatus(const Json& set, const std::vector<Json>& pods, const Status& manage) {
    const Json spec = set["spec"];
    const int64_t min_ready = spec.value("minReadySeconds", int64_t{0});
    const LabelSelector template_labels = LabelSelector::FromMap(common::LabelsOf(spec.value("template", Json::object())));
    const auto now = clock_.Now();
    int64_t fully = 0, ready = 0, available = 0;
    std::chrono::seconds recheck(0);
    for (const Json& p : pods) {
      if (template_labels.MatchesObject(p)) ++fully;
      if (common::IsPodReady(p)) ++ready;
      if (common::IsPodAvailable(p, min_ready, now)) {
        ++available;
      } else {
        auto wait = common::UntilAvailable(p, min_ready, now);
        if (wait.count() > 0 && (recheck.count() == 0 || wait < recheck)) recheck = wait;
      }
    }
    Json status = set.value("status", Json::object());
    status["replicas"] = static_cast<int64_t>(pods.size());
    status["fullyLabeledReplicas"] = fully;
    status["readyReplicas"] = ready;
    status["availableReplicas"] = available;
    status["observedGeneration"] = set["metadata"].value("generation", int64_t{0});
    Json conditions = status.value("conditions", Json::array());
    if (!manage.ok() && manage.code() != StatusCode::kConflict) {
      common::SetCondition(conditions, "ReplicaFailure", "True", "FailedCreate", manage.message(), now);
    } else if (manage.ok()) {
      common::RemoveCondition(conditions, "ReplicaFailure");
    }
    if (conditions.empty()) {
      status.erase("conditions");
    } else {
      status["conditions"] = conditions;
    }
    common::DropZeroFields(status, {"replicas"});
    if (recheck.count() > 0) queue().AddAfter(client::ObjectKey(set), recheck);
    if (set.contains("status") && set["status"] == status) return Status::Ok();
    Json updated = set;
    updated["status"] = status;
    auto r = client_.Update(kind_.resource, set["metadata"].value("namespace", ""), updated, "status");
    if (!r.ok() && !r.status().IsNotFound()) return r.status();
    return Status::Ok();
  }

  const Kind kind_;
  client::Informer* sets_ = nullptr;
  client::Informer* pods_ = nullptr;
  client::EventRecorder recorder_;
  common::PodControl pod_control_;
  common::Expectations expectations_;
};

Result<std::unique_ptr<Controller>> StartFor(ControllerContext& ctx, const Kind& kind) {
  auto c = std::make_unique<ReplicaSetController>(ctx, kind);
  c->Start();
  return std::unique_ptr<Controller>(std::move(c));
}

}  // namespace

Result<std::unique_ptr<Controller>> StartReplicaSetController(ControllerContext& ctx) {
  return StartFor(ctx, kReplicaSetKind);
}

Result<std::unique_ptr<Controller>> StartReplicationController(ControllerContext& ctx) {
  return StartFor(ctx, kRcKind);
}

}  // namespace k1s::controller::replicaset
