#include "pkg/controller/garbagecollector/graph.h"

#include "pkg/controller/common/object_state.h"

namespace k1s::controller::gc {

using Json = nlohmann::json;

GraphNode NodeFromObject(int resource, const Json& object) {
  GraphNode n;
  n.resource = resource;
  n.ns = MetaString(object, "namespace");
  n.name = MetaString(object, "name");
  n.uid = MetaString(object, "uid");
  const Json meta = object.value("metadata", Json::object());
  for (const Json& r : meta.value("ownerReferences", Json::array())) {
    if (!r.is_object() || r.value("uid", "").empty()) continue;
    n.owners.push_back({r.value("uid", ""), r.value("apiVersion", ""), r.value("kind", ""), r.value("name", ""),
                        r.value("blockOwnerDeletion", false)});
  }
  n.deleting = IsBeingDeleted(object);
  n.foreground = HasFinalizer(object, "foregroundDeletion");
  n.orphan = HasFinalizer(object, "orphan");
  return n;
}

void Graph::UnlinkLocked(const GraphNode& node) {
  for (const OwnerRef& o : node.owners) {
    auto it = dependents_.find(o.uid);
    if (it == dependents_.end()) continue;
    it->second.erase(node.uid);
    if (it->second.empty()) dependents_.erase(it);
  }
}

Uids Graph::ForegroundOwnersLocked(const GraphNode& node) const {
  Uids out;
  for (const OwnerRef& o : node.owners) {
    auto it = nodes_.find(o.uid);
    if (it != nodes_.end() && it->second.deleting && it->second.foreground) out.push_back(o.uid);
  }
  return out;
}

Uids Graph::Upsert(int resource, const Json& object) {
  GraphNode node = NodeFromObject(resource, object);
  if (node.uid.empty()) return {};
  std::lock_guard<std::mutex> lock(mu_);
  Uids out;
  auto existing = nodes_.find(node.uid);
  const bool owners_changed = existing == nodes_.end() || existing->second.owners != node.owners;
  const bool deletion_changed = existing == nodes_.end() || existing->second.deleting != node.deleting;
  if (existing != nodes_.end()) UnlinkLocked(existing->second);
  for (const OwnerRef& o : node.owners) dependents_[o.uid].insert(node.uid);
  bool unknown_owner = false;
  for (const OwnerRef& o : node.owners) unknown_owner |= !nodes_.contains(o.uid);
  if (node.deleting && (node.foreground || node.orphan)) out.push_back(node.uid);
  if (!node.owners.empty() && (owners_changed || unknown_owner)) out.push_back(node.uid);
  if (owners_changed || deletion_changed) {
    for (std::string& u : ForegroundOwnersLocked(node)) out.push_back(std::move(u));
  }
  nodes_[node.uid] = std::move(node);
  return out;
}

Uids Graph::Remove(const Json& object) {
  const std::string uid = MetaString(object, "uid");
  std::lock_guard<std::mutex> lock(mu_);
  auto it = nodes_.find(uid);
  if (it == nodes_.end()) return {};
  Uids out = ForegroundOwnersLocked(it->second);
  UnlinkLocked(it->second);
  nodes_.erase(it);
  auto deps = dependents_.find(uid);
  if (deps != dependents_.end()) out.insert(out.end(), deps->second.begin(), deps->second.end());
  return out;
}

std::optional<GraphNode> Graph::Get(const std::string& uid) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = nodes_.find(uid);
  if (it == nodes_.end()) return std::nullopt;
  return it->second;
}

bool Graph::Contains(const std::string& uid) const {
  std::lock_guard<std::mutex> lock(mu_);
  return nodes_.contains(uid);
}

std::vector<GraphNode> Graph::Dependents(const std::string& owner_uid) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<GraphNode> out;
  auto deps = dependents_.find(owner_uid);
  if (deps == dependents_.end()) return out;
  for (const std::string& d : deps->second) {
    auto it = nodes_.find(d);
    if (it != nodes_.end()) out.push_back(it->second);
  }
  return out;
}

bool Graph::HasDependents(const std::string& uid) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto deps = dependents_.find(uid);
  return deps != dependents_.end() && !deps->second.empty();
}

size_t Graph::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return nodes_.size();
}

}  // namespace k1s::controller::gc
