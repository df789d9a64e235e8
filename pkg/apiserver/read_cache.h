// ReadCache: decoded copies of small, rarely written objects that the API
// server reads on every create: the namespace, its service account, the
// priority classes, limit ranges and quotas admission consults. kube-apiserver
// reads those from watch-fed caches; this one is exact instead: an entry is
// used only while the store reports no write in its collection since it was
// read (Store::CollectionRevision), so it answers what a read of the store
// would.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "pkg/store/store.h"
#include "pkg/util/result.h"

namespace k1s::apiserver {

class ReadCache {
 public:
  using Objects = std::shared_ptr<const std::vector<nlohmann::json>>;
  using Loader = std::function<Result<std::vector<nlohmann::json>>()>;

  // What `load` reads for `key` (a storage key or prefix), from memory when
  // nothing under `key`'s collection was written since the last load. Errors
  // are returned, not kept; nor are results of more than kMaxObjects.
  Result<Objects> Read(store::Store& store, const std::string& key, const Loader& load);

  static constexpr size_t kMaxObjects = 256;
  static constexpr size_t kMaxEntries = 1024;

 private:
  struct Entry {
    int64_t collection_revision = 0;
    Objects objects;
  };
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // guarded by mu_
};

}  // namespace k1s::apiserver
