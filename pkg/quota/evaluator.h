// What a ResourceQuota counts, kind by kind: Kubernetes' quota evaluators
// (pkg/quota/v1/evaluator/core and the generic object counter), shared by
// the ResourceQuota admission plugin (which charges a new object's usage)
// and the resourcequota controller (which recounts a namespace).
//
//  - pods: count/pods, pods, and the compute resources of pods that are not
//    finished (requests.*, limits.*, bare cpu/memory/ephemeral-storage
//    meaning requests, hugepages-*, requests.<extended>), with the scopes
//    Terminating, NotTerminating, BestEffort, NotBestEffort, PriorityClass
//    and CrossNamespacePodAffinity;
//  - services: services, count/services, services.nodeports,
//    services.loadbalancers;
//  - persistentvolumeclaims: persistentvolumeclaims, requests.storage, and
//    both per storage class (<class>.storageclass.storage.k8s.io/...);
//  - every other kind: count/<resource>.<group>, and the legacy names
//    configmaps, secrets, replicationcontrollers and resourcequotas.
#pragma once

#include <chrono>
#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "pkg/quota/resource_list.h"

namespace k1s::quota {

using Json = nlohmann::json;
using TimePoint = std::chrono::system_clock::time_point;

struct GroupResource {
  std::string group;     // "" for the core group
  std::string resource;  // plural
  auto operator<=>(const GroupResource&) const = default;
  // "pods", "deployments.apps"
  std::string ToString() const { return group.empty() ? resource : resource + "." + group; }
};

// A scope a quota is restricted to: spec.scopes (operator Exists) and
// spec.scopeSelector.matchExpressions.
struct ScopeRequirement {
  std::string scope;  // "Terminating", "BestEffort", "PriorityClass", ...
  std::string op;     // "In", "NotIn", "Exists", "DoesNotExist"
  std::vector<std::string> values;
};

// The kinds quota never counts (virtual kinds and events), as
// kube-apiserver's DefaultIgnoredResources.
bool IsIgnoredResource(const GroupResource& gr);

// The kind whose objects a quota resource name counts: "requests.cpu" ->
// pods, "services.nodeports" -> services, "count/deployments.apps" ->
// deployments.apps; nullopt for a name no evaluator tracks.
std::optional<GroupResource> TrackedGroupResource(std::string_view name);

// Whether a pod is charged for compute quota: not Succeeded or Failed, and
// not past the end of its deletion grace period (QuotaV1Pod).
bool IsPodCharged(const Json& pod, TimePoint now);

class Evaluator {
 public:
  explicit Evaluator(GroupResource gr) : gr_(std::move(gr)) {}

  const GroupResource& group_resource() const { return gr_; }
  bool is_pods() const { return gr_.group.empty() && gr_.resource == "pods"; }
  // The names among `names` that this evaluator counts.
  ResourceNames MatchingResources(const ResourceNames& names) const;
  // Whether `object` is in the scope (only pods have scopes; nothing else
  // matches a scoped quota).
  bool MatchesScope(const ScopeRequirement& scope, const Json& object) const;
  // Pods only: a quota on cpu or memory (requests or limits) needs every
  // container to say how much; the error Kubernetes gives when one does
  // not ("must specify limits.cpu for: web; ..."), or nullopt.
  std::optional<std::string> Constraints(const ResourceNames& required, const Json& object) const;
  // What one object uses.
  ResourceList Usage(const Json& object, TimePoint now) const;
  // What the objects in scope use of `resources` (each listed, zero when
  // nothing uses it).
  ResourceList UsageStats(const ResourceNames& resources, const std::vector<ScopeRequirement>& scopes,
                          const std::vector<const Json*>& objects, TimePoint now) const;

 private:
  GroupResource gr_;
};

// The quota's scopes: spec.scopes, then spec.scopeSelector's expressions.
std::vector<ScopeRequirement> QuotaScopes(const Json& quota);
// Whether `quota` applies to `object`: its status.hard names something the
// evaluator counts and the object is in every scope. (A quota whose status
// the controller has not filled yet applies to nothing.)
bool Matches(const Json& quota, const Evaluator& evaluator, const Json& object);

}  // namespace k1s::quota
