#include "pkg/controller/resourcequota/resourcequota_controller.h"

#include <algorithm>
#include <set>

#include "pkg/controller/common/discovery.h"
#include "pkg/controller/common/object_state.h"
#include "pkg/quota/resource_list.h"
#include "pkg/util/time_format.h"

namespace k1s::controller {

namespace {

using client::Json;

// Kinds that are not in the discovery document again sooner than this.
constexpr auto kRediscoverAfter = std::chrono::seconds(30);

const Json& At(const Json& object, const char* a, const char* b = nullptr) {
  static const Json kNull;
  if (!object.is_object()) return kNull;
  auto it = object.find(a);
  if (it == object.end()) return kNull;
  if (b == nullptr) return *it;
  if (!it->is_object()) return kNull;
  auto jt = it->find(b);
  return jt == it->end() ? kNull : *jt;
}

// The names in spec.hard that count objects of `gr`.
bool QuotaCounts(const Json& quota, const quota::GroupResource& gr) {
  const Json& hard = At(quota, "spec", "hard");
  if (!hard.is_object()) return false;
  for (auto it = hard.begin(); it != hard.end(); ++it) {
    if (auto tracked = quota::TrackedGroupResource(it.key()); tracked && *tracked == gr) return true;
  }
  return false;
}

// The service types quota tells apart (GetQuotaServiceType).
std::string QuotaServiceType(const Json& service) {
  const Json& type = At(service, "spec", "type");
  if (type == "NodePort" || type == "LoadBalancer") return type.get<std::string>();
  return "";
}

// The core kinds quota counts most: no discovery needed for them.
const std::set<std::string> kCoreKinds = {"pods",           "services", "persistentvolumeclaims", "configmaps",
                                          "secrets",        "replicationcontrollers", "resourcequotas",
                                          "serviceaccounts", "limitranges", "endpoints", "podtemplates"};

}  // namespace

ResourceQuotaController::ResourceQuotaController(ControllerContext& ctx) : HousekeepingController(ctx) {
  quotas_ = &Watch(client::resources::kResourceQuotas,
                   {[this](const client::ObjectPtr& q) { Enqueue(q); },
                    [this](const client::ObjectPtr& a, const client::ObjectPtr& b) { OnQuotaUpdate(a, b); },
                    nullptr});
  // Pods are what most quotas count: their cache fills with the others'.
  (void)Track({"", "pods"});
}

void ResourceQuotaController::OnQuotaUpdate(const client::ObjectPtr& old_quota, const client::ObjectPtr& new_quota) {
  // Status changes are this controller's and admission's own; only a new
  // spec (or a status someone emptied) needs a recount.
  const bool counted = At(*new_quota, "status", "hard").is_object() && At(*new_quota, "status", "used").is_object();
  if (!counted || At(*old_quota, "spec") != At(*new_quota, "spec")) Enqueue(new_quota);
}

void ResourceQuotaController::EnqueueQuotasOf(const std::string& ns, const quota::GroupResource& gr, bool raise_only,
                                              std::chrono::milliseconds delay) {
  for (const client::ObjectPtr& q : quotas_->ListNamespace(ns)) {
    if (!QuotaCounts(*q, gr)) continue;
    std::string key = client::ObjectKey(*q);
    if (raise_only) key.insert(key.begin(), kRaiseOnlyPrefix);
    if (delay.count() > 0) {
      queue().AddAfter(key, delay);
    } else {
      queue().Add(key);
    }
  }
}

client::EventHandler ResourceQuotaController::HandlerFor(const quota::GroupResource& gr) {
  client::EventHandler h;
  h.on_add = [this, gr](const client::ObjectPtr& o) { EnqueueQuotasOf(MetaString(*o, "namespace"), gr, true); };
  h.on_delete = [this, gr](const client::ObjectPtr& o) { EnqueueQuotasOf(MetaString(*o, "namespace"), gr, false); };
  h.on_update = [this, gr](const client::ObjectPtr& old_object, const client::ObjectPtr& new_object) {
    const std::string ns = MetaString(*new_object, "namespace");
    if (gr.group.empty() && gr.resource == "pods") {
      const auto now = clock_.Now();
      const bool was = quota::IsPodCharged(*old_object, now);
      const bool is = quota::IsPodCharged(*new_object, now);
      if (was && !is) {
        EnqueueQuotasOf(ns, gr, false);  // finished: its resources are free
      } else if (is && !IsBeingDeleted(*old_object) && IsBeingDeleted(*new_object)) {
        // Being deleted: it stops counting when its grace period ends.
        const auto deleted = ParseRfc3339(MetaString(*new_object, "deletionTimestamp"));
        const Json& grace = At(*new_object, "metadata", "deletionGracePeriodSeconds");
        if (deleted && grace.is_number_integer()) {
          const auto end = *deleted + std::chrono::seconds(grace.get<int64_t>()) + std::chrono::seconds(1);
          const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(end - now);
          EnqueueQuotasOf(ns, gr, false, std::max(wait, std::chrono::milliseconds(1)));
        }
      }
    } else if (gr.group.empty() && gr.resource == "services") {
      if (QuotaServiceType(*old_object) != QuotaServiceType(*new_object)) EnqueueQuotasOf(ns, gr, false);
    } else if (gr.group.empty() && gr.resource == "persistentvolumeclaims") {
      if (At(At(*old_object, "status", "allocatedResources"), "storage") !=
          At(At(*new_object, "status", "allocatedResources"), "storage")) {
        EnqueueQuotasOf(ns, gr, false);
      }
    }
  };
  return h;
}

Result<std::optional<ResourceQuotaController::Served>> ResourceQuotaController::ResolveLocked(
    const quota::GroupResource& gr) {
  if (gr.group.empty() && kCoreKinds.contains(gr.resource)) return Served{{"", "v1", gr.resource}, true};
  if (auto it = discovered_.find(gr); it != discovered_.end()) return it->second;
  const auto now = clock_.SteadyNow();
  if (discovered_at_ && now - *discovered_at_ < kRediscoverAfter) return std::optional<Served>();
  K1S_ASSIGN_OR_RETURN(std::vector<DiscoveredResource> found, DiscoverResources(client_));
  discovered_at_ = now;
  discovered_.clear();
  for (const DiscoveredResource& d : found) {
    if (!d.Supports("list") || !d.Supports("watch")) continue;
    discovered_.try_emplace({d.id.group, d.id.resource}, Served{d.id, d.namespaced});
  }
  if (auto it = discovered_.find(gr); it != discovered_.end()) return it->second;
  return std::optional<Served>();
}

Result<std::optional<ResourceQuotaController::Tracked>> ResourceQuotaController::Track(
    const quota::GroupResource& gr) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = tracked_.find(gr); it != tracked_.end()) return it->second;
  K1S_ASSIGN_OR_RETURN(std::optional<Served> served, ResolveLocked(gr));
  if (!served) return std::optional<Tracked>();
  Tracked t;
  if (served->namespaced) t.informer = &Watch(served->id, HandlerFor(gr));
  tracked_.emplace(gr, t);
  return t;
}

Status ResourceQuotaController::Sync(const std::string& key) {
  if (key == kResyncKey) {
    queue().AddAfter(kResyncKey, kResyncPeriod);
    for (const client::ObjectPtr& q : quotas_->List()) Enqueue(q);
    return Status::Ok();
  }
  if (!key.empty() && key[0] == kRaiseOnlyPrefix) return SyncQuota(key.substr(1), true);
  return SyncQuota(key, false);
}

Status ResourceQuotaController::SyncQuota(const std::string& key, bool raise_only) {
  client::ObjectPtr cached = quotas_->Get(key);
  if (cached == nullptr) return Status::Ok();
  const Json& q = *cached;
  const std::string ns = MetaString(q, "namespace");
  const bool counted = At(q, "status", "hard").is_object() && At(q, "status", "used").is_object();
  if (!counted) raise_only = false;  // a first count has nothing to keep

  const quota::ResourceList hard = quota::ParseResourceList(At(q, "spec", "hard"));
  const std::vector<quota::ScopeRequirement> scopes = quota::QuotaScopes(q);
  std::map<quota::GroupResource, quota::ResourceNames> by_kind;
  for (const auto& [name, limit] : hard) {
    if (auto gr = quota::TrackedGroupResource(name)) by_kind[*gr].push_back(name);
  }

  const auto now = clock_.Now();
  quota::ResourceList counted_now;
  for (const auto& [gr, names] : by_kind) {
    K1S_ASSIGN_OR_RETURN(std::optional<Tracked> tracked, Track(gr));
    if (!tracked) continue;  // a kind the API does not serve is not counted
    std::vector<client::ObjectPtr> held;
    if (tracked->informer != nullptr) {
      if (!WaitForList(*tracked->informer, kCacheWait)) {
        // A kind counted for the first time: its cache is still filling.
        queue().Add(raise_only ? std::string(1, kRaiseOnlyPrefix) + key : key);
        return Status::Ok();
      }
      held = tracked->informer->ListNamespace(ns);
    }
    std::vector<const Json*> objects;
    objects.reserve(held.size());
    for (const client::ObjectPtr& o : held) objects.push_back(o.get());
    counted_now = quota::Add(counted_now, quota::Evaluator(gr).UsageStats(names, scopes, objects, now));
  }

  const quota::ResourceList old_used = quota::ParseResourceList(At(q, "status", "used"));
  quota::ResourceList used = old_used;
  for (const auto& [name, value] : counted_now) {
    auto it = used.find(name);
    if (raise_only && it != used.end() && it->second.Cmp(value) >= 0) continue;
    used[name] = value;
  }
  used = quota::Mask(used, quota::Names(hard));
  const bool dirty = !counted || !quota::Equals(hard, quota::ParseResourceList(At(q, "status", "hard"))) ||
                     !quota::Equals(used, old_used);
  if (!dirty) return Status::Ok();

  Json updated = q;
  updated["status"] = {{"hard", quota::ToJson(hard)}, {"used", quota::ToJson(used)}};
  log_.Debug(2, "resource quota ", key, ": used ", quota::PrettyPrint(used));
  auto written = client_.Update(client::resources::kResourceQuotas, ns, updated, "status");
  if (!written.ok() && !written.status().IsNotFound()) return written.status();
  return Status::Ok();
}

Result<std::unique_ptr<Controller>> StartResourceQuotaController(ControllerContext& ctx) {
  auto c = std::make_unique<ResourceQuotaController>(ctx);
  c->Run();
  c->queue().AddAfter(ResourceQuotaController::kResyncKey, ResourceQuotaController::kResyncPeriod);
  return std::unique_ptr<Controller>(std::move(c));
}

}  // namespace k1s::controller
