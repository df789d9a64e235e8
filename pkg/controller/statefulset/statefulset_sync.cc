#include "pkg/controller/statefulset/statefulset_sync.h"

#include <algorithm>
#include <map>

#include "pkg/controller/common/owner.h"
#include "pkg/controller/common/pod_control.h"
#include "pkg/controller/common/pods.h"
#include "pkg/controller/common/revision.h"
#include "pkg/controller/common/status_util.h"

namespace k1s::controller::statefulset {

namespace {

constexpr const char* kHashLabel = "controller-revision-hash";

std::string Name(const Json& o) { return o["metadata"].value("name", ""); }
std::string RevisionOf(const Json& pod) {
  return pod["metadata"].value("labels", Json::object()).value(kHashLabel, "");
}

// The ordinal in "<set>-<n>", or -1.
int64_t Ordinal(const std::string& set, const Json& pod) {
  const std::string name = Name(pod);
  if (name.size() <= set.size() + 1 || name.compare(0, set.size() + 1, set + "-") != 0) return -1;
  const std::string n = name.substr(set.size() + 1);
  if (n.empty() || n.find_first_not_of("0123456789") != std::string::npos || n.size() > 9) return -1;
  return std::stoll(n);
}

bool RunningAndReady(const Json& pod) {
  return common::PodPhase(pod) == "Running" && common::IsPodReady(pod) && !common::IsBeingDeleted(pod);
}

class Syncer {
 public:
  Syncer(client::Client& client, client::EventRecorder& recorder, const Clock& clock, StatefulSetState& s)
      : client_(client), recorder_(recorder), clock_(clock), s_(s), set_(s.set),
        name_(Name(s.set)), ns_(s.set["metadata"].value("namespace", "")) {}

  Status Run() {
    const Json spec = set_["spec"];
    std::vector<std::string> in_use;
    for (const Json& p : s_.pods) in_use.push_back(RevisionOf(p));
    Json status = set_.value("status", Json::object());
    if (!status.is_object()) status = Json::object();
    if (status.contains("currentRevision")) in_use.push_back(status["currentRevision"]);
    K1S_ASSIGN_OR_RETURN(common::Revisions revs,
                         common::SyncRevisions(client_, set_, "apps/v1", "StatefulSet", s_.revisions,
                                               spec.value("revisionHistoryLimit", int64_t{10}), in_use));
    const std::string update_rev = Name(revs.current);
    std::string current_rev = status.value("currentRevision", update_rev);
    Json current_template = TemplateFromRevision(revs.current);
    Json update_template = current_template;
    for (const Json& r : revs.history) {
      if (Name(r) == current_rev) current_template = TemplateFromRevision(r);
    }
    if (std::none_of(revs.history.begin(), revs.history.end(), [&](const Json& r) { return Name(r) == current_rev; })) {
      current_rev = update_rev;
      current_template = update_template;
    }

    const int64_t replicas = spec.value("replicas", int64_t{1});
    const int64_t start = spec.value("ordinals", Json::object()).value("start", int64_t{0});
    const bool parallel = spec.value("podManagementPolicy", "OrderedReady") == "Parallel";
    const Json strategy = spec.value("updateStrategy", Json::object());
    const bool rolling = strategy.value("type", "RollingUpdate") == "RollingUpdate";
    const int64_t partition = strategy.value("rollingUpdate", Json::object()).value("partition", int64_t{0});

    std::map<int64_t, const Json*> by_ordinal;
    std::vector<const Json*> condemned;
    for (const Json& p : s_.pods) {
      const int64_t o = Ordinal(name_, p);
      if (o >= start && o < start + replicas) {
        by_ordinal[o] = &p;
      } else {
        condemned.push_back(&p);
      }
    }
    std::sort(condemned.begin(), condemned.end(),
              [&](const Json* a, const Json* b) { return Ordinal(name_, *a) > Ordinal(name_, *b); });

    // Status first from what exists, so a wait below still reports it.
    auto write_status = [&]() -> Status {
      int64_t count = 0, ready = 0, available = 0, current = 0, updated = 0;
      for (const Json& p : s_.pods) {
        if (common::IsBeingDeleted(p)) continue;
        ++count;
        if (common::IsPodReady(p)) ++ready;
        if (common::IsPodAvailable(p, spec.value("minReadySeconds", int64_t{0}), clock_.Now())) ++available;
        if (RevisionOf(p) == current_rev) ++current;
        if (RevisionOf(p) == update_rev) ++updated;
      }
      // The rollout is done: what was the update revision becomes current.
      if (updated == replicas && ready == replicas && count == replicas) {
        current_rev = update_rev;
        current = updated;
      }
      status["observedGeneration"] = set_["metadata"].value("generation", int64_t{0});
      status["replicas"] = count;
      status["readyReplicas"] = ready;
      status["availableReplicas"] = available;
      status["currentReplicas"] = current;
      status["updatedReplicas"] = updated;
      status["currentRevision"] = current_rev;
      status["updateRevision"] = update_rev;
      if (!status.contains("collisionCount")) status["collisionCount"] = 0;
      common::DropZeroFields(status, {"replicas", "availableReplicas", "collisionCount"});
      if (set_.contains("status") && set_["status"] == status) return Status::Ok();
      Json out = set_;
      out["status"] = status;
      auto r = client_.Update(client::resources::kStatefulSets, ns_, out, "status");
      if (!r.ok() && !r.status().IsNotFound()) return r.status();
      return Status::Ok();
    };
    if (common::IsBeingDeleted(set_)) return write_status();

    // 1. Create or replace pods in ordinal order.
    for (int64_t o = start; o < start + replicas; ++o) {
      auto it = by_ordinal.find(o);
      if (it == by_ordinal.end()) {
        const bool old = rolling && o - start < partition;
        K1S_RETURN_IF_ERROR(CreatePod(o, old ? current_template : update_template, old ? current_rev : update_rev));
        if (!parallel) return write_status();
        continue;
      }
      const Json& pod = *it->second;
      if (common::PodPhase(pod) == "Failed" || common::PodPhase(pod) == "Succeeded") {
        K1S_RETURN_IF_ERROR(DeletePod(pod));
        if (!parallel) return write_status();
        continue;
      }
      if (!parallel && !RunningAndReady(pod)) return write_status();
    }
    // 2. Scale down, highest ordinal first (one at a time when ordered).
    for (const Json* p : condemned) {
      if (common::IsBeingDeleted(*p)) {
        if (!parallel) return write_status();
        continue;
      }
      K1S_RETURN_IF_ERROR(DeletePod(*p));
      K1S_RETURN_IF_ERROR(DeleteScaledClaims(Ordinal(name_, *p)));
      if (!parallel) return write_status();
    }
    // 3. RollingUpdate: the highest ordinal not on the update revision goes,
    // once every pod is running and ready.
    if (rolling) {
      for (const auto& [o, p] : by_ordinal) {
        if (!RunningAndReady(*p)) return write_status();
      }
      for (auto it = by_ordinal.rbegin(); it != by_ordinal.rend(); ++it) {
        if (it->first - start < partition) break;
        if (RevisionOf(*it->second) != update_rev) {
          K1S_RETURN_IF_ERROR(DeletePod(*it->second));
          break;
        }
      }
    }
    return write_status();
  }

 private:
  std::string ClaimName(const Json& tmpl, int64_t ordinal) const {
    return Name(tmpl) + "-" + name_ + "-" + std::to_string(ordinal);
  }

  Status CreatePod(int64_t ordinal, const Json& tmpl, const std::string& revision) {
    const std::string pod_name = name_ + "-" + std::to_string(ordinal);
    Json pod = common::PodFromTemplate(tmpl, set_, "apps/v1", "StatefulSet", name_);
    pod["metadata"].erase("generateName");
    pod["metadata"]["name"] = pod_name;
    Json& labels = pod["metadata"]["labels"];
    labels["statefulset.kubernetes.io/pod-name"] = pod_name;
    labels["apps.kubernetes.io/pod-index"] = std::to_string(ordinal);
    labels[kHashLabel] = revision;
    pod["spec"]["hostname"] = pod_name;
    if (!set_["spec"].value("serviceName", "").empty()) pod["spec"]["subdomain"] = set_["spec"]["serviceName"];
    // Claims first, then the pod that mounts them.
    for (const Json& ct : set_["spec"].value("volumeClaimTemplates", Json::array())) {
      const std::string claim = ClaimName(ct, ordinal);
      K1S_RETURN_IF_ERROR(EnsureClaim(ct, claim, pod_name));
      Json volumes = Json::array();
      for (const Json& v : pod["spec"].value("volumes", Json::array())) {
        if (v.value("name", "") != Name(ct)) volumes.push_back(v);
      }
      volumes.push_back({{"name", Name(ct)}, {"persistentVolumeClaim", {{"claimName", claim}}}});
      pod["spec"]["volumes"] = volumes;
    }
    auto created = client_.Create(client::resources::kPods, ns_, pod);
    if (!created.ok() && !created.status().IsAlreadyExists()) {
      recorder_.Event(set_, "Warning", "FailedCreate",
                      "create Pod " + pod_name + " in StatefulSet " + name_ + " failed error: " + created.status().message());
      return created.status();
    }
    if (created.ok()) {
      recorder_.Event(set_, "Normal", "SuccessfulCreate",
                      "create Pod " + pod_name + " in StatefulSet " + name_ + " successful");
    }
    return Status::Ok();
  }

  Status EnsureClaim(const Json& ct, const std::string& claim, const std::string& pod_name) {
    for (const auto& c : s_.claims) {
      if (Name(*c) == claim) return Status::Ok();
    }
    Json pvc = {{"apiVersion", "v1"}, {"kind", "PersistentVolumeClaim"},
                {"metadata", {{"name", claim}, {"namespace", ns_}}},
                {"spec", ct.value("spec", Json::object())}};
    Json labels = ct.value("metadata", Json::object()).value("labels", Json::object());
    const Json match = set_["spec"].value("selector", Json::object()).value("matchLabels", Json::object());
    for (const auto& [k, v] : match.items()) {
      labels[k] = v;
    }
    if (!labels.empty()) pvc["metadata"]["labels"] = labels;
    const Json policy = set_["spec"].value("persistentVolumeClaimRetentionPolicy", Json::object());
    if (policy.value("whenDeleted", "Retain") == "Delete") {
      // The garbage collector removes the claim with the StatefulSet.
      pvc["metadata"]["ownerReferences"] = Json::array({common::MakeControllerRef(set_, "apps/v1", "StatefulSet")});
    }
    auto created = client_.Create(client::resources::kPersistentVolumeClaims, ns_, pvc);
    if (!created.ok() && !created.status().IsAlreadyExists()) {
      recorder_.Event(set_, "Warning", "FailedCreate",
                      "create Claim " + claim + " for Pod " + pod_name + " in StatefulSet " + name_ +
                          " failed error: " + created.status().message());
      return created.status();
    }
    if (created.ok()) {
      recorder_.Event(set_, "Normal", "SuccessfulCreate",
                      "create Claim " + claim + " Pod " + pod_name + " in StatefulSet " + name_ + " success");
    }
    return Status::Ok();
  }

  Status DeleteScaledClaims(int64_t ordinal) {
    const Json policy = set_["spec"].value("persistentVolumeClaimRetentionPolicy", Json::object());
    if (policy.value("whenScaled", "Retain") != "Delete") return Status::Ok();
    for (const Json& ct : set_["spec"].value("volumeClaimTemplates", Json::array())) {
      Status s = client_.Delete(client::resources::kPersistentVolumeClaims, ns_, ClaimName(ct, ordinal));
      if (!s.ok() && !s.IsNotFound()) return s;
    }
    return Status::Ok();
  }

  Status DeletePod(const Json& pod) {
    Status s = client_.Delete(client::resources::kPods, ns_, Name(pod));
    if (!s.ok() && !s.IsNotFound()) {
      recorder_.Event(set_, "Warning", "FailedDelete",
                      "delete Pod " + Name(pod) + " in StatefulSet " + name_ + " failed error: " + s.message());
      return s;
    }
    recorder_.Event(set_, "Normal", "SuccessfulDelete",
                    "delete Pod " + Name(pod) + " in StatefulSet " + name_ + " successful");
    return Status::Ok();
  }

  static Json TemplateFromRevision(const Json& r) { return common::TemplateFromRevision(r); }

  client::Client& client_;
  client::EventRecorder& recorder_;
  const Clock& clock_;
  StatefulSetState& s_;
  const Json& set_;
  const std::string name_;
  const std::string ns_;
};

}  // namespace

Status SyncStatefulSet(client::Client& client, client::EventRecorder& recorder, const Clock& clock,
                       StatefulSetState state) {
  return Syncer(client, recorder, clock, state).Run();
}

}  // namespace k1s::controller::statefulset
