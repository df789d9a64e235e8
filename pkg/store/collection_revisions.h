// CollectionRevisions: the revision of the last write in each collection of
// keys, so that a reader can tell whether what it read of a collection is
// still what the store holds without reading it again.
//
// A collection is the keys that share their first three path segments:
// "/registry/<group>/<resource>/", every object of one resource. A key with
// fewer segments belongs to the prefix up to its last '/'.
#pragma once

#include <cstdint>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace k1s::store {

// The collection `key` belongs to (a prefix of it, ending in '/').
std::string_view CollectionOf(std::string_view key);

class CollectionRevisions {
 public:
  // Records a committed write to `key` at `revision`.
  void Note(std::string_view key, int64_t revision);
  // The revision of the last write noted in `collection` (as CollectionOf
  // gives it); 0 if there was none.
  int64_t Of(std::string_view collection) const;

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, int64_t, Hash, std::equal_to<>> last_write_;  // guarded by mu_
};

}  // namespace k1s::store
