#include "pkg/store/collection_revisions.h"

#include <mutex>

namespace k1s::store {

std::string_view CollectionOf(std::string_view key) {
  size_t end = std::string_view::npos;
  size_t from = 0;
  for (int slashes = 0; slashes < 4; ++slashes) {
    const size_t next = key.find('/', from);
    if (next == std::string_view::npos) break;
    end = next;
    from = next + 1;
  }
  return end == std::string_view::npos ? std::string_view() : key.substr(0, end + 1);
}

void CollectionRevisions::Note(std::string_view key, int64_t revision) {
  const std::string_view collection = CollectionOf(key);
  std::unique_lock lock(mu_);
  auto it = last_write_.find(collection);
  if (it == last_write_.end()) {
    last_write_.emplace(std::string(collection), revision);
  } else if (revision > it->second) {
    it->second = revision;
  }
}

int64_t CollectionRevisions::Of(std::string_view collection) const {
  std::shared_lock lock(mu_);
  auto it = last_write_.find(collection);
  return it == last_write_.end() ? 0 : it->second;
}

}  // namespace k1s::store
