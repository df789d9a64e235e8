#include "pkg/apiserver/watch_event_cache.h"

#include "pkg/apiserver/object_storage.h"

namespace k1s::apiserver {

const nlohmann::json* LazyObject::Get() const {
  if (!text_) return nullptr;
  std::call_once(once_, [&] {
    if (auto decoded = ObjectStorage::Decode({key_, *text_, 0, revision_}); decoded.ok()) {
      decoded_ = std::move(*decoded);
    }
  });
  return decoded_ ? &*decoded_ : nullptr;
}

namespace {

// Empty when the state is not a JSON object.
std::string EncodeAt(const store::KeyValue& kv, int64_t revision) {
  auto encoded = ObjectStorage::Encoded(kv, revision);
  return encoded.ok() ? std::move(*encoded) : std::string();
}

}  // namespace

std::shared_ptr<const WatchEventCache::Entry> WatchEventCache::Build(const store::Event& event) {
  auto entry = std::make_shared<Entry>();
  entry->key = event.kv.key;
  if (event.prev) entry->prev.Set(*event.prev);
  if (event.type == store::EventType::kDelete) {
    if (event.prev) entry->encoded = EncodeAt(*event.prev, event.kv.mod_revision);
  } else {
    entry->encoded = EncodeAt(event.kv, event.kv.mod_revision);
    // A written state that is not JSON is no state: no watch shows it.
    if (!entry->encoded.empty()) entry->object.Set(event.kv);
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
