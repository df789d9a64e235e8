#include "pkg/controller/nodelifecycle/nodelifecycle_controller.h"

#include <set>

#include "pkg/controller/common/object_state.h"
#include "pkg/controller/nodelifecycle/taints.h"
#include "pkg/util/time_format.h"

namespace k1s::controller {

namespace {

using client::Json;

constexpr const char* kNodeLeaseNamespace = "kube-node-lease";

std::string ReadyStatus(const Json& node) {
  const Json* ready = FindCondition(node, "Ready");
  return ready != nullptr ? ready->value("status", "") : "";
}

// The lifecycle taints a node with this Ready status should carry. A node
// that has not posted Ready yet gets none: it is only starting (its kubelet
// taints it not-ready itself), and after the startup grace period it is
// marked Unknown, which brings the unreachable taints.
Json WantedTaints(const std::string& ready) {
  if (ready.empty()) return Json::array();
  const char* key = ready == "False" ? kNotReadyTaint : ready == "True" ? nullptr : kUnreachableTaint;
  if (key == nullptr) return Json::array();
  return Json::array({{{"key", key}, {"effect", "NoSchedule"}}, {{"key", key}, {"effect", "NoExecute"}}});
}

bool IsLifecycleTaint(const Json& taint) {
  const std::string key = taint.value("key", "");
  return key == kUnreachableTaint || key == kNotReadyTaint;
}

}  // namespace

NodeLifecycleController::NodeLifecycleController(ControllerContext& ctx)
    : HousekeepingController(ctx),
      grace_(ctx.options.node_monitor_grace_period),
      startup_grace_(std::max(ctx.options.node_monitor_grace_period, std::chrono::seconds(60))) {
  nodes_ = &Watch(client::resources::kNodes);
  leases_ = &Watch(client::resources::kLeases);
  client::Informer& pods = informers_.For(client::resources::kPods);
  pods.AddIndex(client::kPodsByNodeIndex, client::PodNodeNameIndex);
  pods_ = &Watch(client::resources::kPods);
}

Status NodeLifecycleController::Sync(const std::string& key) {
  if (key != kMonitorKey) return Status::Ok();
  const Clock::time_point now = clock_.Now();
  Status first_error = Status::Ok();
  std::set<std::string> seen;
  for (const client::ObjectPtr& node : nodes_->List()) {
    seen.insert(MetaString(*node, "name"));
    Status s = MonitorNode(*node, now);
    if (!s.ok() && !s.IsNotFound()) {
      log_.Warning("node ", MetaString(*node, "name"), ": ", s.ToString());
      if (first_error.ok()) first_error = s;
    }
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    std::erase_if(health_, [&](const auto& e) { return !seen.contains(e.first); });
  }
  // The next pass comes whatever this one did; errors are retried then.
  queue().AddAfter(kMonitorKey, kMonitorPeriod);
  return Status::Ok();
}

Status NodeLifecycleController::MonitorNode(const Json& node, Clock::time_point now) {
  const std::string name = MetaString(node, "name");
  client::ObjectPtr lease = leases_->Get(kNodeLeaseNamespace, name);
  const std::string renew = lease != nullptr ? lease->value("spec", Json::object()).value("renewTime", "") : "";
  const Json* ready = FindCondition(node, "Ready");
  const std::string heartbeat = ready != nullptr ? ready->value("lastHeartbeatTime", "") : "";
  Clock::time_point probe;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto [it, added] = health_.try_emplace(name, Health{renew, heartbeat, now});
    if (!added && (it->second.lease_renew != renew || it->second.heartbeat != heartbeat)) {
      it->second = Health{renew, heartbeat, now};
    }
    probe = it->second.probe;
  }
  const auto grace = ready == nullptr ? startup_grace_ : grace_;
  if (now - probe > grace && ReadyStatus(node) != "Unknown") {
    K1S_RETURN_IF_ERROR(MarkUnknown(node, now));
    K1S_RETURN_IF_ERROR(MarkPodsNotReady(name, now));
    return Status::Ok();  // taints follow on the next pass, from the updated node
  }
  K1S_RETURN_IF_ERROR(UpdateTaints(node, now));
  return EvictPods(node, now);
}

Status NodeLifecycleController::MarkUnknown(const Json& node, Clock::time_point now) {
  const std::string stamp = FormatRfc3339(now);
  Json updated = node;
  Json& conditions = updated["status"]["conditions"];
  if (!conditions.is_array()) conditions = Json::array();
  const bool never = FindCondition(node, "Ready") == nullptr;
  for (const char* type : {"Ready", "MemoryPressure", "DiskPressure", "PIDPressure"}) {
    Json* c = nullptr;
    for (Json& existing : conditions) {
      if (existing.value("type", "") == type) c = &existing;
    }
    if (c == nullptr) {
      conditions.push_back({{"type", type}, {"lastHeartbeatTime", stamp}});
      c = &conditions.back();
    }
    if (c->value("status", "") == "Unknown") continue;
    (*c)["status"] = "Unknown";
    (*c)["reason"] = never ? "NodeStatusNeverUpdated" : "NodeStatusUnknown";
    (*c)["message"] = never ? "Kubelet never posted node status." : "Kubelet stopped posting node status.";
    (*c)["lastTransitionTime"] = stamp;
  }
  log_.Info("node ", MetaString(node, "name"), " stopped posting status: Ready is Unknown");
  return client_.Update(client::resources::kNodes, "", updated, "status").status();
}

Status NodeLifecycleController::MarkPodsNotReady(const std::string& node, Clock::time_point now) {
  for (const client::ObjectPtr& pod : pods_->ByIndex(client::kPodsByNodeIndex, node)) {
    if (!IsPodReady(*pod) || IsPodTerminal(*pod)) continue;
    Json updated = *pod;
    for (Json& c : updated["status"]["conditions"]) {
      if (c.value("type", "") != "Ready") continue;
      c["status"] = "False";
      c["lastTransitionTime"] = FormatRfc3339(now);
    }
    Status s = client_.Update(client::resources::kPods, MetaString(*pod, "namespace"), updated, "status").status();
    if (!s.ok() && !s.IsNotFound() && !s.IsConflict()) return s;
  }
  return Status::Ok();
}

Status NodeLifecycleController::UpdateTaints(const Json& node, Clock::time_point now) {
  const Json wanted = WantedTaints(ReadyStatus(node));
  const Json current = node.value("spec", Json::object()).value("taints", Json::array());
  Json next = Json::array();
  bool changed = false;
  for (const Json& t : current) {
    bool keep = !IsLifecycleTaint(t);
    for (const Json& w : wanted) {
      keep |= t.value("key", "") == w["key"] && t.value("effect", "") == w["effect"];
    }
    if (keep) {
      next.push_back(t);
    } else {
      changed = true;
    }
  }
  for (const Json& w : wanted) {
    bool present = false;
    for (const Json& t : next) present |= t.value("key", "") == w["key"] && t.value("effect", "") == w["effect"];
    if (present) continue;
    Json taint = w;
    // Eviction counts tolerationSeconds from timeAdded, which only NoExecute taints carry.
    if (w["effect"] == "NoExecute") taint["timeAdded"] = FormatRfc3339(now);
    next.push_back(std::move(taint));
    changed = true;
  }
  if (!changed) return Status::Ok();
  Json patch{{"metadata", {{"resourceVersion", MetaString(node, "resourceVersion")}}},
             {"spec", {{"taints", next.empty() ? Json(nullptr) : next}}}};
  log_.Info("node ", MetaString(node, "name"), " taints: ", next.dump());
  return client_.Patch(client::resources::kNodes, "", MetaString(node, "name"), client::PatchType::kMergePatch, patch)
      .status();
}

Status NodeLifecycleController::EvictPods(const Json& node, Clock::time_point now) {
  Json no_execute = Json::array();
  for (const Json& t : node.value("spec", Json::object()).value("taints", Json::array())) {
    if (t.value("effect", "") == "NoExecute") no_execute.push_back(t);
  }
  if (no_execute.empty()) return Status::Ok();
  for (const client::ObjectPtr& pod : pods_->ByIndex(client::kPodsByNodeIndex, MetaString(node, "name"))) {
    if (IsBeingDeleted(*pod)) continue;
    const Json tolerations = pod->value("spec", Json::object()).value("tolerations", Json::array());
    auto when = EvictionTime(tolerations, no_execute, now);
    if (!when || *when > now) continue;
    log_.Info("evicting pod ", client::ObjectKey(*pod), " from tainted node ", MetaString(node, "name"));
    Status s = client_.Delete(client::resources::kPods, MetaString(*pod, "namespace"), MetaString(*pod, "name"),
                              {.precondition_uid = MetaString(*pod, "uid")});
    if (!s.ok() && !s.IsNotFound() && !s.IsConflict()) return s;
  }
  return Status::Ok();
}

Result<std::unique_ptr<Controller>> StartNodeLifecycleController(ControllerContext& ctx) {
  auto c = std::make_unique<NodeLifecycleController>(ctx);
  c->Run();
  c->queue().Add(NodeLifecycleController::kMonitorKey);
  return std::unique_ptr<Controller>(std::move(c));
}

}  // namespace k1s::controller
