#include "pkg/api/proto_desc.h"

#include <string>
#include <unordered_map>

namespace k1s::api::proto {
namespace {

using MessageIndex = std::unordered_map<std::string_view, const ProtoMessage*>;

const MessageIndex& Index() {
  static const MessageIndex index = [] {
    MessageIndex m;
    for (auto table : {ProtoMetaMessages(), ProtoCoreAMessages(), ProtoCoreBMessages(),
                       ProtoAppsMessages(), ProtoRbacMessages(), ProtoNetworkingMessages(),
                       ProtoAuthMessages(), ProtoAutoscalingMessages()}) {
      for (const ProtoMessage& msg : table) m.emplace(msg.name, &msg);
    }
    return m;
  }();
  return index;
}

// A kind kubectl may send. version empty: any version of the group;
// group "*": any group (the option kinds every group version registers).
struct KindEntry {
  std::string_view group;
  std::string_view version;
  std::string_view kind;
  std::string_view message;
};

constexpr KindEntry kKinds[] = {
    {"", "v1", "Namespace", "Namespace"},
    {"", "v1", "ConfigMap", "ConfigMap"},
    {"", "v1", "Secret", "Secret"},
    {"", "v1", "Service", "Service"},
    {"", "v1", "ServiceAccount", "ServiceAccount"},
    {"", "v1", "ResourceQuota", "ResourceQuota"},
    {"", "v1", "Pod", "Pod"},
    {"", "v1", "PodTemplate", "PodTemplate"},
    {"", "v1", "ReplicationController", "ReplicationController"},
    {"", "v1", "Endpoints", "Endpoints"},
    {"", "v1", "LimitRange", "LimitRange"},
    {"", "v1", "Binding", "Binding"},
    {"", "v1", "Event", "Event"},
    {"", "v1", "Node", "Node"},
    {"", "v1", "PersistentVolumeClaim", "PersistentVolumeClaim"},
    {"", "v1", "PersistentVolume", "PersistentVolume"},
    {"apps", "v1", "Deployment", "Deployment"},
    {"apps", "v1", "StatefulSet", "StatefulSet"},
    {"apps", "v1", "DaemonSet", "DaemonSet"},
    {"apps", "v1", "ReplicaSet", "ReplicaSet"},
    {"batch", "v1", "Job", "Job"},
    {"batch", "v1", "CronJob", "CronJob"},
    {"scheduling.k8s.io", "v1", "PriorityClass", "PriorityClass"},
    {"rbac.authorization.k8s.io", "v1", "Role", "Role"},
    {"rbac.authorization.k8s.io", "v1", "RoleBinding", "RoleBinding"},
    {"rbac.authorization.k8s.io", "v1", "ClusterRole", "ClusterRole"},
    {"rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "ClusterRoleBinding"},
    {"policy", "v1", "PodDisruptionBudget", "PodDisruptionBudget"},
    {"policy", "", "Eviction", "Eviction"},  // v1beta1 has the same shape
    {"networking.k8s.io", "v1", "Ingress", "Ingress"},
    {"networking.k8s.io", "v1", "IngressClass", "IngressClass"},
    {"networking.k8s.io", "v1", "NetworkPolicy", "NetworkPolicy"},
    {"authentication.k8s.io", "v1", "TokenRequest", "TokenRequest"},
    {"authentication.k8s.io", "v1", "TokenReview", "TokenReview"},
    {"authentication.k8s.io", "", "SelfSubjectReview", "SelfSubjectReview"},
    {"authorization.k8s.io", "v1", "SelfSubjectAccessReview", "SelfSubjectAccessReview"},
    {"authorization.k8s.io", "v1", "SelfSubjectRulesReview", "SelfSubjectRulesReview"},
    {"authorization.k8s.io", "v1", "SubjectAccessReview", "SubjectAccessReview"},
    {"authorization.k8s.io", "v1", "LocalSubjectAccessReview", "LocalSubjectAccessReview"},
    {"certificates.k8s.io", "v1", "CertificateSigningRequest", "CertificateSigningRequest"},
    {"autoscaling", "v1", "HorizontalPodAutoscaler", "autoscaling/v1.HorizontalPodAutoscaler"},
    {"autoscaling", "v1", "Scale", "Scale"},
    {"autoscaling", "v2", "HorizontalPodAutoscaler", "autoscaling/v2.HorizontalPodAutoscaler"},
    {"*", "", "DeleteOptions", "DeleteOptions"},
};

}  // namespace

const ProtoMessage* FindMessage(std::string_view name) {
  const MessageIndex& index = Index();
  auto it = index.find(name);
  return it == index.end() ? nullptr : it->second;
}

const ProtoMessage* FindKind(std::string_view api_version, std::string_view kind) {
  std::string_view group;
  std::string_view version = api_version;
  if (auto slash = api_version.find('/'); slash != std::string_view::npos) {
    group = api_version.substr(0, slash);
    version = api_version.substr(slash + 1);
  }
  for (const KindEntry& e : kKinds) {
    if (e.kind != kind) continue;
    if (e.group != "*" && e.group != group) continue;
    if (!e.version.empty() && e.version != version) continue;
    return FindMessage(e.message);
  }
  return nullptr;
}

}  // namespace k1s::api::proto
