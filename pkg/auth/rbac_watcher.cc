#include "pkg/auth/rbac_watcher.h"

namespace k1s::auth {

namespace {
constexpr auto kPoll = std::chrono::seconds(1);
}  // namespace

Result<std::unique_ptr<RbacWatcher>> RbacWatcher::Start(store::Store& store, Logger log) {
  std::unique_ptr<RbacWatcher> watcher(new RbacWatcher(store, std::move(log)));
  {
    std::lock_guard lock(watcher->watch_mu_);
    K1S_RETURN_IF_ERROR(watcher->Relist());
  }
  watcher->aggregate_pending_ = false;
  watcher->Aggregate();
  watcher->thread_ = std::thread([w = watcher.get()] { w->Run(); });
  return watcher;
}

void RbacWatcher::Wake() {
  {
    std::lock_guard lock(wake_mu_);
    woken_ = true;
  }
  wake_cv_.notify_all();
}

RbacWatcher::~RbacWatcher() {
  stop_ = true;
  Wake();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(watch_mu_);
  if (watcher_ != nullptr) watcher_->Close();
  watcher_.reset();
}

Status RbacWatcher::Relist() {
  if (watcher_ != nullptr) watcher_->Close();
  watcher_.reset();
  policy_.Clear();
  K1S_ASSIGN_OR_RETURN(store::ListResult list, store_.List(kRbacKeyPrefix));
  for (const store::KeyValue& kv : list.items) {
    Json object = Json::parse(kv.value, nullptr, /*allow_exceptions=*/false);
    policy_.Put(kv.key, object);
  }
  K1S_ASSIGN_OR_RETURN(watcher_, store_.Watch(kRbacKeyPrefix, list.revision));
  watcher_->Notify([this] { Wake(); });
  aggregate_pending_ = true;
  return Status::Ok();
}

bool RbacWatcher::Drain() {
  bool cluster_roles_changed = false;
  auto events = watcher_->Next(std::chrono::milliseconds(0));
  if (!events.ok()) {
    if (stop_) return false;
    log_.Warning("RBAC watch ended (", events.status().ToString(), "); listing again");
    Status relisted = Relist();
    if (!relisted.ok()) log_.Error("RBAC re-list failed: ", relisted.ToString());
    return true;
  }
  for (const store::Event& event : *events) {
    if (event.kv.key.starts_with(std::string(kRbacKeyPrefix) + "clusterroles/")) {
      cluster_roles_changed = true;
    }
    if (event.type == store::EventType::kDelete) {
      policy_.Remove(event.kv.key);
    } else {
      policy_.Put(event.kv.key, Json::parse(event.kv.value, nullptr, false));
    }
  }
  // Notify fires once: ask again for the next batch.
  watcher_->Notify([this] { Wake(); });
  if (cluster_roles_changed) {
    aggregate_pending_ = true;
    Wake();
  }
  return cluster_roles_changed;
}

void RbacWatcher::CatchUp() {
  std::lock_guard lock(watch_mu_);
  if (watcher_ != nullptr) Drain();
}

void RbacWatcher::Aggregate() {
  for (const auto& [name, rules] : policy_.StaleAggregations()) {
    const std::string key = std::string(kRbacKeyPrefix) + "clusterroles/" + name;
    auto current = store_.Get(key);
    if (!current.ok()) continue;
    Json object = Json::parse(current->value, nullptr, false);
    if (!object.is_object()) continue;
    object["rules"] = rules;
    // A lost race is fine: the change that won arrives as an event and the
    // aggregation runs again.
    auto updated = store_.Update(key, object.dump(), current->mod_revision);
    if (!updated.ok() && !updated.status().IsConflict()) {
      log_.Warning("aggregating ClusterRole ", name, ": ", updated.status().ToString());
    }
  }
}

void RbacWatcher::Run() {
  while (!stop_) {
    {
      std::unique_lock lock(wake_mu_);
      wake_cv_.wait_for(lock, kPoll, [this] { return woken_; });
      woken_ = false;
    }
    if (stop_) break;
    {
      std::lock_guard lock(watch_mu_);
      if (watcher_ == nullptr) {
        Status relisted = Relist();
        if (!relisted.ok()) log_.Error("RBAC re-list failed: ", relisted.ToString());
      } else {
        Drain();
      }
    }
    if (aggregate_pending_.exchange(false)) Aggregate();
  }
}

}  // namespace k1s::auth
