// ObjectStorage: API objects (JSON) on top of the revisioned key-value store.
//
// Objects are stored as JSON text without metadata.resourceVersion; on the
// way out resourceVersion is the store's mod revision of the key, so it is
// always exact and costs nothing to keep up to date. Every write is a
// compare-and-swap; Update retries a lost race unless the caller pinned a
// resourceVersion.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "pkg/api/resource.h"
#include "pkg/apiserver/read_cache.h"
#include "pkg/store/store.h"
#include "pkg/util/result.h"

namespace k1s::apiserver {

using Json = nlohmann::json;

// What a selector can tell of an object from its stored text alone.
enum class Prefiltered {
  kRejected,   // `filter` would say no: skipped without being parsed
  kAccepted,   // `filter` would say yes: taken without being parsed
  kUndecided,  // parse it and ask `filter`
};
using Prefilter = std::function<Prefiltered(std::string_view stored)>;

struct ListQuery {
  std::string namespace_name;  // "" lists every namespace (or a cluster-scoped kind)
  // Keeps an object in the result; unset keeps everything.
  std::function<bool(const Json&)> filter;
  // Asked first, of the stored text, when `filter` is set. Optional.
  Prefilter prefilter;
  int64_t limit = 0;  // 0: no limit
  std::string continue_token;
  int64_t revision = 0;  // 0: the latest
};

struct ListPage {
  std::vector<Json> items;
  int64_t revision = 0;
  std::string continue_token;
  std::optional<int64_t> remaining;  // known only when no filter applies
};

// Decides the new object from the current one. An error aborts the update
// and is returned as is. `current` outlives the call and stays as it was,
// so a layer that needs the state before reads it there instead of copying
// it; a mutation that edits in place takes its parameter by value.
using Mutation = std::function<Result<Json>(const Json& current)>;

class ObjectStorage {
 public:
  explicit ObjectStorage(store::Store& store) : store_(store), cache_(std::make_shared<ReadCache>()) {}

  Result<Json> Get(const api::Resource& resource, const std::string& ns, const std::string& name,
                   int64_t revision = 0) const;
  // Get and List (the whole namespace, no query) at the current revision,
  // for the small kinds read on every create (namespaces, service accounts,
  // priority classes, limit ranges, quotas): answered from decoded copies
  // while nothing in the resource was written since (see ReadCache).
  Result<Json> GetCached(const api::Resource& resource, const std::string& ns, const std::string& name) const;
  Result<std::vector<Json>> ListCached(const api::Resource& resource, const std::string& ns) const;
  // With a visitor, each object is handed to it as it is decoded and
  // ListPage::items stays empty: a large list then never holds every decoded
  // object at once.
  using Visitor = std::function<void(Json&&)>;
  Result<ListPage> List(const api::Resource& resource, const ListQuery& query,
                        const Visitor& visit = nullptr) const;
  // The same list, each object handed over as its JSON text (Encoded). Without
  // a filter no object is parsed at all.
  using EncodedVisitor = std::function<void(std::string_view)>;
  Result<ListPage> ListEncoded(const api::Resource& resource, const ListQuery& query,
                               const EncodedVisitor& visit) const;
  // Stores a new object (already complete: name, uid, timestamps...).
  // AlreadyExists names the object as kube-apiserver does. With `text`, also
  // the stored object as dump() writes it, resourceVersion included: spliced
  // into the stored text, not serialized a second time.
  Result<Json> Create(const api::Resource& resource, Json object, std::string* text = nullptr);
  // Read-modify-write of one object. `expected_revision` (0: none) pins the
  // version the caller saw: a mismatch is Conflict without retry. Otherwise
  // lost races are retried with a fresh copy. A mutation that changes
  // nothing but managedFields timestamps is not written: the stored object
  // comes back with its resourceVersion unchanged, as from kube-apiserver.
  Result<Json> Update(const api::Resource& resource, const std::string& ns, const std::string& name,
                      int64_t expected_revision, const Mutation& mutate);
  // Removes the object if its revision is still `revision` (0: any). Returns
  // the object as it was.
  Result<Json> Remove(const api::Resource& resource, const std::string& ns, const std::string& name,
                      int64_t revision);
  // Changes under the resource (and namespace) after `after_revision`.
  Result<std::unique_ptr<store::Watcher>> Watch(const api::Resource& resource,
                                                const std::string& ns, int64_t after_revision);

  // Decodes a stored value and stamps its resourceVersion.
  static Result<Json> Decode(const store::KeyValue& kv);
  // What Decode(kv) with resourceVersion `revision` dumps to, mostly without
  // parsing: the stored text is dump()'s, so the version is spliced in where
  // dump() would put it.
  static Result<std::string> Encoded(const store::KeyValue& kv, int64_t revision);
  // The key-space prefix for a list or watch.
  static std::string Prefix(const api::Resource& resource, const std::string& ns);

  store::Store& store() { return store_; }

 private:
  // The list loop: `take` gets each stored item the prefilter lets through,
  // with whether the filter still has to be asked, and says whether it kept it.
  using Taker = std::function<Result<bool>(const store::KeyValue&, bool ask_filter, ListPage&)>;
  Result<ListPage> Scan(const api::Resource& resource, const ListQuery& query, const Taker& take) const;

  store::Store& store_;
  std::shared_ptr<ReadCache> cache_;  // shared by copies: it only ever holds what the store holds
};

// Kubernetes' wording for the common storage errors.
Status NotFoundError(const api::Resource& resource, const std::string& name);
Status AlreadyExistsError(const api::Resource& resource, const std::string& name);
Status ConflictError(const api::Resource& resource, const std::string& name);
// "pods", or "deployments.apps": how messages name a resource.
std::string QualifiedResource(const api::Resource& resource);

}  // namespace k1s::apiserver
