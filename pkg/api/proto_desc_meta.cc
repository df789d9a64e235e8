// Protobuf field tables for meta messages: field numbers, JSON names, types and
// Go omitempty/pointer shape, as published in the generated.proto and types.go
// files of k8s.io/api and k8s.io/apimachinery (v0.33). Tables of facts, one row
// per field, in the order the Go type declares them.
#include "pkg/api/proto_desc.h"

namespace k1s::api::proto {
namespace {

constexpr ProtoField kObjectMeta[] = {
    {1, "name", ProtoType::kString, kOmitEmpty},
    {2, "generateName", ProtoType::kString, kOmitEmpty},
    {3, "namespace", ProtoType::kString, kOmitEmpty},
    {4, "selfLink", ProtoType::kString, kOmitEmpty},
    {5, "uid", ProtoType::kString, kOmitEmpty},
    {6, "resourceVersion", ProtoType::kString, kOmitEmpty},
    {7, "generation", ProtoType::kInt64, kOmitEmpty},
    {8, "creationTimestamp", ProtoType::kTime, kOmitEmpty},
    {9, "deletionTimestamp", ProtoType::kTime, kOmitEmpty | kPointer},
    {10, "deletionGracePeriodSeconds", ProtoType::kInt64, kOmitEmpty | kPointer},
    {11, "labels", ProtoType::kString, kOmitEmpty | kMap},
    {12, "annotations", ProtoType::kString, kOmitEmpty | kMap},
    {13, "ownerReferences", ProtoType::kMessage, kOmitEmpty | kRepeated, "OwnerReference"},
    {14, "finalizers", ProtoType::kString, kOmitEmpty | kRepeated},
    {17, "managedFields", ProtoType::kMessage, kOmitEmpty | kRepeated, "ManagedFieldsEntry"},
};
constexpr ProtoField kOwnerReference[] = {
    {5, "apiVersion", ProtoType::kString, 0},
    {1, "kind", ProtoType::kString, 0},
    {3, "name", ProtoType::kString, 0},
    {4, "uid", ProtoType::kString, 0},
    {6, "controller", ProtoType::kBool, kOmitEmpty | kPointer},
    {7, "blockOwnerDeletion", ProtoType::kBool, kOmitEmpty | kPointer},
};
constexpr ProtoField kManagedFieldsEntry[] = {
    {1, "manager", ProtoType::kString, kOmitEmpty},
    {2, "operation", ProtoType::kString, kOmitEmpty},
    {3, "apiVersion", ProtoType::kString, kOmitEmpty},
    {4, "time", ProtoType::kTime, kOmitEmpty | kPointer},
    {6, "fieldsType", ProtoType::kString, kOmitEmpty},
    {7, "fieldsV1", ProtoType::kFieldsV1, kOmitEmpty | kPointer},
    {8, "subresource", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kCondition[] = {
    {1, "type", ProtoType::kString, 0},
    {2, "status", ProtoType::kString, 0},
    {3, "observedGeneration", ProtoType::kInt64, kOmitEmpty},
    {4, "lastTransitionTime", ProtoType::kTime, 0},
    {5, "reason", ProtoType::kString, 0},
    {6, "message", ProtoType::kString, 0},
};
constexpr ProtoField kLabelSelector[] = {
    {1, "matchLabels", ProtoType::kString, kOmitEmpty | kMap},
    {2, "matchExpressions", ProtoType::kMessage, kOmitEmpty | kRepeated, "LabelSelectorRequirement"},
};
constexpr ProtoField kLabelSelectorRequirement[] = {
    {1, "key", ProtoType::kString, 0},
    {2, "operator", ProtoType::kString, 0},
    {3, "values", ProtoType::kString, kOmitEmpty | kRepeated},
};
constexpr ProtoField kDeleteOptions[] = {
    {1, "gracePeriodSeconds", ProtoType::kInt64, kOmitEmpty | kPointer},
    {2, "preconditions", ProtoType::kMessage, kOmitEmpty | kPointer, "meta/v1.Preconditions"},
    {3, "orphanDependents", ProtoType::kBool, kOmitEmpty | kPointer},
    {4, "propagationPolicy", ProtoType::kString, kOmitEmpty | kPointer},
    {5, "dryRun", ProtoType::kString, kOmitEmpty | kRepeated},
    {6, "ignoreStoreReadErrorWithClusterBreakingPotential", ProtoType::kBool, kOmitEmpty | kPointer},
};
constexpr ProtoField kMetaV1Preconditions[] = {
    {1, "uid", ProtoType::kString, kOmitEmpty | kPointer},
    {2, "resourceVersion", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kFieldSelectorRequirement[] = {
    {1, "key", ProtoType::kString, 0},
    {2, "operator", ProtoType::kString, 0},
    {3, "values", ProtoType::kString, kOmitEmpty | kRepeated},
};

}  // namespace

std::span<const ProtoMessage> ProtoMetaMessages() {
  static constexpr ProtoMessage kMessages[] = {
      {"ObjectMeta", kObjectMeta},
      {"OwnerReference", kOwnerReference},
      {"ManagedFieldsEntry", kManagedFieldsEntry},
      {"Condition", kCondition},
      {"LabelSelector", kLabelSelector},
      {"LabelSelectorRequirement", kLabelSelectorRequirement},
      {"DeleteOptions", kDeleteOptions},
      {"meta/v1.Preconditions", kMetaV1Preconditions},
      {"FieldSelectorRequirement", kFieldSelectorRequirement},
  };
  return kMessages;
}

}  // namespace k1s::api::proto
