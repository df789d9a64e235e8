#include "pkg/apiserver/read_cache.h"

#include "pkg/store/collection_revisions.h"

namespace k1s::apiserver {

Result<ReadCache::Objects> ReadCache::Read(store::Store& store, const std::string& key, const Loader& load) {
  // Taken before the load: a write that lands during it moves the
  // collection's revision past this one, and the next read loads again.
  const int64_t revision = store.CollectionRevision(store::CollectionOf(key));
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(key);
    if (it != entries_.end() && it->second.collection_revision == revision) return it->second.objects;
  }
  K1S_ASSIGN_OR_RETURN(std::vector<nlohmann::json> loaded, load());
  auto objects = std::make_shared<const std::vector<nlohmann::json>>(std::move(loaded));
  if (objects->size() <= kMaxObjects) {
    std::lock_guard lock(mu_);
    if (entries_.size() >= kMaxEntries && !entries_.contains(key)) entries_.clear();
    entries_[key] = Entry{revision, objects};
  }
  return objects;
}

}  // namespace k1s::apiserver
