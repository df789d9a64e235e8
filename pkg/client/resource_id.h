// ResourceId: which collection a client call addresses, by group, version and
// plural resource name, as it appears in the URL.
#pragma once

#include <string>
#include <tuple>

namespace k1s::client {

struct ResourceId {
  std::string group;  // "" for the core group
  std::string version;
  std::string resource;  // plural, e.g. "pods"

  bool operator==(const ResourceId&) const = default;
  bool operator<(const ResourceId& o) const {
    return std::tie(group, version, resource) < std::tie(o.group, o.version, o.resource);
  }
  // "pods", "deployments.apps": the form kubectl and logs use.
  std::string ToString() const { return group.empty() ? resource : resource + "." + group; }
};

// The resources the built-in components use, named once.
namespace resources {
inline const ResourceId kPods{"", "v1", "pods"};
inline const ResourceId kNodes{"", "v1", "nodes"};
inline const ResourceId kNamespaces{"", "v1", "namespaces"};
inline const ResourceId kServices{"", "v1", "services"};
inline const ResourceId kEndpoints{"", "v1", "endpoints"};
inline const ResourceId kEvents{"", "v1", "events"};
inline const ResourceId kConfigMaps{"", "v1", "configmaps"};
inline const ResourceId kSecrets{"", "v1", "secrets"};
inline const ResourceId kServiceAccounts{"", "v1", "serviceaccounts"};
inline const ResourceId kPersistentVolumeClaims{"", "v1", "persistentvolumeclaims"};
inline const ResourceId kPersistentVolumes{"", "v1", "persistentvolumes"};
inline const ResourceId kReplicationControllers{"", "v1", "replicationcontrollers"};
inline const ResourceId kResourceQuotas{"", "v1", "resourcequotas"};
inline const ResourceId kLimitRanges{"", "v1", "limitranges"};
inline const ResourceId kDeployments{"apps", "v1", "deployments"};
inline const ResourceId kReplicaSets{"apps", "v1", "replicasets"};
inline const ResourceId kStatefulSets{"apps", "v1", "statefulsets"};
inline const ResourceId kDaemonSets{"apps", "v1", "daemonsets"};
inline const ResourceId kControllerRevisions{"apps", "v1", "controllerrevisions"};
inline const ResourceId kJobs{"batch", "v1", "jobs"};
inline const ResourceId kCronJobs{"batch", "v1", "cronjobs"};
inline const ResourceId kLeases{"coordination.k8s.io", "v1", "leases"};
inline const ResourceId kEndpointSlices{"discovery.k8s.io", "v1", "endpointslices"};
inline const ResourceId kPodDisruptionBudgets{"policy", "v1", "poddisruptionbudgets"};
inline const ResourceId kPriorityClasses{"scheduling.k8s.io", "v1", "priorityclasses"};
inline const ResourceId kHorizontalPodAutoscalers{"autoscaling", "v2", "horizontalpodautoscalers"};
inline const ResourceId kStorageClasses{"storage.k8s.io", "v1", "storageclasses"};
}  // namespace resources

}  // namespace k1s::client
