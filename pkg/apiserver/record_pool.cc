#include "pkg/apiserver/record_pool.h"

namespace k1s::apiserver {

RecordPool::RecordPool(store::Store& store, std::string prefix, AllocationBitmap bitmap,
                       NameOf name_of, IndexOf index_of)
    : store_(store),
      prefix_(std::move(prefix)),
      bitmap_(std::move(bitmap)),
      name_of_(std::move(name_of)),
      index_of_(std::move(index_of)) {}

std::string RecordPool::RecordValue(const ServiceOwner& owner) {
  return nlohmann::json{
      {"namespace", owner.namespace_name}, {"name", owner.name}, {"uid", owner.uid}}
      .dump();
}

std::optional<ServiceOwner> RecordPool::ParseRecord(const std::string& value) {
  auto j = nlohmann::json::parse(value, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  auto text = [&](const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  return ServiceOwner{text("namespace"), text("name"), text("uid")};
}

Status RecordPool::WriteRecord(uint64_t i, const ServiceOwner& owner) {
  auto created = store_.Create(prefix_ + name_of_(i), RecordValue(owner));
  return created.ok() ? Status::Ok() : created.status();
}

Status RecordPool::Take(uint64_t i, const ServiceOwner& owner, bool dry_run) {
  if (bitmap_.Has(i)) return Status::AlreadyExists("taken");
  if (dry_run) return Status::Ok();
  Status written = WriteRecord(i, owner);
  // AlreadyExists means the bitmap was behind the store: it learns here.
  if (written.ok() || written.IsAlreadyExists()) bitmap_.Set(i);
  if (!written.ok()) return written;
  pending_.insert(i);
  return Status::Ok();
}

Result<uint64_t> RecordPool::TakeAny(const ServiceOwner& owner, bool dry_run) {
  while (auto i = bitmap_.FindFree()) {
    Status taken = Take(*i, owner, dry_run);
    if (taken.ok()) return *i;
    if (!taken.IsAlreadyExists()) return taken;
  }
  return Status::Unavailable("range is full");
}

Status RecordPool::Release(uint64_t i, const std::string& owner_uid) {
  const std::string key = prefix_ + name_of_(i);
  auto kv = store_.Get(key);
  if (!kv.ok()) {
    if (!kv.status().IsNotFound()) return kv.status();
    // Already gone (a repair reclaimed it): free unless a write in flight holds it.
    if (!IsPending(i)) bitmap_.Clear(i);
    return Status::Ok();
  }
  auto owner = ParseRecord(kv->value);
  if (owner && owner->uid != owner_uid) return Status::Ok();
  auto deleted = store_.Delete(key, kv->mod_revision);
  if (!deleted.ok() && !deleted.status().IsNotFound()) return deleted.status();
  pending_.erase(i);
  bitmap_.Clear(i);
  return Status::Ok();
}

}  // namespace k1s::apiserver
