// RecordPool: items of one kind (service IPs, node ports) handed out to
// Services, with the store as the arbiter. An item is taken while the key
// <prefix><item> exists; it is made with Store::Create, so two writers can
// never both get it, and its value names the owner:
//   {"namespace": "default", "name": "web", "uid": "..."}
// The bitmap is this process's cache of which keys exist, so finding a free
// item never lists the store. Records made for a Service write that has not
// finished yet are "pending": a repair must not take them for orphans.
// Not thread-safe; ServiceAllocator serialises every call.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "pkg/apiserver/allocation_bitmap.h"
#include "pkg/store/store.h"
#include "pkg/util/result.h"

namespace k1s::apiserver {

struct ServiceOwner {
  std::string namespace_name;
  std::string name;
  std::string uid;
};

class RecordPool {
 public:
  using NameOf = std::function<std::string(uint64_t)>;
  using IndexOf = std::function<std::optional<uint64_t>(std::string_view)>;

  RecordPool(store::Store& store, std::string prefix, AllocationBitmap bitmap, NameOf name_of,
             IndexOf index_of);

  const std::string& prefix() const { return prefix_; }
  std::string Name(uint64_t i) const { return name_of_(i); }
  std::optional<uint64_t> Index(std::string_view name) const { return index_of_(name); }
  AllocationBitmap& bitmap() { return bitmap_; }
  bool IsPending(uint64_t i) const { return pending_.contains(i); }
  const std::set<uint64_t>& pending() const { return pending_; }

  // Takes item `i` for `owner` (pending until Settle). AlreadyExists when
  // someone holds it. A dry run only checks.
  Status Take(uint64_t i, const ServiceOwner& owner, bool dry_run);
  // Takes some free item; Unavailable("range is full") when there is none.
  Result<uint64_t> TakeAny(const ServiceOwner& owner, bool dry_run);
  // The write the record was made for is stored (or the record is gone).
  void Settle(uint64_t i) { pending_.erase(i); }
  // Removes the record of `i` if `owner_uid` holds it; a record of someone
  // else, or none, is left as it is.
  Status Release(uint64_t i, const std::string& owner_uid);

  // Makes the record of `i` for `owner` without touching the bitmap (repair).
  Status WriteRecord(uint64_t i, const ServiceOwner& owner);

  static std::string RecordValue(const ServiceOwner& owner);
  static std::optional<ServiceOwner> ParseRecord(const std::string& value);

 private:
  store::Store& store_;
  const std::string prefix_;
  AllocationBitmap bitmap_;
  const NameOf name_of_;
  const IndexOf index_of_;
  std::set<uint64_t> pending_;
};

}  // namespace k1s::apiserver
