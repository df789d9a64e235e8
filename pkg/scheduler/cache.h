// Cache: every node and the pods on it, as the scheduler must see them: pods
// the informers report bound, plus pods this scheduler has chosen a node for
// but whose binding is still in flight ("assumed"), so the next pod already
// sees the previous one's resources while the binding is written.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "pkg/scheduler/types.h"

namespace k1s::scheduler {

// A view of the cluster that stays fixed for one scheduling cycle (it is
// valid only inside Cache::WithSnapshot).
struct Snapshot {
  const std::vector<NodeInfo*>* nodes = nullptr;  // nodes that have a Node object
  const std::unordered_map<std::string, std::unique_ptr<NodeInfo>>* by_name = nullptr;
  const std::unordered_map<std::string, int>* image_nodes = nullptr;  // image -> nodes having it
  int pods_with_required_anti_affinity = 0;  // across the cluster
  // Pods with any affinity term, across the cluster: when there are none, a
  // pod without preferences of its own need not visit every node (what
  // kube-scheduler's HavePodsWithAffinity list is for).
  int pods_with_affinity = 0;
  // The labels of a namespace (empty if unknown).
  std::function<Labels(const std::string&)> namespace_labels;

  NodeInfo* Get(const std::string& name) const {
    auto it = by_name->find(name);
    return it == by_name->end() || it->second->node == nullptr ? nullptr : it->second.get();
  }
  size_t size() const { return nodes->size(); }
};

class Cache {
 public:
  explicit Cache(std::function<Labels(const std::string&)> namespace_labels)
      : namespace_labels_(std::move(namespace_labels)) {}

  void AddOrUpdateNode(NodePtr node);
  void RemoveNode(const std::string& name);
  // A pod the API reports bound (node_name set). Replaces an assumed copy.
  // Terminal pods are removed instead: they hold no resources.
  void AddOrUpdatePod(PodPtr pod);
  void RemovePod(const std::string& uid);
  // A pod this scheduler decided to put on pod->node_name.
  void AssumePod(PodPtr pod);
  // Undoes AssumePod unless the informer has since confirmed the binding.
  void ForgetPod(const std::string& uid);
  bool IsAssumed(const std::string& uid) const;
  // The pod's current entry (bound or assumed), or null.
  PodPtr GetPod(const std::string& uid) const;

  // Runs `f` with the cache locked: informer events wait until it returns.
  template <typename F>
  auto WithSnapshot(F&& f) {
    std::lock_guard<std::mutex> lock(mu_);
    Snapshot s{&node_list_, &nodes_, &image_nodes_, anti_affinity_pods_, affinity_pods_, namespace_labels_};
    return f(s);
  }

  size_t NodeCount() const;

 private:
  struct Entry {
    PodPtr pod;
    bool assumed = false;
  };
  NodeInfo& InfoLocked(const std::string& name);
  void RemovePodLocked(const std::string& uid);
  void AddPodLocked(PodPtr pod, bool assumed);
  void CountImagesLocked(const Node& node, int delta);

  const std::function<Labels(const std::string&)> namespace_labels_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::unique_ptr<NodeInfo>> nodes_;  // guarded by mu_
  std::vector<NodeInfo*> node_list_;                                   // guarded by mu_
  std::unordered_map<std::string, size_t> node_index_;                 // guarded by mu_
  std::unordered_map<std::string, Entry> pods_;                        // by uid; guarded by mu_
  std::unordered_map<std::string, int> image_nodes_;                   // guarded by mu_
  int anti_affinity_pods_ = 0;                                         // guarded by mu_
  int affinity_pods_ = 0;                                              // guarded by mu_
};

}  // namespace k1s::scheduler
