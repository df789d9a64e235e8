#include "pkg/controller/garbagecollector/garbage_collector.h"

#include <algorithm>

#include "pkg/controller/common/object_state.h"

namespace k1s::controller {

namespace {

using client::Json;
using gc::GraphNode;
using gc::OwnerRef;

constexpr auto kRediscoveryPeriod = std::chrono::seconds(30);

std::string GroupOf(const std::string& api_version) {
  auto slash = api_version.find('/');
  return slash == std::string::npos ? "" : api_version.substr(0, slash);
}

bool Ignored(const DiscoveredResource& r) {
  // Events are many, short-lived and never owners: kube-controller-manager
  // leaves them out too.
  return r.id.resource == "events" || !r.Supports("list") || !r.Supports("watch") || !r.Supports("delete");
}

}  // namespace

GarbageCollector::GarbageCollector(ControllerContext& ctx)
    : HousekeepingController(ctx), started_(ctx.clock.SteadyNow()) {
  auto discovered = DiscoverResources(client_);
  if (!discovered.ok()) {
    log_.Warning("discovery failed, retrying: ", discovered.status().ToString());
  } else {
    for (const DiscoveredResource& r : *discovered) WatchResource(r);
  }
}

void GarbageCollector::WatchResource(const DiscoveredResource& r) {
  if (Ignored(r)) return;
  int index = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const std::string group_kind = r.id.group + "/" + r.kind;
    // One version per kind: the others show the same objects.
    if (by_group_kind_.contains(group_kind)) return;
    index = static_cast<int>(resources_.size());
    resources_.push_back(r);
    by_group_kind_[group_kind] = index;
  }
  auto enqueue = [this](const gc::Uids& uids) {
    for (const std::string& u : uids) queue().Add(u);
  };
  Watch(r.id, {[this, index, enqueue](const client::ObjectPtr& o) { enqueue(graph_.Upsert(index, *o)); },
               [this, index, enqueue](const client::ObjectPtr&, const client::ObjectPtr& o) {
                 enqueue(graph_.Upsert(index, *o));
               },
               [this, enqueue](const client::ObjectPtr& o) { enqueue(graph_.Remove(*o)); }});
}

bool GarbageCollector::CachesSynced() const {
  return HousekeepingController::CachesSynced() || clock_.SteadyNow() - started_ > std::chrono::minutes(1);
}

const DiscoveredResource* GarbageCollector::ResourceAt(int index) const {
  std::lock_guard<std::mutex> lock(mu_);
  return index >= 0 && static_cast<size_t>(index) < resources_.size() ? &resources_[static_cast<size_t>(index)]
                                                                        : nullptr;
}

const DiscoveredResource* GarbageCollector::ResourceForRef(const OwnerRef& ref) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_group_kind_.find(GroupOf(ref.api_version) + "/" + ref.kind);
  return it == by_group_kind_.end() ? nullptr : &resources_[static_cast<size_t>(it->second)];
}

Status GarbageCollector::Rediscover() {
  queue().AddAfter(kDiscoveryKey, kRediscoveryPeriod);
  K1S_ASSIGN_OR_RETURN(std::vector<DiscoveredResource> discovered, DiscoverResources(client_));
  for (const DiscoveredResource& r : discovered) WatchResource(r);
  return Status::Ok();
}

Status GarbageCollector::Sync(const std::string& key) {
  if (key == kDiscoveryKey) return Rediscover();
  std::optional<GraphNode> node = graph_.Get(key);
  if (!node) return Status::Ok();
  if (node->deleting && node->orphan) return ProcessOrphan(*node);
  if (node->deleting && node->foreground) return ProcessForeground(*node);
  if (!node->owners.empty() && !node->deleting) return ProcessDependent(*node);
  return Status::Ok();
}

Status GarbageCollector::ProcessOrphan(const GraphNode& owner) {
  for (const GraphNode& d : graph_.Dependents(owner.uid)) {
    K1S_RETURN_IF_ERROR(RemoveOwnerRefs(d, {owner.uid}));
  }
  return RemoveFinalizer(owner, "orphan");
}

Status GarbageCollector::ProcessForeground(const GraphNode& owner) {
  bool blocked = false;
  for (const GraphNode& d : graph_.Dependents(owner.uid)) {
    for (const OwnerRef& r : d.owners) blocked |= r.uid == owner.uid && r.block_owner_deletion;
    if (!d.deleting) K1S_RETURN_IF_ERROR(DeleteObject(d, graph_.HasDependents(d.uid)));
  }
  // Dependents that block the owner are waited for: their removal
  // re-queues it (Graph::Remove).
  if (blocked) return Status::Ok();
  return RemoveFinalizer(owner, "foregroundDeletion");
}

Result<GarbageCollector::OwnerState> GarbageCollector::Classify(const GraphNode& dependent, const OwnerRef& ref) {
  if (std::optional<GraphNode> owner = graph_.Get(ref.uid)) {
    return owner->deleting && owner->foreground ? OwnerState::kWaiting : OwnerState::kSolid;
  }
  // Not in the graph: the cache may trail the server, so ask it.
  const DiscoveredResource* r = ResourceForRef(ref);
  if (r == nullptr) {
    return Status::Unavailable("no resource serves kind " + ref.kind + " of " + ref.api_version);
  }
  auto live = client_.Get(r->id, r->namespaced ? dependent.ns : "", ref.name);
  if (live.ok()) return MetaString(*live, "uid") == ref.uid ? OwnerState::kSolid : OwnerState::kDangling;
  if (live.status().IsNotFound()) return OwnerState::kDangling;
  return live.status();
}

Status GarbageCollector::ProcessDependent(const GraphNode& node) {
  std::vector<std::string> dangling;
  bool solid = false, waiting = false;
  for (const OwnerRef& ref : node.owners) {
    K1S_ASSIGN_OR_RETURN(OwnerState state, Classify(node, ref));
    solid |= state == OwnerState::kSolid;
    waiting |= state == OwnerState::kWaiting;
    if (state == OwnerState::kDangling) dangling.push_back(ref.uid);
  }
  if (solid) return dangling.empty() ? Status::Ok() : RemoveOwnerRefs(node, dangling);
  if (waiting) return DeleteObject(node, graph_.HasDependents(node.uid));
  const DiscoveredResource* r = ResourceAt(node.resource);
  log_.Info("deleting ", r != nullptr ? r->id.ToString() : "object", " ", node.ns, node.ns.empty() ? "" : "/",
            node.name, ": its owners are gone");
  return DeleteObject(node, /*foreground=*/false);
}

Status GarbageCollector::DeleteObject(const GraphNode& node, bool foreground) {
  const DiscoveredResource* r = ResourceAt(node.resource);
  if (r == nullptr) return Status::Ok();
  Status s = client_.Delete(r->id, node.ns, node.name,
                            {.propagation_policy = foreground ? "Foreground" : "Background",
                             .precondition_uid = node.uid});
  return s.IsNotFound() || s.IsConflict() ? Status::Ok() : s;
}

Status GarbageCollector::RemoveFinalizer(const GraphNode& node, const std::string& finalizer) {
  const DiscoveredResource* r = ResourceAt(node.resource);
  if (r == nullptr) return Status::Ok();
  auto fresh = client_.Get(r->id, node.ns, node.name);
  if (!fresh.ok()) return fresh.status().IsNotFound() ? Status::Ok() : fresh.status();
  if (MetaString(*fresh, "uid") != node.uid || !HasFinalizer(*fresh, finalizer)) return Status::Ok();
  Json kept = Json::array();
  for (const Json& f : (*fresh)["metadata"]["finalizers"]) {
    if (f != finalizer) kept.push_back(f);
  }
  Json patch{{"metadata", {{"finalizers", kept}, {"resourceVersion", MetaString(*fresh, "resourceVersion")}}}};
  auto written = client_.Patch(r->id, node.ns, node.name, client::PatchType::kMergePatch, patch);
  return written.ok() || written.status().IsNotFound() ? Status::Ok() : written.status();
}

Status GarbageCollector::RemoveOwnerRefs(const GraphNode& node, const std::vector<std::string>& uids) {
  const DiscoveredResource* r = ResourceAt(node.resource);
  if (r == nullptr) return Status::Ok();
  auto fresh = client_.Get(r->id, node.ns, node.name);
  if (!fresh.ok()) return fresh.status().IsNotFound() ? Status::Ok() : fresh.status();
  if (MetaString(*fresh, "uid") != node.uid) return Status::Ok();
  const Json refs = (*fresh)["metadata"].value("ownerReferences", Json::array());
  Json kept = Json::array();
  for (const Json& ref : refs) {
    if (std::find(uids.begin(), uids.end(), ref.value("uid", "")) == uids.end()) kept.push_back(ref);
  }
  if (kept.size() == refs.size()) return Status::Ok();
  Json patch{{"metadata",
              {{"ownerReferences", kept.empty() ? Json(nullptr) : kept},
               {"resourceVersion", MetaString(*fresh, "resourceVersion")}}}};
  auto written = client_.Patch(r->id, node.ns, node.name, client::PatchType::kMergePatch, patch);
  return written.ok() || written.status().IsNotFound() ? Status::Ok() : written.status();
}

Result<std::unique_ptr<Controller>> StartGarbageCollector(ControllerContext& ctx) {
  auto c = std::make_unique<GarbageCollector>(ctx);
  c->Run();
  c->queue().AddAfter(GarbageCollector::kDiscoveryKey, kRediscoveryPeriod);
  return std::unique_ptr<Controller>(std::move(c));
}

}  // namespace k1s::controller
