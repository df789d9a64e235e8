// Protobuf field tables for apps messages: field numbers, JSON names, types and
// Go omitempty/pointer shape, as published in the generated.proto and types.go
// files of k8s.io/api and k8s.io/apimachinery (v0.33). Tables of facts, one row
// per field, in the order the Go type declares them.
#include "pkg/api/proto_desc.h"

namespace k1s::api::proto {
namespace {

constexpr ProtoField kDeployment[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, kOmitEmpty, "DeploymentSpec"},
    {3, "status", ProtoType::kMessage, kOmitEmpty, "DeploymentStatus"},
};
constexpr ProtoField kDeploymentSpec[] = {
    {1, "replicas", ProtoType::kInt32, kOmitEmpty | kPointer},
    {2, "selector", ProtoType::kMessage, kPointer, "LabelSelector"},
    {3, "template", ProtoType::kMessage, 0, "PodTemplateSpec"},
    {4, "strategy", ProtoType::kMessage, kOmitEmpty, "DeploymentStrategy"},
    {5, "minReadySeconds", ProtoType::kInt32, kOmitEmpty},
    {6, "revisionHistoryLimit", ProtoType::kInt32, kOmitEmpty | kPointer},
    {7, "paused", ProtoType::kBool, kOmitEmpty},
    {9, "progressDeadlineSeconds", ProtoType::kInt32, kOmitEmpty | kPointer},
};
constexpr ProtoField kDeploymentStrategy[] = {
    {1, "type", ProtoType::kString, kOmitEmpty},
    {2, "rollingUpdate", ProtoType::kMessage, kOmitEmpty | kPointer, "RollingUpdateDeployment"},
};
constexpr ProtoField kRollingUpdateDeployment[] = {
    {1, "maxUnavailable", ProtoType::kIntOrString, kOmitEmpty | kPointer},
    {2, "maxSurge", ProtoType::kIntOrString, kOmitEmpty | kPointer},
};
constexpr ProtoField kDeploymentStatus[] = {
    {1, "observedGeneration", ProtoType::kInt64, kOmitEmpty},
    {2, "replicas", ProtoType::kInt32, kOmitEmpty},
    {3, "updatedReplicas", ProtoType::kInt32, kOmitEmpty},
    {7, "readyReplicas", ProtoType::kInt32, kOmitEmpty},
    {4, "availableReplicas", ProtoType::kInt32, kOmitEmpty},
    {5, "unavailableReplicas", ProtoType::kInt32, kOmitEmpty},
    {9, "terminatingReplicas", ProtoType::kInt32, kOmitEmpty | kPointer},
    {6, "conditions", ProtoType::kMessage, kOmitEmpty | kRepeated, "DeploymentCondition"},
    {8, "collisionCount", ProtoType::kInt32, kOmitEmpty | kPointer},
};
constexpr ProtoField kDeploymentCondition[] = {
    {1, "type", ProtoType::kString, 0},
    {2, "status", ProtoType::kString, 0},
    {6, "lastUpdateTime", ProtoType::kTime, kOmitEmpty},
    {7, "lastTransitionTime", ProtoType::kTime, kOmitEmpty},
    {4, "reason", ProtoType::kString, kOmitEmpty},
    {5, "message", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kStatefulSet[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, kOmitEmpty, "StatefulSetSpec"},
    {3, "status", ProtoType::kMessage, kOmitEmpty, "StatefulSetStatus"},
};
constexpr ProtoField kStatefulSetSpec[] = {
    {1, "replicas", ProtoType::kInt32, kOmitEmpty | kPointer},
    {2, "selector", ProtoType::kMessage, kPointer, "LabelSelector"},
    {3, "template", ProtoType::kMessage, 0, "PodTemplateSpec"},
    {4, "volumeClaimTemplates", ProtoType::kMessage, kOmitEmpty | kRepeated, "PersistentVolumeClaim"},
    {5, "serviceName", ProtoType::kString, 0},
    {6, "podManagementPolicy", ProtoType::kString, kOmitEmpty},
    {7, "updateStrategy", ProtoType::kMessage, kOmitEmpty, "StatefulSetUpdateStrategy"},
    {8, "revisionHistoryLimit", ProtoType::kInt32, kOmitEmpty | kPointer},
    {9, "minReadySeconds", ProtoType::kInt32, kOmitEmpty},
    {10, "persistentVolumeClaimRetentionPolicy", ProtoType::kMessage, kOmitEmpty | kPointer, "StatefulSetPersistentVolumeClaimRetentionPolicy"},
    {11, "ordinals", ProtoType::kMessage, kOmitEmpty | kPointer, "StatefulSetOrdinals"},
};
constexpr ProtoField kStatefulSetUpdateStrategy[] = {
    {1, "type", ProtoType::kString, kOmitEmpty},
    {2, "rollingUpdate", ProtoType::kMessage, kOmitEmpty | kPointer, "RollingUpdateStatefulSetStrategy"},
};
constexpr ProtoField kRollingUpdateStatefulSetStrategy[] = {
    {1, "partition", ProtoType::kInt32, kOmitEmpty | kPointer},
    {2, "maxUnavailable", ProtoType::kIntOrString, kOmitEmpty | kPointer},
};
constexpr ProtoField kStatefulSetPersistentVolumeClaimRetentionPolicy[] = {
    {1, "whenDeleted", ProtoType::kString, kOmitEmpty},
    {2, "whenScaled", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kStatefulSetOrdinals[] = {
    {1, "start", ProtoType::kInt32, 0},
};
constexpr ProtoField kStatefulSetStatus[] = {
    {1, "observedGeneration", ProtoType::kInt64, kOmitEmpty},
    {2, "replicas", ProtoType::kInt32, 0},
    {3, "readyReplicas", ProtoType::kInt32, kOmitEmpty},
    {4, "currentReplicas", ProtoType::kInt32, kOmitEmpty},
    {5, "updatedReplicas", ProtoType::kInt32, kOmitEmpty},
    {6, "currentRevision", ProtoType::kString, kOmitEmpty},
    {7, "updateRevision", ProtoType::kString, kOmitEmpty},
    {9, "collisionCount", ProtoType::kInt32, kOmitEmpty | kPointer},
    {10, "conditions", ProtoType::kMessage, kOmitEmpty | kRepeated, "StatefulSetCondition"},
    {11, "availableReplicas", ProtoType::kInt32, 0},
};
constexpr ProtoField kStatefulSetCondition[] = {
    {1, "type", ProtoType::kString, 0},
    {2, "status", ProtoType::kString, 0},
    {3, "lastTransitionTime", ProtoType::kTime, kOmitEmpty},
    {4, "reason", ProtoType::kString, kOmitEmpty},
    {5, "message", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kDaemonSet[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, kOmitEmpty, "DaemonSetSpec"},
    {3, "status", ProtoType::kMessage, kOmitEmpty, "DaemonSetStatus"},
};
constexpr ProtoField kDaemonSetSpec[] = {
    {1, "selector", ProtoType::kMessage, kPointer, "LabelSelector"},
    {2, "template", ProtoType::kMessage, 0, "PodTemplateSpec"},
    {3, "updateStrategy", ProtoType::kMessage, kOmitEmpty, "DaemonSetUpdateStrategy"},
    {4, "minReadySeconds", ProtoType::kInt32, kOmitEmpty},
    {6, "revisionHistoryLimit", ProtoType::kInt32, kOmitEmpty | kPointer},
};
constexpr ProtoField kDaemonSetUpdateStrategy[] = {
    {1, "type", ProtoType::kString, kOmitEmpty},
    {2, "rollingUpdate", ProtoType::kMessage, kOmitEmpty | kPointer, "RollingUpdateDaemonSet"},
};
constexpr ProtoField kRollingUpdateDaemonSet[] = {
    {1, "maxUnavailable", ProtoType::kIntOrString, kOmitEmpty | kPointer},
    {2, "maxSurge", ProtoType::kIntOrString, kOmitEmpty | kPointer},
};
constexpr ProtoField kDaemonSetStatus[] = {
    {1, "currentNumberScheduled", ProtoType::kInt32, 0},
    {2, "numberMisscheduled", ProtoType::kInt32, 0},
    {3, "desiredNumberScheduled", ProtoType::kInt32, 0},
    {4, "numberReady", ProtoType::kInt32, 0},
    {5, "observedGeneration", ProtoType::kInt64, kOmitEmpty},
    {6, "updatedNumberScheduled", ProtoType::kInt32, kOmitEmpty},
    {7, "numberAvailable", ProtoType::kInt32, kOmitEmpty},
    {8, "numberUnavailable", ProtoType::kInt32, kOmitEmpty},
    {9, "collisionCount", ProtoType::kInt32, kOmitEmpty | kPointer},
    {10, "conditions", ProtoType::kMessage, kOmitEmpty | kRepeated, "DaemonSetCondition"},
};
constexpr ProtoField kDaemonSetCondition[] = {
    {1, "type", ProtoType::kString, 0},
    {2, "status", ProtoType::kString, 0},
    {3, "lastTransitionTime", ProtoType::kTime, kOmitEmpty},
    {4, "reason", ProtoType::kString, kOmitEmpty},
    {5, "message", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kReplicaSet[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, kOmitEmpty, "ReplicaSetSpec"},
    {3, "status", ProtoType::kMessage, kOmitEmpty, "ReplicaSetStatus"},
};
constexpr ProtoField kReplicaSetSpec[] = {
    {1, "replicas", ProtoType::kInt32, kOmitEmpty | kPointer},
    {4, "minReadySeconds", ProtoType::kInt32, kOmitEmpty},
    {2, "selector", ProtoType::kMessage, kPointer, "LabelSelector"},
    {3, "template", ProtoType::kMessage, kOmitEmpty, "PodTemplateSpec"},
};
constexpr ProtoField kReplicaSetStatus[] = {
    {1, "replicas", ProtoType::kInt32, 0},
    {2, "fullyLabeledReplicas", ProtoType::kInt32, kOmitEmpty},
    {4, "readyReplicas", ProtoType::kInt32, kOmitEmpty},
    {5, "availableReplicas", ProtoType::kInt32, kOmitEmpty},
    {7, "terminatingReplicas", ProtoType::kInt32, kOmitEmpty | kPointer},
    {3, "observedGeneration", ProtoType::kInt64, kOmitEmpty},
    {6, "conditions", ProtoType::kMessage, kOmitEmpty | kRepeated, "ReplicaSetCondition"},
};
constexpr ProtoField kReplicaSetCondition[] = {
    {1, "type", ProtoType::kString, 0},
    {2, "status", ProtoType::kString, 0},
    {3, "lastTransitionTime", ProtoType::kTime, kOmitEmpty},
    {4, "reason", ProtoType::kString, kOmitEmpty},
    {5, "message", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kJob[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, kOmitEmpty, "JobSpec"},
    {3, "status", ProtoType::kMessage, kOmitEmpty, "JobStatus"},
};
constexpr ProtoField kJobSpec[] = {
    {1, "parallelism", ProtoType::kInt32, kOmitEmpty | kPointer},
    {2, "completions", ProtoType::kInt32, kOmitEmpty | kPointer},
    {3, "activeDeadlineSeconds", ProtoType::kInt64, kOmitEmpty | kPointer},
    {11, "podFailurePolicy", ProtoType::kMessage, kOmitEmpty | kPointer, "PodFailurePolicy"},
    {16, "successPolicy", ProtoType::kMessage, kOmitEmpty | kPointer, "SuccessPolicy"},
    {7, "backoffLimit", ProtoType::kInt32, kOmitEmpty | kPointer},
    {12, "backoffLimitPerIndex", ProtoType::kInt32, kOmitEmpty | kPointer},
    {13, "maxFailedIndexes", ProtoType::kInt32, kOmitEmpty | kPointer},
    {4, "selector", ProtoType::kMessage, kOmitEmpty | kPointer, "LabelSelector"},
    {5, "manualSelector", ProtoType::kBool, kOmitEmpty | kPointer},
    {6, "template", ProtoType::kMessage, 0, "PodTemplateSpec"},
    {8, "ttlSecondsAfterFinished", ProtoType::kInt32, kOmitEmpty | kPointer},
    {9, "completionMode", ProtoType::kString, kOmitEmpty | kPointer},
    {10, "suspend", ProtoType::kBool, kOmitEmpty | kPointer},
    {14, "podReplacementPolicy", ProtoType::kString, kOmitEmpty | kPointer},
    {15, "managedBy", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kPodFailurePolicy[] = {
    {1, "rules", ProtoType::kMessage, kRepeated, "PodFailurePolicyRule"},
};
constexpr ProtoField kPodFailurePolicyRule[] = {
    {1, "action", ProtoType::kString, 0},
    {2, "onExitCodes", ProtoType::kMessage, kOmitEmpty | kPointer, "PodFailurePolicyOnExitCodesRequirement"},
    {3, "onPodConditions", ProtoType::kMessage, kOmitEmpty | kRepeated, "PodFailurePolicyOnPodConditionsPattern"},
};
constexpr ProtoField kPodFailurePolicyOnExitCodesRequirement[] = {
    {1, "containerName", ProtoType::kString, kOmitEmpty | kPointer},
    {2, "operator", ProtoType::kString, 0},
    {3, "values", ProtoType::kInt32, kRepeated},
};
constexpr ProtoField kPodFailurePolicyOnPodConditionsPattern[] = {
    {1, "type", ProtoType::kString, 0},
    {2, "status", ProtoType::kString, 0},
};
constexpr ProtoField kSuccessPolicy[] = {
    {1, "rules", ProtoType::kMessage, kRepeated, "SuccessPolicyRule"},
};
constexpr ProtoField kSuccessPolicyRule[] = {
    {1, "succeededIndexes", ProtoType::kString, kOmitEmpty | kPointer},
    {2, "succeededCount", ProtoType::kInt32, kOmitEmpty | kPointer},
};
constexpr ProtoField kJobStatus[] = {
    {1, "conditions", ProtoType::kMessage, kOmitEmpty | kRepeated, "JobCondition"},
    {2, "startTime", ProtoType::kTime, kOmitEmpty | kPointer},
    {3, "completionTime", ProtoType::kTime, kOmitEmpty | kPointer},
    {4, "active", ProtoType::kInt32, kOmitEmpty},
    {5, "succeeded", ProtoType::kInt32, kOmitEmpty},
    {6, "failed", ProtoType::kInt32, kOmitEmpty},
    {11, "terminating", ProtoType::kInt32, kOmitEmpty | kPointer},
    {7, "completedIndexes", ProtoType::kString, kOmitEmpty},
    {10, "failedIndexes", ProtoType::kString, kOmitEmpty | kPointer},
    {8, "uncountedTerminatedPods", ProtoType::kMessage, kOmitEmpty | kPointer, "UncountedTerminatedPods"},
    {9, "ready", ProtoType::kInt32, kOmitEmpty | kPointer},
};
constexpr ProtoField kJobCondition[] = {
    {1, "type", ProtoType::kString, 0},
    {2, "status", ProtoType::kString, 0},
    {3, "lastProbeTime", ProtoType::kTime, kOmitEmpty},
    {4, "lastTransitionTime", ProtoType::kTime, kOmitEmpty},
    {5, "reason", ProtoType::kString, kOmitEmpty},
    {6, "message", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kUncountedTerminatedPods[] = {
    {1, "succeeded", ProtoType::kString, kOmitEmpty | kRepeated},
    {2, "failed", ProtoType::kString, kOmitEmpty | kRepeated},
};
constexpr ProtoField kCronJob[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, kOmitEmpty, "CronJobSpec"},
    {3, "status", ProtoType::kMessage, kOmitEmpty, "CronJobStatus"},
};
constexpr ProtoField kCronJobSpec[] = {
    {1, "schedule", ProtoType::kString, 0},
    {8, "timeZone", ProtoType::kString, kOmitEmpty | kPointer},
    {2, "startingDeadlineSeconds", ProtoType::kInt64, kOmitEmpty | kPointer},
    {3, "concurrencyPolicy", ProtoType::kString, kOmitEmpty},
    {4, "suspend", ProtoType::kBool, kOmitEmpty | kPointer},
    {5, "jobTemplate", ProtoType::kMessage, 0, "JobTemplateSpec"},
    {6, "successfulJobsHistoryLimit", ProtoType::kInt32, kOmitEmpty | kPointer},
    {7, "failedJobsHistoryLimit", ProtoType::kInt32, kOmitEmpty | kPointer},
};
constexpr ProtoField kJobTemplateSpec[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, kOmitEmpty, "JobSpec"},
};
constexpr ProtoField kCronJobStatus[] = {
    {1, "active", ProtoType::kMessage, kOmitEmpty | kRepeated, "ObjectReference"},
    {4, "lastScheduleTime", ProtoType::kTime, kOmitEmpty | kPointer},
    {5, "lastSuccessfulTime", ProtoType::kTime, kOmitEmpty | kPointer},
};

}  // namespace

std::span<const ProtoMessage> ProtoAppsMessages() {
  static constexpr ProtoMessage kMessages[] = {
      {"Deployment", kDeployment},
      {"DeploymentSpec", kDeploymentSpec},
      {"DeploymentStrategy", kDeploymentStrategy},
      {"RollingUpdateDeployment", kRollingUpdateDeployment},
      {"DeploymentStatus", kDeploymentStatus},
      {"DeploymentCondition", kDeploymentCondition},
      {"StatefulSet", kStatefulSet},
      {"StatefulSetSpec", kStatefulSetSpec},
      {"StatefulSetUpdateStrategy", kStatefulSetUpdateStrategy},
      {"RollingUpdateStatefulSetStrategy", kRollingUpdateStatefulSetStrategy},
      {"StatefulSetPersistentVolumeClaimRetentionPolicy", kStatefulSetPersistentVolumeClaimRetentionPolicy},
      {"StatefulSetOrdinals", kStatefulSetOrdinals},
      {"StatefulSetStatus", kStatefulSetStatus},
      {"StatefulSetCondition", kStatefulSetCondition},
      {"DaemonSet", kDaemonSet},
      {"DaemonSetSpec", kDaemonSetSpec},
      {"DaemonSetUpdateStrategy", kDaemonSetUpdateStrategy},
      {"RollingUpdateDaemonSet", kRollingUpdateDaemonSet},
      {"DaemonSetStatus", kDaemonSetStatus},
      {"DaemonSetCondition", kDaemonSetCondition},
      {"ReplicaSet", kReplicaSet},
      {"ReplicaSetSpec", kReplicaSetSpec},
      {"ReplicaSetStatus", kReplicaSetStatus},
      {"ReplicaSetCondition", kReplicaSetCondition},
      {"Job", kJob},
      {"JobSpec", kJobSpec},
      {"PodFailurePolicy", kPodFailurePolicy},
      {"PodFailurePolicyRule", kPodFailurePolicyRule},
      {"PodFailurePolicyOnExitCodesRequirement", kPodFailurePolicyOnExitCodesRequirement},
      {"PodFailurePolicyOnPodConditionsPattern", kPodFailurePolicyOnPodConditionsPattern},
      {"SuccessPolicy", kSuccessPolicy},
      {"SuccessPolicyRule", kSuccessPolicyRule},
      {"JobStatus", kJobStatus},
      {"JobCondition", kJobCondition},
      {"UncountedTerminatedPods", kUncountedTerminatedPods},
      {"CronJob", kCronJob},
      {"CronJobSpec", kCronJobSpec},
      {"JobTemplateSpec", kJobTemplateSpec},
      {"CronJobStatus", kCronJobStatus},
  };
  return kMessages;
}

}  // namespace k1s::api::proto
