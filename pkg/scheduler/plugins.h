// The in-tree plugins, registered by name, and what they may consult beyond
// the snapshot.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "pkg/client/informer.h"
#include "pkg/scheduler/framework.h"

namespace k1s::scheduler {

// What plugins may read besides the pod and the snapshot.
struct PluginContext {
  // PersistentVolumeClaim by namespace/name, PersistentVolume and StorageClass
  // by name; null when absent.
  std::function<client::ObjectPtr(const std::string& ns, const std::string& name)> get_pvc;
  std::function<client::ObjectPtr(const std::string& name)> get_pv;
  std::function<client::ObjectPtr(const std::string& name)> get_storage_class;
  // The selectors of the Services that select `pod` (for default spreading).
  std::function<std::vector<LabelSelector>(const Pod& pod)> service_selectors;
  // NodeResourcesFit scoring: "LeastAllocated" (default) or "MostAllocated".
  std::string resources_scoring = "LeastAllocated";
};

using PluginFactory = std::function<std::unique_ptr<Plugin>(const PluginContext&)>;

struct RegisteredPlugin {
  std::string name;
  PluginFactory factory;
  int64_t default_score_weight;  // 0: not a score plugin
};

// Every plugin, in kube-scheduler's default order (filters run in this order).
const std::vector<RegisteredPlugin>& PluginRegistry();

// Factories, one per file.
std::unique_ptr<Plugin> NewNodeUnschedulable(const PluginContext&);
std::unique_ptr<Plugin> NewNodeName(const PluginContext&);
std::unique_ptr<Plugin> NewTaintToleration(const PluginContext&);
std::unique_ptr<Plugin> NewNodeAffinity(const PluginContext&);
std::unique_ptr<Plugin> NewNodePorts(const PluginContext&);
std::unique_ptr<Plugin> NewNodeResourcesFit(const PluginContext&);
std::unique_ptr<Plugin> NewBalancedAllocation(const PluginContext&);
std::unique_ptr<Plugin> NewVolumeBinding(const PluginContext&);
std::unique_ptr<Plugin> NewPodTopologySpread(const PluginContext&);
std::unique_ptr<Plugin> NewInterPodAffinity(const PluginContext&);
std::unique_ptr<Plugin> NewImageLocality(const PluginContext&);

}  // namespace k1s::scheduler
