// The simulated kubelet's pod worker: one pod's sync, from binding to its
// final delete.
#include "pkg/simnode/simulator.h"

#include <functional>

#include "pkg/util/time_format.h"

namespace k1s::simnode {

using client::resources::kPods;

namespace {

std::optional<TimePoint> TimeField(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return ParseRfc3339(it->get<std::string>());
}

// The run state of a pod that was already Running before this process
// started (same data dir): its IP, start and restarts as it reported them.
void AdoptRunning(PodRun& run, const Json& status, TimePoint now) {
  run.start = TimeField(status, "startTime").value_or(now);
  run.container_start = run.start;
  const Json& statuses = Sub(status, "containerStatuses");
  if (statuses.is_array() && !statuses.empty()) {
    const Json& first = statuses[0];
    run.restarts = first.value("restartCount", 0);
    if (auto t = TimeField(Sub(Sub(first, "state"), "running"), "startedAt")) run.container_start = *t;
  }
}

}  // namespace

Status Simulator::SyncPod(const std::string& pod_key) {
  client::ObjectPtr pod = pods_ != nullptr ? pods_->Get(pod_key) : nullptr;
  if (pod == nullptr) {
    DropRun(pod_key);
    return Status::Ok();
  }
  const Json& meta = Sub(*pod, "metadata");
  const Json& status = Sub(*pod, "status");
  SimNode* node = NodeNamed(Sub(*pod, "spec").value("nodeName", ""));
  if (node == nullptr) {
    DropRun(pod_key);
    return Status::Ok();
  }
  const TimePoint now = clock_.Now();
  const PodBehaviour b = ReadBehaviour(*pod);
  const std::string uid = meta.value("uid", "");
  const bool deleting = meta.contains("deletionTimestamp");
  const std::string phase = status.value("phase", "");
  const bool was_terminal = phase == "Succeeded" || phase == "Failed";

  PodRun* run = nullptr;
  {
    std::unique_lock<std::mutex> lock(mu_);
    // Registration enqueues the node's pods again once it is done.
    if (!node->registered) return Status::Ok();
    auto it = runs_.find(pod_key);
    if (it != runs_.end() && it->second.uid != uid) {
      // Same name, new pod: the old one's IP goes back.
      if (it->second.ip_held) nodes_[static_cast<size_t>(it->second.node_index)]->pool->Release(it->second.ip);
      runs_.erase(it);
      it = runs_.end();
    }
    if (it == runs_.end()) {
      // Nothing running for it: a pod deleted before it started, or one that
      // finished before this process started, needs no containers stopped.
      if (deleting || was_terminal) {
        lock.unlock();
        return deleting ? FinishDeletion(*node, *pod, nullptr, b, now) : Status::Ok();
      }
      PodRun fresh;
      fresh.uid = uid;
      fresh.node_index = node->id.index;
      const std::string old_ip = status.value("podIP", "");
      if (phase == "Running" && !old_ip.empty() && node->pool->Reserve(old_ip)) {
        fresh.ip = old_ip;
        AdoptRunning(fresh, status, now);
      } else {
        fresh.ip = node->pool->Allocate();
        fresh.start = fresh.container_start = now;
      }
      if (fresh.ip.empty()) {
        lock.unlock();
        log_.Warning("simulated node ", node->id.name, " has no pod IP left for ", pod_key);
        queue_->AddAfter("p:" + pod_key, std::chrono::seconds(10));
        return Status::Ok();
      }
      fresh.ip_held = true;
      it = runs_.emplace(pod_key, std::move(fresh)).first;
    }
    // Stable: unordered_map nodes do not move, and only this key's worker
    // erases this entry.
    run = &it->second;
  }

  if (deleting && !run->terminate_at) {
    TimePoint deadline = TimeField(meta, "deletionTimestamp").value_or(now);
    if (b.terminate_after) deadline = std::min(deadline, now + *b.terminate_after);
    run->terminate_at = deadline;
  }
  if (run->terminate_at && now >= *run->terminate_at) return FinishDeletion(*node, *pod, run, b, now);

  Advance(*run, b, now);
  if (run->stage == PodRun::Stage::kExited && run->ip_held) {
    // The sandbox is gone; status keeps the IP, as the kubelet's does.
    std::lock_guard<std::mutex> lock(mu_);
    node->pool->Release(run->ip);
    run->ip_held = false;
  }
  K1S_RETURN_IF_ERROR(WriteStatus(*node, *pod, *run, ComputeStatus(*pod, *run, b, node->id.internal_ip, now)));
  ScheduleWake(pod_key, *run, NextChange(*run, b, now), now);
  return Status::Ok();
}

Status Simulator::FinishDeletion(SimNode& node, const Json& pod, PodRun* run, const PodBehaviour& b, TimePoint now) {
  const Json& meta = Sub(pod, "metadata");
  const std::string ns = meta.value("namespace", "");
  const std::string name = meta.value("name", "");
  if (run != nullptr) {
    // Containers still running are stopped: with a terminate-after they
    // exited on SIGTERM (0); otherwise they were killed at the end of the
    // grace period (137, SIGKILL).
    std::optional<int> killed;
    if (run->stage != PodRun::Stage::kExited) killed = b.terminate_after ? 0 : 137;
    K1S_RETURN_IF_ERROR(WriteStatus(node, pod, *run, ComputeStatus(pod, *run, b, node.id.internal_ip, now, killed)));
  }
  client::DeleteOptions options;
  options.grace_period_seconds = 0;
  options.precondition_uid = meta.value("uid", "");
  Status s = node.client->Delete(kPods, ns, name, options);
  // Gone already, or a new pod of the same name (the uid precondition).
  if (!s.ok() && !s.IsNotFound() && !s.IsConflict()) return s;
  DropRun(ns + "/" + name);
  return Status::Ok();
}

Status Simulator::WriteStatus(SimNode& node, const Json& pod, PodRun& run, const Json& desired) {
  const Json& current = Sub(pod, "status");
  bool same = true;
  for (const auto& [key, value] : desired.items()) {
    auto it = current.find(key);
    if (it == current.end() || *it != value) {
      same = false;
      break;
    }
  }
  if (same) return Status::Ok();
  // The cache may not show our last write yet: do not send it twice.
  const size_t hash = std::hash<Json>{}(desired);  // walks the value; no text is built
  if (hash == run.written_hash) return Status::Ok();
  const Json& meta = Sub(pod, "metadata");
  auto patched = node.client->Patch(kPods, meta.value("namespace", ""), meta.value("name", ""),
                                    client::PatchType::kMergePatch, {{"status", desired}}, "status");
  if (!patched.ok() && !patched.status().IsNotFound()) return patched.status();
  run.written_hash = hash;
  return Status::Ok();
}

void Simulator::ScheduleWake(const std::string& pod_key, PodRun& run, std::optional<TimePoint> at, TimePoint now) {
  if (!at) return;
  // A pending timer at or before `at` will sync the pod again, and that
  // sync schedules the next one: adding another would only pile up timers.
  if (run.wake_scheduled && *run.wake_scheduled > now + kTimerSlack && *run.wake_scheduled <= *at) return;
  run.wake_scheduled = *at;
  queue_->AddAfter("p:" + pod_key, Until(*at));
}

void Simulator::DropRun(const std::string& pod_key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = runs_.find(pod_key);
  if (it == runs_.end()) return;
  if (it->second.ip_held && it->second.node_index >= 0) {
    nodes_[static_cast<size_t>(it->second.node_index)]->pool->Release(it->second.ip);
  }
  runs_.erase(it);
}

}  // namespace k1s::simnode
