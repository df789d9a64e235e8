#include <algorithm>
#include <cmath>

#include "pkg/controller/common/owner.h"
#include "pkg/controller/common/pods.h"
#include "pkg/controller/deployment/deployment_sync.h"

namespace k1s::controller::deployment {

namespace {

int64_t AnnotationInt(const Json& rs, const char* key, int64_t fallback) {
  const Json ann = rs["metadata"].value("annotations", Json::object());
  if (!ann.is_object() || !ann.contains(key) || !ann[key].is_string()) return fallback;
  try {
    return std::stoll(ann[key].get<std::string>());
  } catch (...) {
    return fallback;
  }
}

}  // namespace

int64_t DeploymentSync::NewRsTarget() {
  const int64_t desired = Replicas(d_);
  const int64_t current_new = new_rs_ ? Replicas(rss_[*new_rs_]) : 0;
  const int64_t max_total = desired + MaxSurge(d_);
  const int64_t current = SumReplicas(true, nullptr);
  if (current >= max_total) return current_new;
  return current_new + std::min(max_total - current, desired - current_new);
}

Result<bool> DeploymentSync::ReconcileNewRs() {
  Json& rs = rss_[*new_rs_];
  const int64_t desired = Replicas(d_);
  if (Replicas(rs) == desired) return false;
  if (Replicas(rs) > desired) {
    K1S_RETURN_IF_ERROR(ScaleRs(rs, desired, "down"));
    return true;
  }
  const int64_t target = NewRsTarget();
  if (target == Replicas(rs)) return false;
  K1S_RETURN_IF_ERROR(ScaleRs(rs, target, "up"));
  return true;
}

Result<bool> DeploymentSync::ReconcileOldRss() {
  int64_t old_pods = 0;
  for (size_t i = 0; i < rss_.size(); ++i) {
    if (!new_rs_ || i != *new_rs_) old_pods += Replicas(rss_[i]);
  }
  if (old_pods == 0) return false;
  const int64_t all_pods = SumReplicas(true, nullptr);
  const int64_t min_available = Replicas(d_) - MaxUnavailable(d_);
  const Json& nrs = rss_[*new_rs_];
  const int64_t new_unavailable = Replicas(nrs) - StatusInt(nrs, "availableReplicas");
  int64_t max_scaled_down = all_pods - min_available - new_unavailable;
  if (max_scaled_down <= 0) return false;

  std::vector<Json*> olds;
  for (size_t i = 0; i < rss_.size(); ++i) {
    if (i != *new_rs_) olds.push_back(&rss_[i]);
  }
  std::sort(olds.begin(), olds.end(), [](const Json* a, const Json* b) {
    return common::CreationTime(*a) < common::CreationTime(*b);
  });
  // First the old sets' unhealthy replicas: removing them costs no availability.
  int64_t cleaned = 0;
  for (Json* rs : olds) {
    if (cleaned >= max_scaled_down) break;
    const int64_t unhealthy = Replicas(*rs) - StatusInt(*rs, "availableReplicas");
    if (Replicas(*rs) == 0 || unhealthy <= 0) continue;
    const int64_t n = std::min(max_scaled_down - cleaned, unhealthy);
    K1S_RETURN_IF_ERROR(ScaleRs(*rs, Replicas(*rs) - n, "down"));
    cleaned += n;
  }
  // Then healthy ones, as far as minAvailable allows.
  int64_t available = SumReplicas(false, "availableReplicas");
  int64_t scaled = 0;
  if (available > min_available) {
    int64_t total = available - min_available;
    for (Json* rs : olds) {
      if (scaled >= total) break;
      if (Replicas(*rs) == 0) continue;
      const int64_t n = std::min(Replicas(*rs), total - scaled);
      K1S_RETURN_IF_ERROR(ScaleRs(*rs, Replicas(*rs) - n, "down"));
      scaled += n;
    }
  }
  return cleaned + scaled > 0;
}

Status DeploymentSync::RolloutRolling() {
  K1S_RETURN_IF_ERROR(FindOrCreateNewRs(true));
  K1S_ASSIGN_OR_RETURN(bool scaled_up, ReconcileNewRs());
  if (scaled_up) return SyncRolloutStatus();
  K1S_ASSIGN_OR_RETURN(bool scaled_down, ReconcileOldRss());
  if (scaled_down) return SyncRolloutStatus();
  if (Complete(CalculateStatus())) K1S_RETURN_IF_ERROR(CleanupOldRss());
  return SyncRolloutStatus();
}

bool DeploymentSync::OldPodsRunning() const {
  std::vector<std::string> old_uids;
  for (size_t i = 0; i < rss_.size(); ++i) {
    if (new_rs_ && i == *new_rs_) continue;
    if (StatusInt(rss_[i], "replicas") > 0) return true;
    old_uids.push_back(rss_[i]["metadata"].value("uid", ""));
  }
  for (const Json& pod : pods_) {
    auto ref = common::ControllerRef(pod);
    if (!ref || std::find(old_uids.begin(), old_uids.end(), ref->value("uid", "")) == old_uids.end()) {
      continue;
    }
    if (!common::IsPodTerminal(pod)) return true;
  }
  return false;
}

Status DeploymentSync::RolloutRecreate() {
  K1S_RETURN_IF_ERROR(FindOrCreateNewRs(false));
  bool scaled_down = false;
  for (size_t i = 0; i < rss_.size(); ++i) {
    if ((new_rs_ && i == *new_rs_) || Replicas(rss_[i]) == 0) continue;
    K1S_RETURN_IF_ERROR(ScaleRs(rss_[i], 0, "down"));
    scaled_down = true;
  }
  if (scaled_down || OldPodsRunning()) return SyncRolloutStatus();
  if (!new_rs_) K1S_RETURN_IF_ERROR(FindOrCreateNewRs(true));
  if (Replicas(rss_[*new_rs_]) != Replicas(d_)) {
    const std::string op = Replicas(rss_[*new_rs_]) < Replicas(d_) ? "up" : "down";
    K1S_RETURN_IF_ERROR(ScaleRs(rss_[*new_rs_], Replicas(d_), op));
  }
  if (Complete(CalculateStatus())) K1S_RETURN_IF_ERROR(CleanupOldRss());
  return SyncRolloutStatus();
}

bool DeploymentSync::IsScalingEvent() const {
  for (const Json& rs : rss_) {
    if (Replicas(rs) == 0) continue;
    if (AnnotationInt(rs, kDesiredReplicasAnnotation, -1) != Replicas(d_)) return true;
  }
  return false;
}

Status DeploymentSync::ScaleProportionally() {
  const int64_t desired = Replicas(d_);
  std::vector<Json*> active;
  for (Json* rs : AllRss()) {
    if (Replicas(*rs) > 0) active.push_back(rs);
  }
  // One set with pods (or none): it takes the whole count.
  if (active.size() <= 1) {
    Json* target = nullptr;
    if (active.size() == 1) {
      target = active[0];
    } else if (new_rs_) {
      target = &rss_[*new_rs_];
    } else if (!rss_.empty()) {
      target = &*std::max_element(rss_.begin(), rss_.end(), [](const Json& a, const Json& b) {
        return common::CreationTime(a) < common::CreationTime(b);
      });
    }
    if (target == nullptr || Replicas(*target) == desired) return Status::Ok();
    return ScaleRs(*target, desired, Replicas(*target) < desired ? "up" : "down");
  }
  // The new set is saturated: the old ones go.
  if (new_rs_) {
    const Json& nrs = rss_[*new_rs_];
    if (Replicas(nrs) == desired && AnnotationInt(nrs, kDesiredReplicasAnnotation, -1) == desired &&
        StatusInt(nrs, "availableReplicas") == desired) {
      for (Json* rs : active) {
        if (rs != &rss_[*new_rs_]) K1S_RETURN_IF_ERROR(ScaleRs(*rs, 0, "down"));
      }
      return Status::Ok();
    }
  }
  if (!IsRollingUpdate(d_)) return Status::Ok();
  int64_t all = 0;
  for (Json* rs : active) all += Replicas(*rs);
  const int64_t allowed = desired > 0 ? desired + MaxSurge(d_) : 0;
  const int64_t to_add = allowed - all;
  // Larger sets first; on ties newer first when growing, older first when shrinking.
  std::sort(active.begin(), active.end(), [to_add](const Json* a, const Json* b) {
    if (Replicas(*a) != Replicas(*b)) return Replicas(*a) > Replicas(*b);
    return to_add > 0 ? common::CreationTime(*a) > common::CreationTime(*b)
                      : common::CreationTime(*a) < common::CreationTime(*b);
  });
  std::vector<int64_t> sizes;
  int64_t added = 0;
  for (Json* rs : active) {
    int64_t proportion = 0;
    if (to_add != 0 && added != to_add) {
      int64_t fraction = 0;
      if (desired == 0) {
        fraction = -Replicas(*rs);
      } else {
        const int64_t annotated = AnnotationInt(*rs, kMaxReplicasAnnotation, StatusInt(d_, "replicas"));
        const double size = annotated == 0 ? 0.0
                                           : static_cast<double>(Replicas(*rs) * (desired + MaxSurge(d_))) /
                                                 static_cast<double>(annotated);
        fraction = static_cast<int64_t>(std::llround(size)) - Replicas(*rs);
      }
      const int64_t left = to_add - added;
      proportion = to_add > 0 ? std::min(fraction, left) : std::max(fraction, left);
    }
    sizes.push_back(Replicas(*rs) + proportion);
    added += proportion;
  }
  if (to_add != 0) sizes[0] = std::max<int64_t>(0, sizes[0] + to_add - added);
  const std::string op = to_add > 0 ? "up" : "down";
  for (size_t i = 0; i < active.size(); ++i) K1S_RETURN_IF_ERROR(ScaleRs(*active[i], sizes[i], op));
  return Status::Ok();
}

}  // namespace k1s::controller::deployment
