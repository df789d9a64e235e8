// WatchEventCache: the decoded and encoded forms of recent store events,
// shared by every watch. The store hands each watcher its own copy of an
// event; without this, a thousand watchers of pods would each parse the
// pod and serialize it again, a thousand times per change.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "pkg/store/store.h"

namespace k1s::apiserver {

class WatchEventCache {
 public:
  struct Entry {
    std::string key;
    std::optional<nlohmann::json> object;  // the state the event wrote (not for deletes)
    std::optional<nlohmann::json> prev;    // the state before, when the store gave it
    // `object` serialized; for a delete, `prev` with the delete's
    // resourceVersion, as the DELETED event carries it.
    std::string encoded;
  };

  // Entries kept: enough for the burst that every watcher reads right after
  // a write, small enough that the decoded objects cost little.
  explicit WatchEventCache(size_t capacity = 256) : capacity_(capacity) {}

  // The entry for `event`, decoded and encoded once for all watches.
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
