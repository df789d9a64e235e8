// The scheduler's compact view of pods and nodes: each object is parsed once,
// when its informer event arrives, so that a scheduling cycle evaluating
// thousands of nodes never touches JSON.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pkg/client/informer.h"
#include "pkg/util/labels.h"

namespace k1s::scheduler {

using Labels = std::map<std::string, std::string>;

// Requests or allocatable amounts. cpu in millicores, the rest in units.
struct Resources {
  int64_t milli_cpu = 0;
  int64_t memory = 0;
  int64_t ephemeral_storage = 0;
  int64_t pods = 0;  // allocatable only
  std::map<std::string, int64_t> scalar;  // extended resources, hugepages

  void Add(const Resources& o);
  void Sub(const Resources& o);
  void SetMax(const Resources& o);
};

struct Taint {
  std::string key, value, effect;
};

struct Toleration {
  std::string key, op, value, effect;  // op: "Equal" or "Exists"
  bool Tolerates(const Taint& t) const;
};

// One requirement of a node selector term (matchExpressions or matchFields).
struct NodeSelectorRequirement {
  std::string key, op;  // In, NotIn, Exists, DoesNotExist, Gt, Lt
  std::vector<std::string> values;
};

struct NodeSelectorTerm {
  std::vector<NodeSelectorRequirement> match_expressions;
  std::vector<NodeSelectorRequirement> match_fields;  // key metadata.name only
};

struct PreferredSchedulingTerm {
  int32_t weight = 0;
  NodeSelectorTerm term;
};

struct PodAffinityTerm {
  LabelSelector selector;
  // The namespaces the selector looks in: `namespaces`, plus those matched by
  // `namespace_selector`; both empty means the pod's own namespace.
  std::vector<std::string> namespaces;
  std::optional<LabelSelector> namespace_selector;
  std::string topology_key;
};

struct WeightedPodAffinityTerm {
  int32_t weight = 0;
  PodAffinityTerm term;
};

struct TopologySpreadConstraint {
  int32_t max_skew = 1;
  std::string topology_key;
  bool do_not_schedule = true;  // whenUnsatisfiable
  LabelSelector selector;
  int32_t min_domains = 1;
  bool honor_node_affinity = true;  // nodeAffinityPolicy
  bool honor_taints = false;        // nodeTaintsPolicy
};

struct HostPort {
  std::string protocol, ip;
  int32_t port = 0;
};

struct Pod {
  // What the informer cached, for writes and events while the pod waits to
  // be scheduled. Null for a bound pod: the cache needs only its parsed
  // fields, and holding every bound pod's object would keep all of them
  // parsed in memory although the pods informer keeps them compact.
  client::ObjectPtr object;
  std::string ns, name, uid, key;
  std::string node_name, nominated_node_name, scheduler_name;
  std::string priority_class_name;
  std::optional<int32_t> spec_priority;
  int32_t priority = 0;  // resolved from spec.priority or the PriorityClass
  bool preempt_never = false;
  bool deleting = false;
  bool terminal = false;  // Succeeded or Failed: holds no resources
  bool gated = false;     // spec.schedulingGates not empty
  std::chrono::system_clock::time_point created;
  Labels labels;
  std::string owner_uid;  // the controller ownerReference's uid

  Resources requests;  // max(max(init), sum(app)) + overhead
  int64_t nonzero_milli_cpu = 0, nonzero_memory = 0;  // for scoring

  Labels node_selector;
  std::optional<std::vector<NodeSelectorTerm>> required_node_affinity;
  std::vector<PreferredSchedulingTerm> preferred_node_affinity;
  std::vector<Toleration> tolerations;
  std::vector<PodAffinityTerm> required_affinity, required_anti_affinity;
  std::vector<WeightedPodAffinityTerm> preferred_affinity, preferred_anti_affinity;
  std::vector<TopologySpreadConstraint> spread_constraints;
  std::vector<HostPort> host_ports;
  std::vector<std::string> pvc_names;
  std::vector<std::string> images;  // normalized

  bool HasAffinityTerms() const {
    return !required_affinity.empty() || !required_anti_affinity.empty() ||
           !preferred_affinity.empty() || !preferred_anti_affinity.empty();
  }
};
using PodPtr = std::shared_ptr<const Pod>;

struct Node {
  std::string name;
  Labels labels;
  std::vector<Taint> taints;
  Resources allocatable;
  bool unschedulable = false;
  std::unordered_map<std::string, int64_t> image_sizes;  // normalized name -> bytes
};
using NodePtr = std::shared_ptr<const Node>;

// A node with the pods bound or assumed to it and what they request.
struct NodeInfo {
  NodePtr node;  // null while only pods naming it are known
  std::vector<PodPtr> pods;
  Resources requested;
  int64_t nonzero_milli_cpu = 0, nonzero_memory = 0;
  int pods_with_affinity = 0;
  int pods_with_required_anti_affinity = 0;

  void AddPod(PodPtr pod);
  // False if the pod (by uid) was not there.
  bool RemovePod(const std::string& uid);
  const std::string& name() const { return node->name; }
};

// Pods without requests still count this much when scoring, as in Kubernetes.
constexpr int64_t kDefaultMilliCpuRequest = 100;
constexpr int64_t kDefaultMemoryRequest = 200 * 1024 * 1024;

// Parse an object from the informer. Fields that do not parse are ignored:
// validation is the API server's business.
std::shared_ptr<Pod> ParsePod(const client::ObjectPtr& object);
// Succeeded or Failed: a pod in such a phase holds no resources (Pod::terminal).
bool IsTerminalPhase(std::string_view phase);
NodePtr ParseNode(const client::Json& object);
// "busybox" -> "docker.io/library/busybox:latest", as kubelet reports names.
std::string NormalizeImageName(const std::string& image);

}  // namespace k1s::scheduler
