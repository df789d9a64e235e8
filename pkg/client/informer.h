// Informer: a local, always-current cache of one resource kept by list and
// watch, with event handlers and indexes; client-go's shared informer.
//
// One informer per resource is shared by every component of the process
// (InformerFactory), so 100k pods are cached once, not once per controller.
// Cached objects are immutable and shared: copy before changing one.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "pkg/client/client.h"
#include "pkg/util/clock.h"
#include "pkg/util/log.h"

namespace k1s::client {

using ObjectPtr = std::shared_ptr<const Json>;

// A cheap test of a cached object, given what the cache keeps parsed of it:
// the whole object, or for a compact informer its summary (see SetCompact).
using ObjectFilter = std::function<bool(const Json& summary)>;

// Handlers run on the informer's thread, one event at a time, in the order
// the server committed them. They should be quick (queue a key and return).
struct EventHandler {
  std::function<void(const ObjectPtr&)> on_add;
  std::function<void(const ObjectPtr& old_object, const ObjectPtr& new_object)> on_update;
  // The last state the cache knew.
  std::function<void(const ObjectPtr&)> on_delete;
};

// The values an object is filed under in one index (e.g. its node name).
using IndexFunc = std::function<std::vector<std::string>(const Json&)>;

// Pods by spec.nodeName: the one index every component that asks for the
// pods of a node adds under this name, so the shared pod informer keeps
// one such index, not one per component.
inline constexpr const char* kPodsByNodeIndex = "spec.nodeName";
std::vector<std::string> PodNodeNameIndex(const Json& pod);

// What a compact pods cache keeps parsed of each pod, for list filters:
// metadata without managedFields and annotations, spec.nodeName and
// status.phase. Enough for owner references, label selectors, deletion,
// the phase and the node; a filter that reads anything else sees it absent.
Json PodSummary(const Json& pod);

// "namespace/name", or "name" for cluster-scoped objects: the key every
// work queue uses.
std::string ObjectKey(const Json& object);
// The inverse of ObjectKey: {namespace, name}.
std::pair<std::string, std::string> SplitKey(const std::string& key);

class Informer {
 public:
  Informer(Client& client, ResourceId resource, Logger log);
  ~Informer();
  Informer(const Informer&) = delete;
  Informer& operator=(const Informer&) = delete;

  // May be called at any time; a handler added after the first list gets an
  // on_add for every object already cached, before any later event.
  void AddEventHandler(EventHandler handler);
  // Before Start only.
  void AddIndex(const std::string& name, IndexFunc index);
  // Applied to every object before it is cached (before Start only). The
  // default drops metadata.managedFields, which no controller reads.
  void SetTransform(std::function<void(Json&)> transform);
  // Keep each object as its JSON text plus `summary(object)`, and parse it
  // again when asked for (before Start only). A parsed pod is about seven
  // times its text, so the pods of a large cluster fit in a fraction of
  // the memory. Objects somebody still holds, and the most recently used
  // ones, are handed out without parsing; filters read only the summary.
  void SetCompact(std::function<Json(const Json&)> summary, size_t hot_objects = 4096);

  void Start();
  // Ends the watch and joins the thread. Idempotent.
  void Stop();
  // True once the first list is in the cache.
  bool HasSynced() const { return synced_; }
  bool WaitForSync(std::chrono::milliseconds timeout) const;

  ObjectPtr Get(const std::string& key) const;
  ObjectPtr Get(std::string_view ns, std::string_view name) const;
  std::vector<ObjectPtr> List() const;
  std::vector<ObjectPtr> ListNamespace(std::string_view ns) const;
  // Only the objects `keep` accepts; a compact informer parses just those.
  std::vector<ObjectPtr> List(const ObjectFilter& keep) const;
  std::vector<ObjectPtr> ListNamespace(std::string_view ns, const ObjectFilter& keep) const;
  std::vector<ObjectPtr> ByIndex(const std::string& index, const std::string& value) const;
  size_t Size() const;
  const ResourceId& resource() const { return resource_; }

 private:
  void Run();
  // Lists everything and makes the cache equal to it. Returns the list's
  // resourceVersion.
  Result<std::string> ListAndReplace();
  // Watches from `rv` until the stream ends (nullopt: watch again from the
  // returned version) or the version is too old (Gone: list again).
  Result<std::string> WatchFrom(std::string rv);
  // A compact informer's form of one object. Shared, so that it can be
  // parsed after cache_mu_ is released: a parse under the lock held the
  // informer's writes up behind readers.
  struct CompactObject {
    std::string text;
    Json summary;
    // The last parse, while anybody holds it; guarded by parsed_mu_.
    mutable std::weak_ptr<const Json> parsed;
    // That parse, held while this object is in hot_; guarded by parsed_mu_.
    mutable ObjectPtr hot;
  };
  using CompactPtr = std::shared_ptr<const CompactObject>;
  // One cached object: the parsed object, or its compact form.
  struct Entry {
    ObjectPtr object;
    CompactPtr compact;
    // Per index in index_funcs_' order: the values the object is filed under.
    std::vector<std::vector<std::string>> index_values;
  };
  // An entry's object as taken under cache_mu_, to be parsed after (Object).
  struct Taken {
    ObjectPtr object;
    CompactPtr compact;
  };

  // `text`: the object as JSON text if the watch kept it (compact only).
  // dispatch_mu_ held, as for Remove: writers are one at a time.
  void Upsert(Json object, std::string text = {});
  void Remove(const std::string& key);
  void IndexLocked(const std::string& key, const Entry& entry, bool add);
  // ByIndex with ListNamespace's filter (null: every object).
  std::vector<ObjectPtr> ByIndex(const std::string& index, const std::string& value, const ObjectFilter& keep) const;
  static Taken Take(const Entry& entry) { return {entry.object, entry.compact}; }
  // The object, parsed if need be; without cache_mu_.
  ObjectPtr Object(const Taken& taken) const;
  std::vector<ObjectPtr> Objects(const std::vector<Taken>& taken) const;
  const Json& SummaryOf(const Entry& entry) const { return compact_ ? entry.compact->summary : *entry.object; }
  // Keeps `object` parsed for a while.
  void KeepHot(const CompactPtr& compact, const ObjectPtr& object) const;
  // A replaced or removed object's parse is no longer worth keeping.
  void Retire(const CompactPtr& compact) const;
  bool SleepUnlessStopping(std::chrono::milliseconds d);

  Client& client_;
  const ResourceId resource_;
  const Logger log_;
  std::function<void(Json&)> transform_;
  // The default transform's work, done on each watch event's text instead.
  bool drop_managed_fields_ = true;
  std::map<std::string, IndexFunc> index_funcs_;  // set before Start
  std::function<Json(const Json&)> summary_;      // set before Start
  bool compact_ = false;

  mutable std::shared_mutex cache_mu_;
  std::unordered_map<std::string, Entry> cache_;  // guarded by cache_mu_
  // Compact: the objects last parsed or stored, each once, kept parsed so
  // that a handler's Get of the object it was just told about, or the next
  // event's old object, needs no parse.
  size_t hot_capacity_ = 0;  // set before Start
  mutable std::mutex parsed_mu_;
  mutable std::vector<CompactPtr> hot_;  // guarded by parsed_mu_, a ring
  mutable size_t hot_next_ = 0;          // guarded by parsed_mu_
  // index name -> value -> keys; guarded by cache_mu_
  std::map<std::string, std::unordered_map<std::string, std::set<std::string>>> indexes_;

  // Held while an event updates the cache and runs the handlers, so a handler
  // added meanwhile sees each object exactly once.
  std::mutex dispatch_mu_;
  std::vector<EventHandler> handlers_;  // guarded by dispatch_mu_

  std::atomic<bool> synced_{false};
  mutable std::mutex stop_mu_;
  mutable std::condition_variable stop_cv_;
  bool stopping_ = false;                       // guarded by stop_mu_
  WatchStream* current_watch_ = nullptr;        // guarded by stop_mu_
  std::thread thread_;
};

// One Informer per resource for the whole process.
class InformerFactory {
 public:
  InformerFactory(Client& client, Logger log) : client_(client), log_(std::move(log)) {}
  ~InformerFactory() { Stop(); }
  InformerFactory(const InformerFactory&) = delete;
  InformerFactory& operator=(const InformerFactory&) = delete;

  // The informer for `resource`, created on first use; started at once if
  // the factory already is.
  Informer& For(const ResourceId& resource);
  void Start();
  // True once every informer created so far has listed.
  bool WaitForSync(std::chrono::milliseconds timeout);
  void Stop();

 private:
  Client& client_;
  const Logger log_;
  std::mutex mu_;
  std::map<ResourceId, std::unique_ptr<Informer>> informers_;  // guarded by mu_
  bool started_ = false;                                       // guarded by mu_
};

}  // namespace k1s::client
