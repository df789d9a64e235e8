// WatchEventCache: the encoded form of recent store events, shared by every
// watch. The store hands each watcher its own copy of an event; without
// this, a thousand watchers of pods would each serialize the pod again, a
// thousand times per change.
//
// Most watches (every informer's) select nothing, and the stored text is
// already the object's JSON but for its resourceVersion: their events are
// the stored text with that one member spliced in, never parsed. Only a
// watch with a selector, or one that wants a table, decodes an object, once
// for all such watches, on first use.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "pkg/store/store.h"

namespace k1s::apiserver {

// One state of an object in an event: the stored text, and the object it
// decodes to, built on first use and then shared.
class LazyObject {
 public:
  LazyObject() = default;
  LazyObject(const LazyObject&) = delete;
  LazyObject& operator=(const LazyObject&) = delete;

  bool present() const { return text_.has_value(); }
  std::string_view text() const { return text_ ? std::string_view(*text_) : std::string_view(); }
  // The decoded object with its resourceVersion; nullptr when absent or not
  // valid JSON. Safe to call from any thread.
  const nlohmann::json* Get() const;

 private:
  friend class WatchEventCache;
  // Only while the entry is built, before any Get.
  void Set(const store::KeyValue& kv) {
    text_ = kv.value;
    key_ = kv.key;
    revision_ = kv.mod_revision;
  }

  std::optional<std::string> text_;
  std::string key_;
  int64_t revision_ = 0;
  mutable std::once_flag once_;
  mutable std::optional<nlohmann::json> decoded_;
};

class WatchEventCache {
 public:
  struct Entry {
    std::string key;
    LazyObject object;  // the state the event wrote (absent for deletes)
    LazyObject prev;    // the state before, when the store gave it
    // The event's object as a watch shows it: `object` with its
    // resourceVersion; for a delete, `prev` with the delete's. Empty when
    // that state is not valid JSON.
    std::string encoded;
  };

  // Entries kept: enough for the burst that every watcher reads right after
  // a write.
  explicit WatchEventCache(size_t capacity = 256) : capacity_(capacity) {}

  // The entry for `event`, encoded once for all watches.
  std::shared_ptr<const Entry> Get(const store::Event& event);

  // How often Get found the entry made already (for tests and benches).
  int64_t hits() const;

 private:
  static std::shared_ptr<const Entry> Build(const store::Event& event);

  const size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_map<int64_t, std::shared_ptr<const Entry>> by_revision_;  // GUARDED_BY(mu_)
  std::deque<int64_t> order_;                                              // GUARDED_BY(mu_)
  int64_t hits_ = 0;                                                       // GUARDED_BY(mu_)
};

}  // namespace k1s::apiserver
