#include "pkg/apiserver/object_storage.h"

#include "pkg/store/continue_token.h"
#include "pkg/util/json_dump.h"
#include "pkg/util/json_parse.h"
#include "pkg/util/json_scan.h"

namespace k1s::apiserver {

namespace {

// A pinned Update that keeps losing races is a bug somewhere, not contention.
constexpr int kMaxUpdateAttempts = 16;

// The stored text of `object`. Its resourceVersion is dropped from the
// object itself, not from a copy: the store's revision is the only one, and
// each caller sets the new one once the write succeeds.
std::string Encode(Json& object) {
  if (object.contains("metadata") && object["metadata"].is_object()) {
    object["metadata"].erase("resourceVersion");
  }
  return DumpJson(object);
}

std::string NameOf(const Json& object) {
  const Json* name = nullptr;
  if (object.contains("metadata")) {
    auto it = object["metadata"].find("name");
    if (it != object["metadata"].end() && it->is_string()) name = &*it;
  }
  return name != nullptr ? name->get<std::string>() : std::string();
}

std::string NamespaceOf(const Json& object) {
  if (!object.contains("metadata")) return {};
  auto it = object["metadata"].find("namespace");
  return it != object["metadata"].end() && it->is_string() ? it->get<std::string>() : std::string();
}

// managedFields entries equal but for the time of their last write.
bool SameManagedFields(const Json& a, const Json& b) {
  if (!a.is_array() || !b.is_array() || a.size() != b.size()) return a == b;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_object() || !b[i].is_object() || a[i].size() != b[i].size()) return a[i] == b[i];
    for (const auto& [key, value] : a[i].items()) {
      if (key == "time") continue;
      auto other = b[i].find(key);
      if (other == b[i].end() || *other != value) return false;
    }
  }
  return true;
}

// Whether an update changed nothing a client could see. kube-apiserver does
// not write such an update (no new resourceVersion, no watch event), and it
// ignores the managedFields timestamps a no-op write would have refreshed.
bool Unchanged(const Json& before, const Json& after) {
  if (!before.is_object() || !after.is_object() || before.size() != after.size()) return false;
  // Most updates are status writes: comparing the status first spares a
  // walk through the metadata and spec they leave as they were.
  if (auto status = before.find("status"); status != before.end()) {
    auto other = after.find("status");
    if (other == after.end() || *other != *status) return false;
  }
  for (const auto& [key, value] : before.items()) {
    if (key == "status") continue;
    auto other = after.find(key);
    if (other == after.end()) return false;
    if (key != "metadata" || !value.is_object() || !other->is_object()) {
      if (*other != value) return false;
      continue;
    }
    for (const auto& [field, meta] : value.items()) {
      if (field == "resourceVersion") continue;
      auto theirs = other->find(field);
      if (theirs == other->end()) return false;
      if (field == "managedFields" ? !SameManagedFields(meta, *theirs) : *theirs != meta) return false;
    }
    for (const auto& [field, meta] : other->items()) {
      if (field != "resourceVersion" && !value.contains(field)) return false;
    }
  }
  return true;
}

}  // namespace

std::string QualifiedResource(const api::Resource& resource) {
  return resource.group.empty() ? resource.plural : resource.plural + "." + resource.group;
}

Status NotFoundError(const api::Resource& resource, const std::string& name) {
  return Status::NotFound(QualifiedResource(resource) + " \"" + name + "\" not found");
}

Status AlreadyExistsError(const api::Resource& resource, const std::string& name) {
  return Status::AlreadyExists(QualifiedResource(resource) + " \"" + name + "\" already exists");
}

Status ConflictError(const api::Resource& resource, const std::string& name) {
  return Status::Conflict("Operation cannot be fulfilled on " + QualifiedResource(resource) +
                          " \"" + name +
                          "\": the object has been modified; please apply your changes to the "
                          "latest version and try again");
}

Result<Json> ObjectStorage::Decode(const store::KeyValue& kv) {
  Json object = ParseJson(kv.value);
  if (object.is_discarded() || !object.is_object()) {
    return Status::Internal("stored object " + kv.key + " is not valid JSON");
  }
  object["metadata"]["resourceVersion"] = std::to_string(kv.mod_revision);
  return object;
}

std::string ObjectStorage::Prefix(const api::Resource& resource, const std::string& ns) {
  return resource.StoragePrefix(ns);
}

Result<Json> ObjectStorage::Get(const api::Resource& resource, const std::string& ns,
                                const std::string& name, int64_t revision) const {
  auto kv = store_.Get(resource.StorageKey(ns, name), revision);
  if (!kv.ok()) {
    if (kv.status().IsNotFound()) return NotFoundError(resource, name);
    return kv.status();
  }
  return Decode(*kv);
}

Result<Json> ObjectStorage::GetCached(const api::Resource& resource, const std::string& ns,
                                      const std::string& name) const {
  K1S_ASSIGN_OR_RETURN(ReadCache::Objects found,
                       cache_->Read(store_, resource.StorageKey(ns, name), [&]() -> Result<std::vector<Json>> {
                         K1S_ASSIGN_OR_RETURN(Json object, Get(resource, ns, name));
                         std::vector<Json> one;
                         one.push_back(std::move(object));
                         return one;
                       }));
  return found->front();
}

Result<std::vector<Json>> ObjectStorage::ListCached(const api::Resource& resource, const std::string& ns) const {
  K1S_ASSIGN_OR_RETURN(ReadCache::Objects found,
                       cache_->Read(store_, Prefix(resource, ns), [&]() -> Result<std::vector<Json>> {
                         ListQuery query;
                         query.namespace_name = ns;
                         K1S_ASSIGN_OR_RETURN(ListPage page, List(resource, query));
                         return std::move(page.items);
                       }));
  return *found;
}

Result<std::string> ObjectStorage::Encoded(const store::KeyValue& kv, int64_t revision) {
  const std::string version = std::to_string(revision);
  if (auto spliced = InsertJsonMember(kv.value, "metadata", "resourceVersion", "\"" + version + "\"")) {
    return std::move(*spliced);
  }
  // Text the splice does not take (no metadata, say): the long way.
  store::KeyValue at = kv;
  at.mod_revision = revision;
  K1S_ASSIGN_OR_RETURN(Json object, Decode(at));
  return DumpJson(object, InvalidUtf8::kReplace);
}

Result<ListPage> ObjectStorage::List(const api::Resource& resource, const ListQuery& query,
                                     const Visitor& visit) const {
  return Scan(resource, query, [&](const store::KeyValue& kv, bool ask_filter, ListPage& page) -> Result<bool> {
    K1S_ASSIGN_OR_RETURN(Json object, Decode(kv));
    if (ask_filter && !query.filter(object)) return false;
    if (visit) {
      visit(std::move(object));
    } else {
      page.items.push_back(std::move(object));
    }
    return true;
  });
}

Result<ListPage> ObjectStorage::ListEncoded(const api::Resource& resource, const ListQuery& query,
                                            const EncodedVisitor& visit) const {
  return Scan(resource, query, [&](const store::KeyValue& kv, bool ask_filter, ListPage&) -> Result<bool> {
    if (!ask_filter) {
      K1S_ASSIGN_OR_RETURN(std::string text, Encoded(kv, kv.mod_revision));
      visit(text);
      return true;
    }
    K1S_ASSIGN_OR_RETURN(Json object, Decode(kv));
    if (!query.filter(object)) return false;
    visit(DumpJson(object, InvalidUtf8::kReplace));
    return true;
  });
}

Result<ListPage> ObjectStorage::Scan(const api::Resource& resource, const ListQuery& query, const Taker& take) const {
  const std::string prefix = Prefix(resource, query.namespace_name);
  ListPage page;
  int64_t kept = 0;
  store::ListOptions options;
  options.revision = query.revision;
  options.continue_token = query.continue_token;
  // Without a filter the store's own paging is exact. With one, read in
  // batches until the page is full, and resume right after the last item kept.
  const int64_t batch = query.limit > 0 ? std::max<int64_t>(query.limit, 500) : 0;
  options.limit = query.filter ? batch : query.limit;
  while (true) {
    K1S_ASSIGN_OR_RETURN(store::ListResult result, store_.List(prefix, options));
    page.revision = result.revision;
    for (size_t i = 0; i < result.items.size(); ++i) {
      bool ask_filter = query.filter != nullptr;
      if (ask_filter && query.prefilter) {
        const Prefiltered said = query.prefilter(result.items[i].value);
        if (said == Prefiltered::kRejected) continue;
        ask_filter = said == Prefiltered::kUndecided;
      }
      K1S_ASSIGN_OR_RETURN(bool kept_item, take(result.items[i], ask_filter, page));
      if (!kept_item) continue;
      ++kept;
      const bool last_in_batch = i + 1 == result.items.size();
      if (query.filter && query.limit > 0 && kept == query.limit &&
          (!last_in_batch || !result.continue_token.empty())) {
        page.continue_token = store::EncodeContinue({result.revision, result.items[i].key + '\0'});
        return page;
      }
    }
    if (result.continue_token.empty()) return page;
    if (!query.filter) {
      page.continue_token = result.continue_token;
      page.remaining = result.remaining;
      return page;
    }
    options.continue_token = result.continue_token;
  }
}

Result<Json> ObjectStorage::Create(const api::Resource& resource, Json object, std::string* text) {
  const std::string name = NameOf(object);
  auto kv = store_.Create(resource.StorageKey(NamespaceOf(object), name), Encode(object));
  if (!kv.ok()) {
    if (kv.status().IsAlreadyExists()) return AlreadyExistsError(resource, name);
    return kv.status();
  }
  object["metadata"]["resourceVersion"] = std::to_string(kv->mod_revision);
  if (text != nullptr) {
    K1S_ASSIGN_OR_RETURN(*text, Encoded(*kv, kv->mod_revision));
  }
  return object;
}

Result<Json> ObjectStorage::Update(const api::Resource& resource, const std::string& ns,
                                   const std::string& name, int64_t expected_revision,
                                   const Mutation& mutate) {
  const std::string key = resource.StorageKey(ns, name);
  for (int attempt = 0; attempt < kMaxUpdateAttempts; ++attempt) {
    auto current = store_.Get(key);
    if (!current.ok()) {
      if (current.status().IsNotFound()) return NotFoundError(resource, name);
      return current.status();
    }
    if (expected_revision != 0 && expected_revision != current->mod_revision) {
      return ConflictError(resource, name);
    }
    K1S_ASSIGN_OR_RETURN(Json object, Decode(*current));
    K1S_ASSIGN_OR_RETURN(Json updated, mutate(object));
    if (Unchanged(object, updated)) return object;
    auto written = store_.Update(key, Encode(updated), current->mod_revision);
    if (written.ok()) {
      updated["metadata"]["resourceVersion"] = std::to_string(written->mod_revision);
      return updated;
    }
    if (written.status().IsNotFound()) return NotFoundError(resource, name);
    if (!written.status().IsConflict()) return written.status();
    if (expected_revision != 0) return ConflictError(resource, name);
  }
  return ConflictError(resource, name);
}

Result<Json> ObjectStorage::Remove(const api::Resource& resource, const std::string& ns,
                                   const std::string& name, int64_t revision) {
  auto kv = store_.Delete(resource.StorageKey(ns, name), revision);
  if (!kv.ok()) {
    if (kv.status().IsNotFound()) return NotFoundError(resource, name);
    if (kv.status().IsConflict()) return ConflictError(resource, name);
    return kv.status();
  }
  return Decode(*kv);
}

Result<std::unique_ptr<store::Watcher>> ObjectStorage::Watch(const api::Resource& resource,
                                                             const std::string& ns,
                                                             int64_t after_revision) {
  return store_.Watch(Prefix(resource, ns), after_revision);
}

}  // namespace k1s::apiserver
