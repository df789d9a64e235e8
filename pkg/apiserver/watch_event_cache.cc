#include "pkg/apiserver/watch_event_cache.h"

#include "pkg/apiserver/object_storage.h"

namespace k1s::apiserver {

std::shared_ptr<const WatchEventCache::Entry> WatchEventCache::Build(const store::Event& event) {
  auto entry = std::make_shared<Entry>();
  entry->key = event.kv.key;
  if (event.type != store::EventType::kDelete) {
    if (auto decoded = ObjectStorage::Decode(event.kv); decoded.ok()) entry->object = std::move(*decoded);
  }
  if (event.prev) {
    if (auto decoded = ObjectStorage::Decode(*event.prev); decoded.ok()) entry->prev = std::move(*decoded);
  }
  const nlohmann::json* shown = nullptr;
  nlohmann::json deleted;
  if (event.type == store::EventType::kDelete) {
    if (entry->prev) {
      deleted = *entry->prev;
      deleted["metadata"]["resourceVersion"] = std::to_string(event.kv.mod_revision);
      shown = &deleted;
    }
  } else if (entry->object) {
    shown = &*entry->object;
  }
  if (shown != nullptr) {
    entry->encoded = shown->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  return entry;
}

std::shared_ptr<const WatchEventCache::Entry> WatchEventCache::Get(const store::Event& event) {
  const int64_t revision = event.kv.mod_revision;
  {
    std::lock_guard lock(mu_);
    auto it = by_revision_.find(revision);
    if (it != by_revision_.end() && it->second->key == event.kv.key) {
      ++hits_;
      return it->second;
    }
  }
  // Built outside the lock: watchers of different events decode in parallel;
  // two racing for the same event both build it, and one copy is kept.
  std::shared_ptr<const Entry> built = Build(event);
  std::lock_guard lock(mu_);
  auto [it, inserted] = by_revision_.emplace(revision, built);
  if (!inserted) {
    if (it->second->key == event.kv.key) return it->second;
    it->second = built;  // a revision reused across stores (tests): keep the newest
    return built;
  }
  order_.push_back(revision);
  while (order_.size() > capacity_) {
    by_revision_.erase(order_.front());
    order_.pop_front();
  }
  return built;
}

int64_t WatchEventCache::hits() const {
  std::lock_guard lock(mu_);
  return hits_;
}

}  // namespace k1s::apiserver
