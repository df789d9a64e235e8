#include "pkg/scheduler/cache.h"

namespace k1s::scheduler {

NodeInfo& Cache::InfoLocked(const std::string& name) {
  auto& slot = nodes_[name];
  if (slot == nullptr) slot = std::make_unique<NodeInfo>();
  return *slot;
}

void Cache::CountImagesLocked(const Node& node, int delta) {
  for (const auto& [image, size] : node.image_sizes) {
    int& n = image_nodes_[image];
    n += delta;
    if (n <= 0) image_nodes_.erase(image);
  }
}

void Cache::AddOrUpdateNode(NodePtr node) {
  std::lock_guard<std::mutex> lock(mu_);
  NodeInfo& info = InfoLocked(node->name);
  if (info.node != nullptr) {
    CountImagesLocked(*info.node, -1);
  } else {
    node_index_[node->name] = node_list_.size();
    node_list_.push_back(&info);
  }
  CountImagesLocked(*node, +1);
  info.node = std::move(node);
}

void Cache::RemoveNode(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = nodes_.find(name);
  if (it == nodes_.end() || it->second->node == nullptr) return;
  CountImagesLocked(*it->second->node, -1);
  const size_t i = node_index_[name];
  node_list_[i] = node_list_.back();
  node_index_[node_list_[i]->node->name] = i;
  node_list_.pop_back();
  node_index_.erase(name);
  // Pods may still name the node; keep their accounting until they go.
  if (it->second->pods.empty()) {
    nodes_.erase(it);
  } else {
    it->second->node = nullptr;
  }
}

void Cache::AddPodLocked(PodPtr pod, bool assumed) {
  if (!pod->required_anti_affinity.empty()) ++anti_affinity_pods_;
  if (pod->HasAffinityTerms()) ++affinity_pods_;
  Entry e{pod, assumed};
  InfoLocked(pod->node_name).AddPod(pod);
  pods_[pod->uid] = std::move(e);
}

void Cache::RemovePodLocked(const std::string& uid) {
  auto it = pods_.find(uid);
  if (it == pods_.end()) return;
  const PodPtr& pod = it->second.pod;
  if (!pod->required_anti_affinity.empty()) --anti_affinity_pods_;
  if (pod->HasAffinityTerms()) --affinity_pods_;
  auto n = nodes_.find(pod->node_name);
  if (n != nodes_.end()) {
    n->second->RemovePod(uid);
    if (n->second->node == nullptr && n->second->pods.empty()) nodes_.erase(n);
  }
  pods_.erase(it);
}

void Cache::AddOrUpdatePod(PodPtr pod) {
  std::lock_guard<std::mutex> lock(mu_);
  RemovePodLocked(pod->uid);
  if (pod->terminal || pod->node_name.empty()) return;
  AddPodLocked(std::move(pod), false);
}

void Cache::RemovePod(const std::string& uid) {
  std::lock_guard<std::mutex> lock(mu_);
  RemovePodLocked(uid);
}

void Cache::AssumePod(PodPtr pod) {
  std::lock_guard<std::mutex> lock(mu_);
  RemovePodLocked(pod->uid);
  AddPodLocked(std::move(pod), true);
}

void Cache::ForgetPod(const std::string& uid) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = pods_.find(uid);
  if (it != pods_.end() && it->second.assumed) RemovePodLocked(uid);
}

bool Cache::IsAssumed(const std::string& uid) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = pods_.find(uid);
  return it != pods_.end() && it->second.assumed;
}

PodPtr Cache::GetPod(const std::string& uid) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = pods_.find(uid);
  return it == pods_.end() ? nullptr : it->second.pod;
}

size_t Cache::NodeCount() const {
  std::lock_guard<std::mutex> lock(mu_);
  return node_list_.size();
}

}  // namespace k1s::scheduler
