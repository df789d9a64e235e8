#include <algorithm>

#include "pkg/controller/common/int_or_percent.h"
#include "pkg/controller/common/owner.h"
#include "pkg/controller/common/pods.h"
#include "pkg/controller/common/revision.h"
#include "pkg/controller/common/status_util.h"
#include "pkg/controller/deployment/deployment_sync.h"

namespace k1s::controller::deployment {

namespace {

// Annotations of the Deployment that its ReplicaSets do not copy.
bool SkippedAnnotation(const std::string& key) {
  return key == "kubectl.kubernetes.io/last-applied-configuration" || key == kRevisionAnnotation ||
         key == "deployment.kubernetes.io/revision-history" || key == kDesiredReplicasAnnotation ||
         key == kMaxReplicasAnnotation || key == "deprecated.deployment.rollback.to";
}

std::string Annotation(const Json& o, const char* key) {
  const Json meta = o.value("metadata", Json::object());
  const Json ann = meta.value("annotations", Json::object());
  return ann.is_object() ? ann.value(key, "") : "";
}

}  // namespace

int64_t Replicas(const Json& object) {
  const Json spec = object.value("spec", Json::object());
  return spec.contains("replicas") && spec["replicas"].is_number_integer() ? spec["replicas"].get<int64_t>() : 1;
}

int64_t StatusInt(const Json& object, const char* field) {
  if (!object.contains("status") || !object["status"].is_object()) return 0;
  return object["status"].value(field, int64_t{0});
}

int64_t Revision(const Json& rs) {
  const std::string r = Annotation(rs, kRevisionAnnotation);
  try {
    return r.empty() ? 0 : std::stoll(r);
  } catch (...) {
    return 0;  // not a number: as if unset
  }
}

bool IsRollingUpdate(const Json& d) {
  return d["spec"].value("strategy", Json::object()).value("type", "RollingUpdate") == "RollingUpdate";
}

namespace {
// Kubernetes' ResolveFenceposts: surge rounds up, unavailable down, and both
// zero would deadlock, so unavailable becomes 1.
std::pair<int64_t, int64_t> Fenceposts(const Json& d) {
  const Json ru = d["spec"].value("strategy", Json::object()).value("rollingUpdate", Json::object());
  const int64_t desired = Replicas(d);
  auto surge = common::ScaledValue(ru.value("maxSurge", Json("25%")), desired, true);
  auto unavailable = common::ScaledValue(ru.value("maxUnavailable", Json("25%")), desired, false);
  int64_t s = surge.ok() ? *surge : 0;
  int64_t u = unavailable.ok() ? *unavailable : 0;
  if (s == 0 && u == 0) u = 1;
  return {s, u};
}
}  // namespace

int64_t MaxSurge(const Json& d) { return IsRollingUpdate(d) ? Fenceposts(d).first : 0; }

int64_t MaxUnavailable(const Json& d) {
  if (!IsRollingUpdate(d) || Replicas(d) == 0) return 0;
  return std::min(Fenceposts(d).second, Replicas(d));
}

Json TemplateWithoutHash(const Json& template_spec) {
  Json t = template_spec;
  if (t.contains("metadata") && t["metadata"].contains("labels") && t["metadata"]["labels"].is_object()) {
    t["metadata"]["labels"].erase(kHashLabel);
    if (t["metadata"]["labels"].empty()) t["metadata"].erase("labels");
  }
  if (t.contains("metadata") && t["metadata"].is_object()) {
    t["metadata"].erase("creationTimestamp");
    if (t["metadata"].empty()) t.erase("metadata");
  }
  return t;
}

std::vector<Json*> DeploymentSync::AllRss() {
  std::vector<Json*> all;
  if (new_rs_) all.push_back(&rss_[*new_rs_]);
  for (size_t i = 0; i < rss_.size(); ++i) {
    if (!new_rs_ || i != *new_rs_) all.push_back(&rss_[i]);
  }
  return all;
}

int64_t DeploymentSync::SumReplicas(bool spec_field, const char* status_field) const {
  int64_t n = 0;
  for (const Json& rs : rss_) n += spec_field ? Replicas(rs) : StatusInt(rs, status_field);
  return n;
}

Status DeploymentSync::UpdateDeploymentAnnotations(const std::string& revision) {
  if (Annotation(d_, kRevisionAnnotation) == revision) return Status::Ok();
  Json patch = {{"metadata", {{"annotations", {{kRevisionAnnotation, revision}}}}}};
  K1S_ASSIGN_OR_RETURN(Json updated, client_.Patch(client::resources::kDeployments,
                                                   d_["metadata"].value("namespace", ""),
                                                   d_["metadata"].value("name", ""),
                                                   client::PatchType::kMergePatch, patch));
  d_["metadata"] = updated["metadata"];
  return Status::Ok();
}

Status DeploymentSync::FindOrCreateNewRs(bool create) {
  const Json want = TemplateWithoutHash(d_["spec"].value("template", Json::object()));
  // The oldest match wins if several ReplicaSets carry the same template.
  std::sort(rss_.begin(), rss_.end(), [](const Json& a, const Json& b) {
    return common::CreationTime(a) < common::CreationTime(b);
  });
  new_rs_.reset();
  int64_t max_old = 0;
  for (size_t i = 0; i < rss_.size(); ++i) {
    if (!new_rs_ && TemplateWithoutHash(rss_[i]["spec"].value("template", Json::object())) == want) {
      new_rs_ = i;
    } else {
      max_old = std::max(max_old, Revision(rss_[i]));
    }
  }
  const std::string ns = d_["metadata"].value("namespace", "");
  const std::string revision = std::to_string(max_old + 1);
  const int64_t desired = Replicas(d_);
  const int64_t max_replicas = desired + MaxSurge(d_);
  Json& status = d_["status"];
  if (!status.is_object()) status = Json::object();
  Json conditions = status.value("conditions", Json::array());
  const bool has_deadline = d_["spec"].contains("progressDeadlineSeconds");

  if (new_rs_) {
    Json& rs = rss_[*new_rs_];
    Json& ann = rs["metadata"]["annotations"];
    if (!ann.is_object()) ann = Json::object();
    bool changed = false;
    if (Revision(rs) < max_old + 1) {
      ann[kRevisionAnnotation] = revision;
      changed = true;
    }
    const int64_t min_ready = d_["spec"].value("minReadySeconds", int64_t{0});
    if (rs["spec"].value("minReadySeconds", int64_t{0}) != min_ready) {
      rs["spec"]["minReadySeconds"] = min_ready;
      changed = true;
    }
    if (changed) {
      K1S_ASSIGN_OR_RETURN(rs, client_.Update(client::resources::kReplicaSets, ns, rs));
    }
    K1S_RETURN_IF_ERROR(UpdateDeploymentAnnotations(Annotation(rs, kRevisionAnnotation)));
    if (has_deadline && common::FindCondition(conditions, "Progressing") == nullptr) {
      common::SetCondition(conditions, "Progressing", "True", "FoundNewReplicaSet",
                           "Found new replica set \"" + rs["metadata"].value("name", "") + "\"",
                           clock_.Now(), true);
      status["conditions"] = conditions;
      K1S_RETURN_IF_ERROR(WriteStatus(status));
    }
    return Status::Ok();
  }
  if (!create) return Status::Ok();

  std::optional<int64_t> collisions;
  if (status.contains("collisionCount")) collisions = status["collisionCount"].get<int64_t>();
  const Json tmpl = d_["spec"].value("template", Json::object());
  const std::string hash = common::TemplateHash(tmpl, collisions);
  const std::string name = d_["metadata"].value("name", "") + "-" + hash;

  Json rs_template = tmpl;
  rs_template["metadata"]["labels"][kHashLabel] = hash;
  Json selector = d_["spec"].value("selector", Json::object());
  selector["matchLabels"][kHashLabel] = hash;
  Json annotations = Json::object();
  const Json d_ann = d_["metadata"].value("annotations", Json::object());
  if (d_ann.is_object()) {
    for (const auto& [k, v] : d_ann.items()) {
      if (!SkippedAnnotation(k)) annotations[k] = v;
    }
  }
  annotations[kRevisionAnnotation] = revision;
  annotations[kDesiredReplicasAnnotation] = std::to_string(desired);
  annotations[kMaxReplicasAnnotation] = std::to_string(max_replicas);

  // The new set's size before it exists: what the strategy allows now.
  Json rs = {{"apiVersion", "apps/v1"},
             {"kind", "ReplicaSet"},
             {"metadata",
              {{"name", name},
               {"namespace", ns},
               {"labels", rs_template["metadata"]["labels"]},
               {"annotations", annotations},
               {"ownerReferences",
                Json::array({common::MakeControllerRef(d_, "apps/v1", "Deployment")})}}},
             {"spec",
              {{"replicas", 0},
               {"minReadySeconds", d_["spec"].value("minReadySeconds", int64_t{0})},
               {"selector", selector},
               {"template", rs_template}}}};
  const int64_t size = IsRollingUpdate(d_) ? NewRsTarget() : desired;
  rs["spec"]["replicas"] = size;
  rss_.push_back(rs);
  new_rs_ = rss_.size() - 1;
  auto created = client_.Create(client::resources::kReplicaSets, ns, rs);
  if (!created.ok() && created.status().IsAlreadyExists()) {
    rss_.pop_back();
    new_rs_.reset();
    auto existing = client_.Get(client::resources::kReplicaSets, ns, name);
    if (existing.ok() && common::IsControlledBy(*existing, d_["metadata"].value("uid", "")) &&
        TemplateWithoutHash((*existing)["spec"].value("template", Json::object())) == TemplateWithoutHash(tmpl)) {
      return Status::Conflict("replica set " + name + " exists but is not in the cache yet");
    }
    // A hash collision: the next name differs.
    status["collisionCount"] = collisions.value_or(0) + 1;
    K1S_RETURN_IF_ERROR(WriteStatus(status));
    return Status::Conflict("hash collision for replica set " + name);
  }
  if (!created.ok()) {
    rss_.pop_back();
    new_rs_.reset();
    if (has_deadline) {
      common::SetCondition(conditions, "Progressing", "False", "ReplicaSetCreateError",
                           "Failed to create new replica set \"" + name + "\": " + created.status().message(),
                           clock_.Now(), true);
      status["conditions"] = conditions;
      (void)WriteStatus(status);
    }
    recorder_.Event(d_, "Warning", "FailedCreate",
                    "Failed to create new replica set \"" + name + "\": " + created.status().message());
    return created.status();
  }
  rss_.back() = *created;
  if (size > 0) {
    recorder_.Event(d_, "Normal", "ScalingReplicaSet",
                    "Scaled up replica set " + name + " from 0 to " + std::to_string(size));
  }
  K1S_RETURN_IF_ERROR(UpdateDeploymentAnnotations(revision));
  if (has_deadline) {
    common::SetCondition(conditions, "Progressing", "True", "NewReplicaSetCreated",
                         "Created new replica set \"" + name + "\"", clock_.Now(), true);
    status["conditions"] = conditions;
    K1S_RETURN_IF_ERROR(WriteStatus(status));
  }
  return Status::Ok();
}

Status DeploymentSync::ScaleRs(Json& rs, int64_t replicas, const std::string& operation) {
  const std::string desired = std::to_string(Replicas(d_));
  const std::string max = std::to_string(Replicas(d_) + MaxSurge(d_));
  const int64_t from = Replicas(rs);
  const bool size_changes = from != replicas;
  if (!size_changes && Annotation(rs, kDesiredReplicasAnnotation) == desired &&
      Annotation(rs, kMaxReplicasAnnotation) == max) {
    return Status::Ok();
  }
  Json updated = rs;
  updated["spec"]["replicas"] = replicas;
  if (!updated["metadata"]["annotations"].is_object()) updated["metadata"]["annotations"] = Json::object();
  updated["metadata"]["annotations"][kDesiredReplicasAnnotation] = desired;
  updated["metadata"]["annotations"][kMaxReplicasAnnotation] = max;
  K1S_ASSIGN_OR_RETURN(rs, client_.Update(client::resources::kReplicaSets,
                                          d_["metadata"].value("namespace", ""), updated));
  if (size_changes) {
    recorder_.Event(d_, "Normal", "ScalingReplicaSet",
                    "Scaled " + operation + " replica set " + rs["metadata"].value("name", "") +
                        " from " + std::to_string(from) + " to " + std::to_string(replicas));
  }
  return Status::Ok();
}

Status DeploymentSync::CleanupOldRss() {
  const Json spec = d_["spec"];
  if (!spec.contains("revisionHistoryLimit") || !spec["revisionHistoryLimit"].is_number_integer()) {
    return Status::Ok();
  }
  const int64_t limit = spec["revisionHistoryLimit"].get<int64_t>();
  std::vector<const Json*> cleanable;
  for (size_t i = 0; i < rss_.size(); ++i) {
    if ((new_rs_ && i == *new_rs_) || common::IsBeingDeleted(rss_[i])) continue;
    cleanable.push_back(&rss_[i]);
  }
  int64_t diff = static_cast<int64_t>(cleanable.size()) - limit;
  if (diff <= 0) return Status::Ok();
  std::sort(cleanable.begin(), cleanable.end(),
            [](const Json* a, const Json* b) { return Revision(*a) < Revision(*b); });
  for (int64_t i = 0; i < diff; ++i) {
    const Json& rs = *cleanable[i];
    if (StatusInt(rs, "replicas") != 0 || Replicas(rs) != 0 ||
        rs["metadata"].value("generation", int64_t{0}) > StatusInt(rs, "observedGeneration")) {
      continue;
    }
    Status s = client_.Delete(client::resources::kReplicaSets, rs["metadata"].value("namespace", ""),
                              rs["metadata"].value("name", ""));
    if (!s.ok() && !s.IsNotFound()) return s;
  }
  return Status::Ok();
}

}  // namespace k1s::controller::deployment
