#include "pkg/controller/common/pods.h"
#include "pkg/controller/common/status_util.h"
#include "pkg/controller/deployment/deployment_sync.h"
#include "pkg/util/time_format.h"

namespace k1s::controller::deployment {

namespace {

constexpr const char* kProgressing = "Progressing";

std::string NewRsName(const Json* rs) { return rs == nullptr ? "" : (*rs)["metadata"].value("name", ""); }

Clock::time_point ConditionTime(const Json& c, const char* field) {
  auto t = ParseRfc3339(c.value(field, ""));
  return t ? *t : Clock::time_point{};
}

}  // namespace

Json DeploymentSync::CalculateStatus() const {
  const int64_t available = SumReplicas(false, "availableReplicas");
  const int64_t total = SumReplicas(true, nullptr);
  Json status = d_.value("status", Json::object());
  if (!status.is_object()) status = Json::object();
  status["observedGeneration"] = d_["metadata"].value("generation", int64_t{0});
  status["replicas"] = SumReplicas(false, "replicas");
  status["updatedReplicas"] = new_rs_ ? StatusInt(rss_[*new_rs_], "replicas") : 0;
  status["readyReplicas"] = SumReplicas(false, "readyReplicas");
  status["availableReplicas"] = available;
  status["unavailableReplicas"] = std::max<int64_t>(0, total - available);
  Json conditions = status.value("conditions", Json::array());
  if (available >= Replicas(d_) - MaxUnavailable(d_)) {
    common::SetCondition(conditions, "Available", "True", "MinimumReplicasAvailable",
                         "Deployment has minimum availability.", clock_.Now(), true);
  } else {
    common::SetCondition(conditions, "Available", "False", "MinimumReplicasUnavailable",
                         "Deployment does not have minimum availability.", clock_.Now(), true);
  }
  status["conditions"] = conditions;
  common::DropZeroFields(status, {});
  return status;
}

bool DeploymentSync::Complete(const Json& status) const {
  const int64_t want = Replicas(d_);
  return status.value("updatedReplicas", int64_t{0}) == want &&
         status.value("replicas", int64_t{0}) == want &&
         status.value("availableReplicas", int64_t{0}) == want &&
         status.value("observedGeneration", int64_t{0}) >= d_["metadata"].value("generation", int64_t{0});
}

Status DeploymentSync::WriteStatus(const Json& status) {
  if (d_.contains("status") && d_["status"] == status) return Status::Ok();
  Json updated = d_;
  updated["status"] = status;
  K1S_ASSIGN_OR_RETURN(Json written, client_.Update(client::resources::kDeployments,
                                                    d_["metadata"].value("namespace", ""), updated, "status"));
  d_ = std::move(written);
  return Status::Ok();
}

Status DeploymentSync::SyncStatusOnly() {
  K1S_RETURN_IF_ERROR(FindOrCreateNewRs(false));
  return WriteStatus(CalculateStatus());
}

Status DeploymentSync::CheckPausedConditions() {
  if (!d_["spec"].contains("progressDeadlineSeconds")) return Status::Ok();
  Json status = d_.value("status", Json::object());
  if (!status.is_object()) status = Json::object();
  Json conditions = status.value("conditions", Json::array());
  const Json* cond = common::FindCondition(conditions, kProgressing);
  if (cond != nullptr && cond->value("reason", "") == "ProgressDeadlineExceeded") return Status::Ok();
  const bool paused = d_["spec"].value("paused", false);
  const bool marked = cond != nullptr && cond->value("reason", "") == "DeploymentPaused";
  if (paused && !marked) {
    common::SetCondition(conditions, kProgressing, "Unknown", "DeploymentPaused", "Deployment is paused",
                         clock_.Now(), true);
  } else if (!paused && marked) {
    common::SetCondition(conditions, kProgressing, "Unknown", "DeploymentResumed",
                         "Deployment is resumed", clock_.Now(), true);
  } else {
    return Status::Ok();
  }
  status["conditions"] = conditions;
  return WriteStatus(status);
}

Status DeploymentSync::SyncRolloutStatus() {
  Json status = CalculateStatus();
  Json conditions = status.value("conditions", Json::array());
  const Json* nrs = new_rs_ ? &rss_[*new_rs_] : nullptr;
  const bool has_deadline = d_["spec"].contains("progressDeadlineSeconds") &&
                            d_["spec"]["progressDeadlineSeconds"].is_number_integer();
  const Json* cond = common::FindCondition(conditions, kProgressing);
  const bool complete_already = status.value("replicas", int64_t{0}) == status.value("updatedReplicas", int64_t{0}) &&
                                cond != nullptr && cond->value("reason", "") == "NewReplicaSetAvailable";
  const auto now = clock_.Now();
  if (has_deadline && !complete_already) {
    const Json old = d_.value("status", Json::object());
    auto get = [](const Json& s, const char* f) { return s.is_object() ? s.value(f, int64_t{0}) : 0; };
    const bool progressing =
        get(status, "updatedReplicas") > get(old, "updatedReplicas") ||
        get(status, "replicas") - get(status, "updatedReplicas") < get(old, "replicas") - get(old, "updatedReplicas") ||
        get(status, "readyReplicas") > get(old, "readyReplicas") ||
        get(status, "availableReplicas") > get(old, "availableReplicas");
    const int64_t deadline = d_["spec"]["progressDeadlineSeconds"].get<int64_t>();
    bool timed_out = false;
    if (cond != nullptr) {
      const std::string reason = cond->value("reason", "");
      timed_out = reason == "ProgressDeadlineExceeded" ||
                  (reason != "NewReplicaSetAvailable" &&
                   ConditionTime(*cond, "lastUpdateTime") + std::chrono::seconds(deadline) < now);
    }
    if (Complete(status)) {
      if (nrs != nullptr) {
        common::SetCondition(conditions, kProgressing, "True", "NewReplicaSetAvailable",
                             "ReplicaSet \"" + NewRsName(nrs) + "\" has successfully progressed.", now, true);
      }
    } else if (progressing) {
      // Progress refreshes lastUpdateTime even when nothing else changes.
      Json c = {{"type", kProgressing}, {"status", "True"}, {"reason", "ReplicaSetUpdated"},
                {"message", "ReplicaSet \"" + NewRsName(nrs) + "\" is progressing."},
                {"lastUpdateTime", FormatRfc3339(now)}, {"lastTransitionTime", FormatRfc3339(now)}};
      if (cond != nullptr && cond->value("status", "") == "True") {
        c["lastTransitionTime"] = cond->value("lastTransitionTime", FormatRfc3339(now));
      }
      common::RemoveCondition(conditions, kProgressing);
      conditions.push_back(std::move(c));
    } else if (timed_out) {
      common::SetCondition(conditions, kProgressing, "False", "ProgressDeadlineExceeded",
                           "ReplicaSet \"" + NewRsName(nrs) + "\" has timed out progressing.", now, true);
    }
    // Look again when the deadline would pass without news.
    if (const Json* c = common::FindCondition(conditions, kProgressing);
        c != nullptr && !Complete(status) && c->value("reason", "") != "ProgressDeadlineExceeded" &&
        c->value("reason", "") != "NewReplicaSetAvailable") {
      auto at = ConditionTime(*c, "lastUpdateTime") + std::chrono::seconds(deadline);
      auto wait = std::chrono::duration_cast<std::chrono::seconds>(at - now) + std::chrono::seconds(1);
      requeue_ = wait.count() > 0 ? wait : std::chrono::seconds(1);
    }
  }
  status["conditions"] = conditions;
  return WriteStatus(status);
}

Status DeploymentSync::Run(std::optional<std::chrono::seconds>* requeue_after) {
  Status s = [&]() -> Status {
    if (common::IsBeingDeleted(d_)) return SyncStatusOnly();
    K1S_RETURN_IF_ERROR(CheckPausedConditions());
    if (d_["spec"].value("paused", false)) {
      K1S_RETURN_IF_ERROR(FindOrCreateNewRs(false));
      K1S_RETURN_IF_ERROR(ScaleProportionally());
      return WriteStatus(CalculateStatus());
    }
    if (IsScalingEvent()) {
      K1S_RETURN_IF_ERROR(FindOrCreateNewRs(false));
      K1S_RETURN_IF_ERROR(ScaleProportionally());
      return WriteStatus(CalculateStatus());
    }
    return IsRollingUpdate(d_) ? RolloutRolling() : RolloutRecreate();
  }();
  *requeue_after = requeue_;
  return s;
}

}  // namespace k1s::controller::deployment
