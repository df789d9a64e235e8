// Protobuf field tables for rbac messages: field numbers, JSON names, types and
// Go omitempty/pointer shape, as published in the generated.proto and types.go
// files of k8s.io/api and k8s.io/apimachinery (v0.33). Tables of facts, one row
// per field, in the order the Go type declares them.
#include "pkg/api/proto_desc.h"

namespace k1s::api::proto {
namespace {

constexpr ProtoField kPriorityClass[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "value", ProtoType::kInt32, 0},
    {3, "globalDefault", ProtoType::kBool, kOmitEmpty},
    {4, "description", ProtoType::kString, kOmitEmpty},
    {5, "preemptionPolicy", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kRole[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "rules", ProtoType::kMessage, kRepeated, "PolicyRule"},
};
constexpr ProtoField kPolicyRule[] = {
    {1, "verbs", ProtoType::kString, kRepeated},
    {2, "apiGroups", ProtoType::kString, kOmitEmpty | kRepeated},
    {3, "resources", ProtoType::kString, kOmitEmpty | kRepeated},
    {4, "resourceNames", ProtoType::kString, kOmitEmpty | kRepeated},
    {5, "nonResourceURLs", ProtoType::kString, kOmitEmpty | kRepeated},
};
constexpr ProtoField kRoleBinding[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "subjects", ProtoType::kMessage, kOmitEmpty | kRepeated, "Subject"},
    {3, "roleRef", ProtoType::kMessage, 0, "RoleRef"},
};
constexpr ProtoField kSubject[] = {
    {1, "kind", ProtoType::kString, 0},
    {2, "apiGroup", ProtoType::kString, kOmitEmpty},
    {3, "name", ProtoType::kString, 0},
    {4, "namespace", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kRoleRef[] = {
    {1, "apiGroup", ProtoType::kString, 0},
    {2, "kind", ProtoType::kString, 0},
    {3, "name", ProtoType::kString, 0},
};
constexpr ProtoField kClusterRole[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "rules", ProtoType::kMessage, kRepeated, "PolicyRule"},
    {3, "aggregationRule", ProtoType::kMessage, kOmitEmpty | kPointer, "AggregationRule"},
};
constexpr ProtoField kAggregationRule[] = {
    {1, "clusterRoleSelectors", ProtoType::kMessage, kOmitEmpty | kRepeated, "LabelSelector"},
};
constexpr ProtoField kClusterRoleBinding[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "subjects", ProtoType::kMessage, kOmitEmpty | kRepeated, "Subject"},
    {3, "roleRef", ProtoType::kMessage, 0, "RoleRef"},
};
constexpr ProtoField kPodDisruptionBudget[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, kOmitEmpty, "PodDisruptionBudgetSpec"},
    {3, "status", ProtoType::kMessage, kOmitEmpty, "PodDisruptionBudgetStatus"},
};
constexpr ProtoField kPodDisruptionBudgetSpec[] = {
    {1, "minAvailable", ProtoType::kIntOrString, kOmitEmpty | kPointer},
    {2, "selector", ProtoType::kMessage, kOmitEmpty | kPointer, "LabelSelector"},
    {3, "maxUnavailable", ProtoType::kIntOrString, kOmitEmpty | kPointer},
    {4, "unhealthyPodEvictionPolicy", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kPodDisruptionBudgetStatus[] = {
    {1, "observedGeneration", ProtoType::kInt64, kOmitEmpty},
    {2, "disruptedPods", ProtoType::kTime, kOmitEmpty | kMap},
    {3, "disruptionsAllowed", ProtoType::kInt32, 0},
    {4, "currentHealthy", ProtoType::kInt32, 0},
    {5, "desiredHealthy", ProtoType::kInt32, 0},
    {6, "expectedPods", ProtoType::kInt32, 0},
    {7, "conditions", ProtoType::kMessage, kOmitEmpty | kRepeated, "Condition"},
};
constexpr ProtoField kEviction[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "deleteOptions", ProtoType::kMessage, kOmitEmpty | kPointer, "DeleteOptions"},
};

}  // namespace

std::span<const ProtoMessage> ProtoRbacMessages() {
  static constexpr ProtoMessage kMessages[] = {
      {"PriorityClass", kPriorityClass},
      {"Role", kRole},
      {"PolicyRule", kPolicyRule},
      {"RoleBinding", kRoleBinding},
      {"Subject", kSubject},
      {"RoleRef", kRoleRef},
      {"ClusterRole", kClusterRole},
      {"AggregationRule", kAggregationRule},
      {"ClusterRoleBinding", kClusterRoleBinding},
      {"PodDisruptionBudget", kPodDisruptionBudget},
      {"PodDisruptionBudgetSpec", kPodDisruptionBudgetSpec},
      {"PodDisruptionBudgetStatus", kPodDisruptionBudgetStatus},
      {"Eviction", kEviction},
  };
  return kMessages;
}

}  // namespace k1s::api::proto
