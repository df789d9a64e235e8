#include "pkg/client/informer.h"

#include <optional>
#include <random>

#include "pkg/util/json_dump.h"
#include "pkg/util/json_fields.h"
#include "pkg/util/json_parse.h"

namespace k1s::client {

namespace {

constexpr int64_t kListPageSize = 500;
constexpr auto kRetryDelay = std::chrono::seconds(1);

const Json& Metadata(const Json& object) {
  static const Json kEmpty = Json::object();
  auto m = object.find("metadata");
  return m != object.end() && m->is_object() ? *m : kEmpty;
}

std::string ResourceVersion(const Json& object) { return Metadata(object).value("resourceVersion", ""); }

}  // namespace

std::string ObjectKey(const Json& object) {
  const Json& m = Metadata(object);
  std::string ns = m.value("namespace", "");
  std::string name = m.value("name", "");
  return ns.empty() ? name : ns + "/" + name;
}

std::pair<std::string, std::string> SplitKey(const std::string& key) {
  size_t slash = key.find('/');
  if (slash == std::string::npos) return {"", key};
  return {key.substr(0, slash), key.substr(slash + 1)};
}

Informer::Informer(Client& client, ResourceId resource, Logger log)
    : client_(client), resource_(std::move(resource)), log_(std::move(log)) {
  transform_ = [](Json& object) { EraseManagedFields(object); };
  index_funcs_["namespace"] = [](const Json& object) {
    return std::vector<std::string>{Metadata(object).value("namespace", "")};
  };
}

Informer::~Informer() { Stop(); }

std::vector<std::string> PodNodeNameIndex(const Json& pod) {
  auto spec = pod.find("spec");
  if (spec == pod.end() || !spec->is_object()) return {};
  auto node = spec->find("nodeName");
  if (node == spec->end() || !node->is_string() || node->get_ref<const std::string&>().empty()) return {};
  return {node->get<std::string>()};
}

Json PodSummary(const Json& pod) {
  Json summary = Json::object();
  if (auto m = pod.find("metadata"); m != pod.end() && m->is_object()) {
    Json& meta = summary["metadata"] = Json::object();
    for (auto it = m->begin(); it != m->end(); ++it) {
      if (it.key() != "managedFields" && it.key() != "annotations") meta[it.key()] = it.value();
    }
  }
  if (auto spec = pod.find("spec"); spec != pod.end() && spec->is_object()) {
    if (auto node = spec->find("nodeName"); node != spec->end()) summary["spec"]["nodeName"] = *node;
  }
  if (auto status = pod.find("status"); status != pod.end() && status->is_object()) {
    if (auto phase = status->find("phase"); phase != status->end()) summary["status"]["phase"] = *phase;
  }
  return summary;
}

void Informer::AddIndex(const std::string& name, IndexFunc index) { index_funcs_[name] = std::move(index); }

void Informer::SetCompact(std::function<Json(const Json&)> summary, size_t hot_objects) {
  summary_ = std::move(summary);
  hot_capacity_ = hot_objects;
  compact_ = true;
}

void Informer::SetTransform(std::function<void(Json&)> transform) {
  transform_ = std::move(transform);
  drop_managed_fields_ = false;  // the new transform may want them
}

void Informer::AddEventHandler(EventHandler handler) {
  // Under dispatch_mu_, every cached object has been dispatched to the
  // handlers already added and to no later one: replay them all to this one.
  // (Replaying only once synced_ was set lost objects: the first list filled
  // the cache and released the lock before synced_ turned true, and a
  // handler added in between never heard of them. A Deployment created as
  // its controller started was never synced.)
  std::lock_guard<std::mutex> lock(dispatch_mu_);
  if (handler.on_add) {
    for (const ObjectPtr& object : List()) handler.on_add(object);
  }
  handlers_.push_back(std::move(handler));
}

void Informer::Start() {
  std::lock_guard<std::mutex> lock(stop_mu_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { Run(); });
}

void Informer::Stop() {
  {
    std::lock_guard<std::mutex> lock(stop_mu_);
    stopping_ = true;
    if (current_watch_ != nullptr) current_watch_->Stop();
    stop_cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

bool Informer::WaitForSync(std::chrono::milliseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!synced_) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::unique_lock<std::mutex> lock(stop_mu_);
    if (stopping_) return false;
    stop_cv_.wait_for(lock, std::chrono::milliseconds(5));
  }
  return true;
}

bool Informer::SleepUnlessStopping(std::chrono::milliseconds d) {
  std::unique_lock<std::mutex> lock(stop_mu_);
  return !stop_cv_.wait_for(lock, d, [this] { return stopping_; });
}

void Informer::Run() {
  std::string rv;
  bool need_list = true;
  while (true) {
    {
      std::lock_guard<std::mutex> lock(stop_mu_);
      if (stopping_) return;
    }
    if (need_list) {
      auto listed = ListAndReplace();
      if (!listed.ok()) {
        log_.Warning("listing ", resource_.ToString(), ": ", listed.status().message());
        if (!SleepUnlessStopping(kRetryDelay)) return;
        continue;
      }
      rv = *listed;
      need_list = false;
      if (!synced_) {
        synced_ = true;
        std::lock_guard<std::mutex> lock(stop_mu_);
        stop_cv_.notify_all();
      }
    }
    auto watched = WatchFrom(rv);
    if (watched.ok()) {
      rv = *watched;
      continue;
    }
    if (!watched.status().IsGone()) {
      log_.Warning("watching ", resource_.ToString(), ": ", watched.status().message());
      if (!SleepUnlessStopping(kRetryDelay)) return;
    }
    need_list = true;
  }
}

Result<std::string> Informer::ListAndReplace() {
  std::vector<Json> items;
  std::string rv;
  ListOptions options{.limit = kListPageSize};
  do {
    K1S_ASSIGN_OR_RETURN(Json page, client_.List(resource_, "", options));
    for (Json& item : page["items"]) items.push_back(std::move(item));
    const Json& m = Metadata(page);
    if (rv.empty()) rv = m.value("resourceVersion", "");
    options.continue_token = m.value("continue", "");
  } while (!options.continue_token.empty());

  std::lock_guard<std::mutex> dispatch(dispatch_mu_);
  std::set<std::string> seen;
  for (Json& item : items) {
    seen.insert(ObjectKey(item));
    Upsert(std::move(item));
  }
  std::vector<std::string> gone;
  {
    std::shared_lock<std::shared_mutex> lock(cache_mu_);
    for (const auto& [key, entry] : cache_) {
      if (!seen.contains(key)) gone.push_back(key);
    }
  }
  for (const std::string& key : gone) Remove(key);
  return rv;
}

Result<std::string> Informer::WatchFrom(std::string rv) {
  // A random timeout, as client-go's, so many watches do not all restart at once.
  thread_local std::mt19937 rng(std::random_device{}());
  WatchOptions options{.resource_version = rv,
                       .allow_bookmarks = true,
                       .timeout_seconds = 300 + static_cast<int>(rng() % 300),
                       .drop_managed_fields = drop_managed_fields_,
                       // The text then is what the default transform leaves.
                       .keep_object_text = compact_ && drop_managed_fields_};
  K1S_ASSIGN_OR_RETURN(std::unique_ptr<WatchStream> stream, client_.Watch(resource_, "", options));
  {
    std::lock_guard<std::mutex> lock(stop_mu_);
    if (stopping_) return rv;
    current_watch_ = stream.get();
  }
  struct Unregister {
    Informer* self;
    ~Unregister() {
      std::lock_guard<std::mutex> lock(self->stop_mu_);
      self->current_watch_ = nullptr;
    }
  } unregister{this};
  while (!stream->ended()) {
    std::optional<WatchEvent> event = stream->Next(std::chrono::seconds(1));
    if (!event) continue;
    switch (event->type) {
      case WatchEvent::Type::kAdded:
      case WatchEvent::Type::kModified: {
        rv = ResourceVersion(event->object);
        std::lock_guard<std::mutex> dispatch(dispatch_mu_);
        Upsert(std::move(event->object), std::move(event->object_text));
        break;
      }
      case WatchEvent::Type::kDeleted: {
        rv = ResourceVersion(event->object);
        std::lock_guard<std::mutex> dispatch(dispatch_mu_);
        Remove(ObjectKey(event->object));
        break;
      }
      case WatchEvent::Type::kBookmark:
        rv = ResourceVersion(event->object);
        break;
      case WatchEvent::Type::kError: {
        int code = event->object.value("code", 500);
        if (code == 410) return Status::Gone(event->object.value("message", "too old resource version"));
        return Status::Internal(event->object.value("message", "watch error"));
      }
    }
  }
  return rv;
}

void Informer::IndexLocked(const std::string& key, const Entry& entry, bool add) {
  size_t i = 0;
  for (const auto& [name, func] : index_funcs_) {
    auto& index = indexes_[name];
    for (const std::string& value : entry.index_values[i++]) {
      if (add) {
        index[value].insert(key);
        continue;
      }
      auto it = index.find(value);
      if (it == index.end()) continue;
      it->second.erase(key);
      if (it->second.empty()) index.erase(it);
    }
  }
}

void Informer::KeepHot(const CompactPtr& compact, const ObjectPtr& object) const {
  ObjectPtr evicted;  // freed after the lock is released
  std::lock_guard<std::mutex> lock(parsed_mu_);
  compact->parsed = object;
  if (hot_capacity_ == 0) return;
  if (compact->hot != nullptr) {  // in the ring already
    compact->hot = object;
    return;
  }
  compact->hot = object;
  if (hot_.size() < hot_capacity_) {
    hot_.push_back(compact);
    return;
  }
  CompactPtr& slot = hot_[hot_next_];
  evicted = std::move(slot->hot);
  slot = compact;
  hot_next_ = (hot_next_ + 1) % hot_capacity_;
}

void Informer::Retire(const CompactPtr& compact) const {
  ObjectPtr retired;  // freed after the lock is released
  std::lock_guard<std::mutex> lock(parsed_mu_);
  // Its ring slot keeps only the text until it is reused.
  retired = std::move(compact->hot);
}

ObjectPtr Informer::Object(const Taken& taken) const {
  if (taken.compact == nullptr) return taken.object;
  {
    std::lock_guard<std::mutex> lock(parsed_mu_);
    if (ObjectPtr held = taken.compact->parsed.lock()) return held;
  }
  // The text is what the server sent or this informer serialized, so it parses.
  auto parsed = std::make_shared<const Json>(ParseJson(taken.compact->text));
  KeepHot(taken.compact, parsed);
  return parsed;
}

std::vector<ObjectPtr> Informer::Objects(const std::vector<Taken>& taken) const {
  std::vector<ObjectPtr> out;
  out.reserve(taken.size());
  for (const Taken& t : taken) out.push_back(Object(t));
  return out;
}

void Informer::Upsert(Json object, std::string text) {
  if (transform_) transform_(object);
  std::string key = ObjectKey(object);
  {
    // A relist's unchanged object is dropped before it is indexed and, in a
    // compact informer, serialized. Writers hold dispatch_mu_, so the entry
    // cannot change before the exclusive lock below.
    std::shared_lock<std::shared_mutex> lock(cache_mu_);
    auto it = cache_.find(key);
    if (it != cache_.end() && ResourceVersion(SummaryOf(it->second)) == ResourceVersion(object)) return;
  }
  Entry entry;
  entry.object = std::make_shared<const Json>(std::move(object));
  const ObjectPtr now = entry.object;
  for (const auto& [name, func] : index_funcs_) entry.index_values.push_back(func(*now));
  if (compact_) {
    if (text.empty()) {
      text = DumpJson(*now);
      text.shrink_to_fit();  // dump() grows it by doubling
    }
    auto compact = std::make_shared<CompactObject>();
    compact->text = std::move(text);
    compact->summary = summary_(*now);
    entry.compact = std::move(compact);
    entry.object = nullptr;
  }
  const CompactPtr compact = entry.compact;
  std::optional<Taken> old;
  {
    std::unique_lock<std::shared_mutex> lock(cache_mu_);
    auto it = cache_.find(key);
    if (it != cache_.end()) {
      old = Take(it->second);
      IndexLocked(key, it->second, false);
      it->second = std::move(entry);
    } else {
      it = cache_.emplace(key, std::move(entry)).first;
    }
    IndexLocked(key, it->second, true);
  }
  if (compact != nullptr) KeepHot(compact, now);  // not for a relisted, unchanged object
  // Parsed, if need be, only for handlers that are given it.
  ObjectPtr old_object;
  for (const EventHandler& h : handlers_) {
    if (!old && h.on_add) h.on_add(now);
    if (old && h.on_update) {
      if (old_object == nullptr) old_object = Object(*old);
      h.on_update(old_object, now);
    }
  }
  if (old && old->compact != nullptr) Retire(old->compact);
}

void Informer::Remove(const std::string& key) {
  Taken taken;
  {
    std::unique_lock<std::shared_mutex> lock(cache_mu_);
    auto it = cache_.find(key);
    if (it == cache_.end()) return;
    taken = Take(it->second);
    IndexLocked(key, it->second, false);
    cache_.erase(it);
  }
  const ObjectPtr old = Object(taken);
  for (const EventHandler& h : handlers_) {
    if (h.on_delete) h.on_delete(old);
  }
  if (taken.compact != nullptr) Retire(taken.compact);
}

ObjectPtr Informer::Get(const std::string& key) const {
  Taken taken;
  {
    std::shared_lock<std::shared_mutex> lock(cache_mu_);
    auto it = cache_.find(key);
    if (it == cache_.end()) return nullptr;
    taken = Take(it->second);
  }
  return Object(taken);
}

ObjectPtr Informer::Get(std::string_view ns, std::string_view name) const {
  return Get(ns.empty() ? std::string(name) : std::string(ns) + "/" + std::string(name));
}

std::vector<ObjectPtr> Informer::List() const { return List(nullptr); }

std::vector<ObjectPtr> Informer::List(const ObjectFilter& keep) const {
  std::vector<Taken> taken;
  {
    std::shared_lock<std::shared_mutex> lock(cache_mu_);
    if (!keep) taken.reserve(cache_.size());
    for (const auto& [key, entry] : cache_) {
      if (!keep || keep(SummaryOf(entry))) taken.push_back(Take(entry));
    }
  }
  return Objects(taken);
}

std::vector<ObjectPtr> Informer::ListNamespace(std::string_view ns) const {
  return ByIndex("namespace", std::string(ns));
}

std::vector<ObjectPtr> Informer::ListNamespace(std::string_view ns, const ObjectFilter& keep) const {
  return ByIndex("namespace", std::string(ns), keep);
}

std::vector<ObjectPtr> Informer::ByIndex(const std::string& index, const std::string& value) const {
  return ByIndex(index, value, nullptr);
}

std::vector<ObjectPtr> Informer::ByIndex(const std::string& index, const std::string& value,
                                         const ObjectFilter& keep) const {
  std::vector<Taken> taken;
  {
    std::shared_lock<std::shared_mutex> lock(cache_mu_);
    auto idx = indexes_.find(index);
    if (idx == indexes_.end()) return {};
    auto keys = idx->second.find(value);
    if (keys == idx->second.end()) return {};
    if (!keep) taken.reserve(keys->second.size());
    for (const std::string& key : keys->second) {
      auto it = cache_.find(key);
      if (it != cache_.end() && (!keep || keep(SummaryOf(it->second)))) taken.push_back(Take(it->second));
    }
  }
  return Objects(taken);
}

size_t Informer::Size() const {
  std::shared_lock<std::shared_mutex> lock(cache_mu_);
  return cache_.size();
}

Informer& InformerFactory::For(const ResourceId& resource) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& slot = informers_[resource];
  if (slot == nullptr) {
    slot = std::make_unique<Informer>(client_, resource, log_.Child(resource.ToString()));
    // Pods are what a cluster holds by the hundred thousand (simulated
    // nodes: 100 a node); parsed, they would be most of the process's memory.
    if (resource == resources::kPods) slot->SetCompact(PodSummary);
    if (started_) slot->Start();
  }
  return *slot;
}

void InformerFactory::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  started_ = true;
  for (auto& [id, informer] : informers_) informer->Start();
}

bool InformerFactory::WaitForSync(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::vector<Informer*> all;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [id, informer] : informers_) all.push_back(informer.get());
  }
  for (Informer* informer : all) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (!informer->WaitForSync(std::max(left, std::chrono::milliseconds(0)))) return false;
  }
  return true;
}

void InformerFactory::Stop() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [id, informer] : informers_) informer->Stop();
}

}  // namespace k1s::client
