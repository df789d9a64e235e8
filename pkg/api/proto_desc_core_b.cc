// Protobuf field tables for core_b messages: field numbers, JSON names, types and
// Go omitempty/pointer shape, as published in the generated.proto and types.go
// files of k8s.io/api and k8s.io/apimachinery (v0.33). Tables of facts, one row
// per field, in the order the Go type declares them.
#include "pkg/api/proto_desc.h"

namespace k1s::api::proto {
namespace {

constexpr ProtoField kSELinuxOptions[] = {
    {1, "user", ProtoType::kString, kOmitEmpty},
    {2, "role", ProtoType::kString, kOmitEmpty},
    {3, "type", ProtoType::kString, kOmitEmpty},
    {4, "level", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kWindowsSecurityContextOptions[] = {
    {1, "gmsaCredentialSpecName", ProtoType::kString, kOmitEmpty | kPointer},
    {2, "gmsaCredentialSpec", ProtoType::kString, kOmitEmpty | kPointer},
    {3, "runAsUserName", ProtoType::kString, kOmitEmpty | kPointer},
    {4, "hostProcess", ProtoType::kBool, kOmitEmpty | kPointer},
};
constexpr ProtoField kSeccompProfile[] = {
    {1, "type", ProtoType::kString, 0},
    {2, "localhostProfile", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kAppArmorProfile[] = {
    {1, "type", ProtoType::kString, 0},
    {2, "localhostProfile", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kEphemeralContainer[] = {
    {1, "", ProtoType::kMessage, kInline, "EphemeralContainerCommon"},
    {2, "targetContainerName", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kEphemeralContainerCommon[] = {
    {1, "name", ProtoType::kString, 0},
    {2, "image", ProtoType::kString, kOmitEmpty},
    {3, "command", ProtoType::kString, kOmitEmpty | kRepeated},
    {4, "args", ProtoType::kString, kOmitEmpty | kRepeated},
    {5, "workingDir", ProtoType::kString, kOmitEmpty},
    {6, "ports", ProtoType::kMessage, kOmitEmpty | kRepeated, "ContainerPort"},
    {19, "envFrom", ProtoType::kMessage, kOmitEmpty | kRepeated, "EnvFromSource"},
    {7, "env", ProtoType::kMessage, kOmitEmpty | kRepeated, "EnvVar"},
    {8, "resources", ProtoType::kMessage, kOmitEmpty, "ResourceRequirements"},
    {23, "resizePolicy", ProtoType::kMessage, kOmitEmpty | kRepeated, "ContainerResizePolicy"},
    {24, "restartPolicy", ProtoType::kString, kOmitEmpty | kPointer},
    {9, "volumeMounts", ProtoType::kMessage, kOmitEmpty | kRepeated, "VolumeMount"},
    {21, "volumeDevices", ProtoType::kMessage, kOmitEmpty | kRepeated, "VolumeDevice"},
    {10, "livenessProbe", ProtoType::kMessage, kOmitEmpty | kPointer, "Probe"},
    {11, "readinessProbe", ProtoType::kMessage, kOmitEmpty | kPointer, "Probe"},
    {22, "startupProbe", ProtoType::kMessage, kOmitEmpty | kPointer, "Probe"},
    {12, "lifecycle", ProtoType::kMessage, kOmitEmpty | kPointer, "Lifecycle"},
    {13, "terminationMessagePath", ProtoType::kString, kOmitEmpty},
    {20, "terminationMessagePolicy", ProtoType::kString, kOmitEmpty},
    {14, "imagePullPolicy", ProtoType::kString, kOmitEmpty},
    {15, "securityContext", ProtoType::kMessage, kOmitEmpty | kPointer, "SecurityContext"},
    {16, "stdin", ProtoType::kBool, kOmitEmpty},
    {17, "stdinOnce", ProtoType::kBool, kOmitEmpty},
    {18, "tty", ProtoType::kBool, kOmitEmpty},
};
constexpr ProtoField kPodSecurityContext[] = {
    {1, "seLinuxOptions", ProtoType::kMessage, kOmitEmpty | kPointer, "SELinuxOptions"},
    {8, "windowsOptions", ProtoType::kMessage, kOmitEmpty | kPointer, "WindowsSecurityContextOptions"},
    {2, "runAsUser", ProtoType::kInt64, kOmitEmpty | kPointer},
    {6, "runAsGroup", ProtoType::kInt64, kOmitEmpty | kPointer},
    {3, "runAsNonRoot", ProtoType::kBool, kOmitEmpty | kPointer},
    {4, "supplementalGroups", ProtoType::kInt64, kOmitEmpty | kRepeated},
    {12, "supplementalGroupsPolicy", ProtoType::kString, kOmitEmpty | kPointer},
    {5, "fsGroup", ProtoType::kInt64, kOmitEmpty | kPointer},
    {7, "sysctls", ProtoType::kMessage, kOmitEmpty | kRepeated, "Sysctl"},
    {9, "fsGroupChangePolicy", ProtoType::kString, kOmitEmpty | kPointer},
    {10, "seccompProfile", ProtoType::kMessage, kOmitEmpty | kPointer, "SeccompProfile"},
    {11, "appArmorProfile", ProtoType::kMessage, kOmitEmpty | kPointer, "AppArmorProfile"},
    {13, "seLinuxChangePolicy", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kSysctl[] = {
    {1, "name", ProtoType::kString, 0},
    {2, "value", ProtoType::kString, 0},
};
constexpr ProtoField kAffinity[] = {
    {1, "nodeAffinity", ProtoType::kMessage, kOmitEmpty | kPointer, "NodeAffinity"},
    {2, "podAffinity", ProtoType::kMessage, kOmitEmpty | kPointer, "PodAffinity"},
    {3, "podAntiAffinity", ProtoType::kMessage, kOmitEmpty | kPointer, "PodAntiAffinity"},
};
constexpr ProtoField kNodeAffinity[] = {
    {1, "requiredDuringSchedulingIgnoredDuringExecution", ProtoType::kMessage, kOmitEmpty | kPointer, "NodeSelector"},
    {2, "preferredDuringSchedulingIgnoredDuringExecution", ProtoType::kMessage, kOmitEmpty | kRepeated, "PreferredSchedulingTerm"},
};
constexpr ProtoField kNodeSelector[] = {
    {1, "nodeSelectorTerms", ProtoType::kMessage, kRepeated, "NodeSelectorTerm"},
};
constexpr ProtoField kNodeSelectorTerm[] = {
    {1, "matchExpressions", ProtoType::kMessage, kOmitEmpty | kRepeated, "NodeSelectorRequirement"},
    {2, "matchFields", ProtoType::kMessage, kOmitEmpty | kRepeated, "NodeSelectorRequirement"},
};
constexpr ProtoField kNodeSelectorRequirement[] = {
    {1, "key", ProtoType::kString, 0},
    {2, "operator", ProtoType::kString, 0},
    {3, "values", ProtoType::kString, kOmitEmpty | kRepeated},
};
constexpr ProtoField kPreferredSchedulingTerm[] = {
    {1, "weight", ProtoType::kInt32, 0},
    {2, "preference", ProtoType::kMessage, 0, "NodeSelectorTerm"},
};
constexpr ProtoField kPodAffinity[] = {
    {1, "requiredDuringSchedulingIgnoredDuringExecution", ProtoType::kMessage, kOmitEmpty | kRepeated, "PodAffinityTerm"},
    {2, "preferredDuringSchedulingIgnoredDuringExecution", ProtoType::kMessage, kOmitEmpty | kRepeated, "WeightedPodAffinityTerm"},
};
constexpr ProtoField kPodAffinityTerm[] = {
    {1, "labelSelector", ProtoType::kMessage, kOmitEmpty | kPointer, "LabelSelector"},
    {2, "namespaces", ProtoType::kString, kOmitEmpty | kRepeated},
    {3, "topologyKey", ProtoType::kString, 0},
    {4, "namespaceSelector", ProtoType::kMessage, kOmitEmpty | kPointer, "LabelSelector"},
    {5, "matchLabelKeys", ProtoType::kString, kOmitEmpty | kRepeated},
    {6, "mismatchLabelKeys", ProtoType::kString, kOmitEmpty | kRepeated},
};
constexpr ProtoField kWeightedPodAffinityTerm[] = {
    {1, "weight", ProtoType::kInt32, 0},
    {2, "podAffinityTerm", ProtoType::kMessage, 0, "PodAffinityTerm"},
};
constexpr ProtoField kPodAntiAffinity[] = {
    {1, "requiredDuringSchedulingIgnoredDuringExecution", ProtoType::kMessage, kOmitEmpty | kRepeated, "PodAffinityTerm"},
    {2, "preferredDuringSchedulingIgnoredDuringExecution", ProtoType::kMessage, kOmitEmpty | kRepeated, "WeightedPodAffinityTerm"},
};
constexpr ProtoField kToleration[] = {
    {1, "key", ProtoType::kString, kOmitEmpty},
    {2, "operator", ProtoType::kString, kOmitEmpty},
    {3, "value", ProtoType::kString, kOmitEmpty},
    {4, "effect", ProtoType::kString, kOmitEmpty},
    {5, "tolerationSeconds", ProtoType::kInt64, kOmitEmpty | kPointer},
};
constexpr ProtoField kHostAlias[] = {
    {1, "ip", ProtoType::kString, 0},
    {2, "hostnames", ProtoType::kString, kOmitEmpty | kRepeated},
};
constexpr ProtoField kPodDNSConfig[] = {
    {1, "nameservers", ProtoType::kString, kOmitEmpty | kRepeated},
    {2, "searches", ProtoType::kString, kOmitEmpty | kRepeated},
    {3, "options", ProtoType::kMessage, kOmitEmpty | kRepeated, "PodDNSConfigOption"},
};
constexpr ProtoField kPodDNSConfigOption[] = {
    {1, "name", ProtoType::kString, kOmitEmpty},
    {2, "value", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kPodReadinessGate[] = {
    {1, "conditionType", ProtoType::kString, 0},
};
constexpr ProtoField kTopologySpreadConstraint[] = {
    {1, "maxSkew", ProtoType::kInt32, 0},
    {2, "topologyKey", ProtoType::kString, 0},
    {3, "whenUnsatisfiable", ProtoType::kString, 0},
    {4, "labelSelector", ProtoType::kMessage, kOmitEmpty | kPointer, "LabelSelector"},
    {5, "minDomains", ProtoType::kInt32, kOmitEmpty | kPointer},
    {6, "nodeAffinityPolicy", ProtoType::kString, kOmitEmpty | kPointer},
    {7, "nodeTaintsPolicy", ProtoType::kString, kOmitEmpty | kPointer},
    {8, "matchLabelKeys", ProtoType::kString, kOmitEmpty | kRepeated},
};
constexpr ProtoField kPodOS[] = {
    {1, "name", ProtoType::kString, 0},
};
constexpr ProtoField kPodSchedulingGate[] = {
    {1, "name", ProtoType::kString, 0},
};
constexpr ProtoField kPodResourceClaim[] = {
    {1, "name", ProtoType::kString, 0},
    {3, "resourceClaimName", ProtoType::kString, kOmitEmpty | kPointer},
    {4, "resourceClaimTemplateName", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kPodStatus[] = {
    {17, "observedGeneration", ProtoType::kInt64, kOmitEmpty},
    {1, "phase", ProtoType::kString, kOmitEmpty},
    {2, "conditions", ProtoType::kMessage, kOmitEmpty | kRepeated, "PodCondition"},
    {3, "message", ProtoType::kString, kOmitEmpty},
    {4, "reason", ProtoType::kString, kOmitEmpty},
    {11, "nominatedNodeName", ProtoType::kString, kOmitEmpty},
    {5, "hostIP", ProtoType::kString, kOmitEmpty},
    {16, "hostIPs", ProtoType::kMessage, kOmitEmpty | kRepeated, "HostIP"},
    {6, "podIP", ProtoType::kString, kOmitEmpty},
    {12, "podIPs", ProtoType::kMessage, kOmitEmpty | kRepeated, "PodIP"},
    {7, "startTime", ProtoType::kTime, kOmitEmpty | kPointer},
    {10, "initContainerStatuses", ProtoType::kMessage, kOmitEmpty | kRepeated, "ContainerStatus"},
    {8, "containerStatuses", ProtoType::kMessage, kOmitEmpty | kRepeated, "ContainerStatus"},
    {9, "qosClass", ProtoType::kString, kOmitEmpty},
    {13, "ephemeralContainerStatuses", ProtoType::kMessage, kOmitEmpty | kRepeated, "ContainerStatus"},
    {14, "resize", ProtoType::kString, kOmitEmpty},
    {15, "resourceClaimStatuses", ProtoType::kMessage, kOmitEmpty | kRepeated, "PodResourceClaimStatus"},
};
constexpr ProtoField kPodCondition[] = {
    {1, "type", ProtoType::kString, 0},
    {7, "observedGeneration", ProtoType::kInt64, kOmitEmpty},
    {2, "status", ProtoType::kString, 0},
    {3, "lastProbeTime", ProtoType::kTime, kOmitEmpty},
    {4, "lastTransitionTime", ProtoType::kTime, kOmitEmpty},
    {5, "reason", ProtoType::kString, kOmitEmpty},
    {6, "message", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kHostIP[] = {
    {1, "ip", ProtoType::kString, 0},
};
constexpr ProtoField kPodIP[] = {
    {1, "ip", ProtoType::kString, 0},
};
constexpr ProtoField kContainerStatus[] = {
    {1, "name", ProtoType::kString, 0},
    {2, "state", ProtoType::kMessage, kOmitEmpty, "ContainerState"},
    {3, "lastState", ProtoType::kMessage, kOmitEmpty, "ContainerState"},
    {4, "ready", ProtoType::kBool, 0},
    {5, "restartCount", ProtoType::kInt32, 0},
    {6, "image", ProtoType::kString, 0},
    {7, "imageID", ProtoType::kString, 0},
    {8, "containerID", ProtoType::kString, kOmitEmpty},
    {9, "started", ProtoType::kBool, kOmitEmpty | kPointer},
    {10, "allocatedResources", ProtoType::kQuantity, kOmitEmpty | kMap},
    {11, "resources", ProtoType::kMessage, kOmitEmpty | kPointer, "ResourceRequirements"},
    {12, "volumeMounts", ProtoType::kMessage, kOmitEmpty | kRepeated, "VolumeMountStatus"},
    {13, "user", ProtoType::kMessage, kOmitEmpty | kPointer, "ContainerUser"},
    {14, "allocatedResourcesStatus", ProtoType::kMessage, kOmitEmpty | kRepeated, "ResourceStatus"},
    {15, "stopSignal", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kContainerState[] = {
    {1, "waiting", ProtoType::kMessage, kOmitEmpty | kPointer, "ContainerStateWaiting"},
    {2, "running", ProtoType::kMessage, kOmitEmpty | kPointer, "ContainerStateRunning"},
    {3, "terminated", ProtoType::kMessage, kOmitEmpty | kPointer, "ContainerStateTerminated"},
};
constexpr ProtoField kContainerStateWaiting[] = {
    {1, "reason", ProtoType::kString, kOmitEmpty},
    {2, "message", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kContainerStateRunning[] = {
    {1, "startedAt", ProtoType::kTime, kOmitEmpty},
};
constexpr ProtoField kContainerStateTerminated[] = {
    {1, "exitCode", ProtoType::kInt32, 0},
    {2, "signal", ProtoType::kInt32, kOmitEmpty},
    {3, "reason", ProtoType::kString, kOmitEmpty},
    {4, "message", ProtoType::kString, kOmitEmpty},
    {5, "startedAt", ProtoType::kTime, kOmitEmpty},
    {6, "finishedAt", ProtoType::kTime, kOmitEmpty},
    {7, "containerID", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kVolumeMountStatus[] = {
    {1, "name", ProtoType::kString, 0},
    {2, "mountPath", ProtoType::kString, 0},
    {3, "readOnly", ProtoType::kBool, kOmitEmpty},
    {4, "recursiveReadOnly", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kContainerUser[] = {
    {1, "linux", ProtoType::kMessage, kOmitEmpty | kPointer, "LinuxContainerUser"},
};
constexpr ProtoField kLinuxContainerUser[] = {
    {1, "uid", ProtoType::kInt64, 0},
    {2, "gid", ProtoType::kInt64, 0},
    {3, "supplementalGroups", ProtoType::kInt64, kOmitEmpty | kRepeated},
};
constexpr ProtoField kResourceStatus[] = {
    {1, "name", ProtoType::kString, 0},
    {2, "resources", ProtoType::kMessage, kOmitEmpty | kRepeated, "ResourceHealth"},
};
constexpr ProtoField kResourceHealth[] = {
    {1, "resourceID", ProtoType::kString, 0},
    {2, "health", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kPodResourceClaimStatus[] = {
    {1, "name", ProtoType::kString, 0},
    {2, "resourceClaimName", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kPodTemplate[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "template", ProtoType::kMessage, kOmitEmpty, "PodTemplateSpec"},
};
constexpr ProtoField kPodTemplateSpec[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, kOmitEmpty, "PodSpec"},
};
constexpr ProtoField kReplicationController[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, kOmitEmpty, "ReplicationControllerSpec"},
    {3, "status", ProtoType::kMessage, kOmitEmpty, "ReplicationControllerStatus"},
};
constexpr ProtoField kReplicationControllerSpec[] = {
    {1, "replicas", ProtoType::kInt32, kOmitEmpty | kPointer},
    {4, "minReadySeconds", ProtoType::kInt32, kOmitEmpty},
    {2, "selector", ProtoType::kString, kOmitEmpty | kMap},
    {3, "template", ProtoType::kMessage, kOmitEmpty | kPointer, "PodTemplateSpec"},
};
constexpr ProtoField kReplicationControllerStatus[] = {
    {1, "replicas", ProtoType::kInt32, 0},
    {2, "fullyLabeledReplicas", ProtoType::kInt32, kOmitEmpty},
    {4, "readyReplicas", ProtoType::kInt32, kOmitEmpty},
    {5, "availableReplicas", ProtoType::kInt32, kOmitEmpty},
    {3, "observedGeneration", ProtoType::kInt64, kOmitEmpty},
    {6, "conditions", ProtoType::kMessage, kOmitEmpty | kRepeated, "ReplicationControllerCondition"},
};
constexpr ProtoField kReplicationControllerCondition[] = {
    {1, "type", ProtoType::kString, 0},
    {2, "status", ProtoType::kString, 0},
    {3, "lastTransitionTime", ProtoType::kTime, kOmitEmpty},
    {4, "reason", ProtoType::kString, kOmitEmpty},
    {5, "message", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kEndpoints[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "subsets", ProtoType::kMessage, kOmitEmpty | kRepeated, "EndpointSubset"},
};
constexpr ProtoField kEndpointSubset[] = {
    {1, "addresses", ProtoType::kMessage, kOmitEmpty | kRepeated, "EndpointAddress"},
    {2, "notReadyAddresses", ProtoType::kMessage, kOmitEmpty | kRepeated, "EndpointAddress"},
    {3, "ports", ProtoType::kMessage, kOmitEmpty | kRepeated, "EndpointPort"},
};
constexpr ProtoField kEndpointAddress[] = {
    {1, "ip", ProtoType::kString, 0},
    {3, "hostname", ProtoType::kString, kOmitEmpty},
    {4, "nodeName", ProtoType::kString, kOmitEmpty | kPointer},
    {2, "targetRef", ProtoType::kMessage, kOmitEmpty | kPointer, "ObjectReference"},
};
constexpr ProtoField kEndpointPort[] = {
    {1, "name", ProtoType::kString, kOmitEmpty},
    {2, "port", ProtoType::kInt32, 0},
    {3, "protocol", ProtoType::kString, kOmitEmpty},
    {4, "appProtocol", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kLimitRange[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, kOmitEmpty, "LimitRangeSpec"},
};
constexpr ProtoField kLimitRangeSpec[] = {
    {1, "limits", ProtoType::kMessage, kRepeated, "LimitRangeItem"},
};
constexpr ProtoField kLimitRangeItem[] = {
    {1, "type", ProtoType::kString, 0},
    {2, "max", ProtoType::kQuantity, kOmitEmpty | kMap},
    {3, "min", ProtoType::kQuantity, kOmitEmpty | kMap},
    {4, "default", ProtoType::kQuantity, kOmitEmpty | kMap},
    {5, "defaultRequest", ProtoType::kQuantity, kOmitEmpty | kMap},
    {6, "maxLimitRequestRatio", ProtoType::kQuantity, kOmitEmpty | kMap},
};
constexpr ProtoField kBinding[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "target", ProtoType::kMessage, 0, "ObjectReference"},
};
constexpr ProtoField kEvent[] = {
    {1, "metadata", ProtoType::kMessage, 0, "ObjectMeta"},
    {2, "involvedObject", ProtoType::kMessage, 0, "ObjectReference"},
    {3, "reason", ProtoType::kString, kOmitEmpty},
    {4, "message", ProtoType::kString, kOmitEmpty},
    {5, "source", ProtoType::kMessage, kOmitEmpty, "EventSource"},
    {6, "firstTimestamp", ProtoType::kTime, kOmitEmpty},
    {7, "lastTimestamp", ProtoType::kTime, kOmitEmpty},
    {8, "count", ProtoType::kInt32, kOmitEmpty},
    {9, "type", ProtoType::kString, kOmitEmpty},
    {10, "eventTime", ProtoType::kMicroTime, kOmitEmpty},
    {11, "series", ProtoType::kMessage, kOmitEmpty | kPointer, "EventSeries"},
    {12, "action", ProtoType::kString, kOmitEmpty},
    {13, "related", ProtoType::kMessage, kOmitEmpty | kPointer, "ObjectReference"},
    {14, "reportingComponent", ProtoType::kString, 0},
    {15, "reportingInstance", ProtoType::kString, 0},
};
constexpr ProtoField kEventSource[] = {
    {1, "component", ProtoType::kString, kOmitEmpty},
    {2, "host", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kEventSeries[] = {
    {1, "count", ProtoType::kInt32, kOmitEmpty},
    {2, "lastObservedTime", ProtoType::kMicroTime, kOmitEmpty},
};
constexpr ProtoField kNode[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, kOmitEmpty, "NodeSpec"},
    {3, "status", ProtoType::kMessage, kOmitEmpty, "NodeStatus"},
};
constexpr ProtoField kNodeSpec[] = {
    {1, "podCIDR", ProtoType::kString, kOmitEmpty},
    {7, "podCIDRs", ProtoType::kString, kOmitEmpty | kRepeated},
    {3, "providerID", ProtoType::kString, kOmitEmpty},
    {4, "unschedulable", ProtoType::kBool, kOmitEmpty},
    {5, "taints", ProtoType::kMessage, kOmitEmpty | kRepeated, "Taint"},
    {6, "configSource", ProtoType::kMessage, kOmitEmpty | kPointer, "NodeConfigSource"},
    {2, "externalID", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kTaint[] = {
    {1, "key", ProtoType::kString, 0},
    {2, "value", ProtoType::kString, kOmitEmpty},
    {3, "effect", ProtoType::kString, 0},
    {4, "timeAdded", ProtoType::kTime, kOmitEmpty | kPointer},
};
constexpr ProtoField kNodeConfigSource[] = {
    {2, "configMap", ProtoType::kMessage, kOmitEmpty | kPointer, "ConfigMapNodeConfigSource"},
};
constexpr ProtoField kConfigMapNodeConfigSource[] = {
    {1, "namespace", ProtoType::kString, 0},
    {2, "name", ProtoType::kString, 0},
    {3, "uid", ProtoType::kString, kOmitEmpty},
    {4, "resourceVersion", ProtoType::kString, kOmitEmpty},
    {5, "kubeletConfigKey", ProtoType::kString, 0},
};
constexpr ProtoField kNodeStatus[] = {
    {1, "capacity", ProtoType::kQuantity, kOmitEmpty | kMap},
    {2, "allocatable", ProtoType::kQuantity, kOmitEmpty | kMap},
    {3, "phase", ProtoType::kString, kOmitEmpty},
    {4, "conditions", ProtoType::kMessage, kOmitEmpty | kRepeated, "NodeCondition"},
    {5, "addresses", ProtoType::kMessage, kOmitEmpty | kRepeated, "NodeAddress"},
    {6, "daemonEndpoints", ProtoType::kMessage, kOmitEmpty, "NodeDaemonEndpoints"},
    {7, "nodeInfo", ProtoType::kMessage, kOmitEmpty, "NodeSystemInfo"},
    {8, "images", ProtoType::kMessage, kOmitEmpty | kRepeated, "ContainerImage"},
    {9, "volumesInUse", ProtoType::kString, kOmitEmpty | kRepeated},
    {10, "volumesAttached", ProtoType::kMessage, kOmitEmpty | kRepeated, "AttachedVolume"},
    {11, "config", ProtoType::kMessage, kOmitEmpty | kPointer, "NodeConfigStatus"},
    {12, "runtimeHandlers", ProtoType::kMessage, kOmitEmpty | kRepeated, "NodeRuntimeHandler"},
    {13, "features", ProtoType::kMessage, kOmitEmpty | kPointer, "NodeFeatures"},
};
constexpr ProtoField kNodeCondition[] = {
    {1, "type", ProtoType::kString, 0},
    {2, "status", ProtoType::kString, 0},
    {3, "lastHeartbeatTime", ProtoType::kTime, kOmitEmpty},
    {4, "lastTransitionTime", ProtoType::kTime, kOmitEmpty},
    {5, "reason", ProtoType::kString, kOmitEmpty},
    {6, "message", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kNodeAddress[] = {
    {1, "type", ProtoType::kString, 0},
    {2, "address", ProtoType::kString, 0},
};
constexpr ProtoField kNodeDaemonEndpoints[] = {
    {1, "kubeletEndpoint", ProtoType::kMessage, kOmitEmpty, "DaemonEndpoint"},
};
constexpr ProtoField kDaemonEndpoint[] = {
    {1, "Port", ProtoType::kInt32, 0},
};
constexpr ProtoField kNodeSystemInfo[] = {
    {1, "machineID", ProtoType::kString, 0},
    {2, "systemUUID", ProtoType::kString, 0},
    {3, "bootID", ProtoType::kString, 0},
    {4, "kernelVersion", ProtoType::kString, 0},
    {5, "osImage", ProtoType::kString, 0},
    {6, "containerRuntimeVersion", ProtoType::kString, 0},
    {7, "kubeletVersion", ProtoType::kString, 0},
    {8, "kubeProxyVersion", ProtoType::kString, 0},
    {9, "operatingSystem", ProtoType::kString, 0},
    {10, "architecture", ProtoType::kString, 0},
    {11, "swap", ProtoType::kMessage, kOmitEmpty | kPointer, "NodeSwapStatus"},
};
constexpr ProtoField kNodeSwapStatus[] = {
    {1, "capacity", ProtoType::kInt64, kOmitEmpty | kPointer},
};
constexpr ProtoField kContainerImage[] = {
    {1, "names", ProtoType::kString, kRepeated},
    {2, "sizeBytes", ProtoType::kInt64, kOmitEmpty},
};
constexpr ProtoField kAttachedVolume[] = {
    {1, "name", ProtoType::kString, 0},
    {2, "devicePath", ProtoType::kString, 0},
};
constexpr ProtoField kNodeConfigStatus[] = {
    {1, "assigned", ProtoType::kMessage, kOmitEmpty | kPointer, "NodeConfigSource"},
    {2, "active", ProtoType::kMessage, kOmitEmpty | kPointer, "NodeConfigSource"},
    {3, "lastKnownGood", ProtoType::kMessage, kOmitEmpty | kPointer, "NodeConfigSource"},
    {4, "error", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kNodeRuntimeHandler[] = {
    {1, "name", ProtoType::kString, 0},
    {2, "features", ProtoType::kMessage, kOmitEmpty | kPointer, "NodeRuntimeHandlerFeatures"},
};
constexpr ProtoField kNodeRuntimeHandlerFeatures[] = {
    {1, "recursiveReadOnlyMounts", ProtoType::kBool, kOmitEmpty | kPointer},
    {2, "userNamespaces", ProtoType::kBool, kOmitEmpty | kPointer},
};
constexpr ProtoField kNodeFeatures[] = {
    {1, "supplementalGroupsPolicy", ProtoType::kBool, kOmitEmpty | kPointer},
};
constexpr ProtoField kPersistentVolumeClaim[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, kOmitEmpty, "PersistentVolumeClaimSpec"},
    {3, "status", ProtoType::kMessage, kOmitEmpty, "PersistentVolumeClaimStatus"},
};
constexpr ProtoField kPersistentVolumeClaimStatus[] = {
    {1, "phase", ProtoType::kString, kOmitEmpty},
    {2, "accessModes", ProtoType::kString, kOmitEmpty | kRepeated},
    {3, "capacity", ProtoType::kQuantity, kOmitEmpty | kMap},
    {4, "conditions", ProtoType::kMessage, kOmitEmpty | kRepeated, "PersistentVolumeClaimCondition"},
    {5, "allocatedResources", ProtoType::kQuantity, kOmitEmpty | kMap},
    {7, "allocatedResourceStatuses", ProtoType::kString, kOmitEmpty | kMap},
    {8, "currentVolumeAttributesClassName", ProtoType::kString, kOmitEmpty | kPointer},
    {9, "modifyVolumeStatus", ProtoType::kMessage, kOmitEmpty | kPointer, "ModifyVolumeStatus"},
};
constexpr ProtoField kPersistentVolumeClaimCondition[] = {
    {1, "type", ProtoType::kString, 0},
    {2, "status", ProtoType::kString, 0},
    {3, "lastProbeTime", ProtoType::kTime, kOmitEmpty},
    {4, "lastTransitionTime", ProtoType::kTime, kOmitEmpty},
    {5, "reason", ProtoType::kString, kOmitEmpty},
    {6, "message", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kModifyVolumeStatus[] = {
    {1, "targetVolumeAttributesClassName", ProtoType::kString, kOmitEmpty},
    {2, "status", ProtoType::kString, 0},
};
constexpr ProtoField kPersistentVolume[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, kOmitEmpty, "PersistentVolumeSpec"},
    {3, "status", ProtoType::kMessage, kOmitEmpty, "PersistentVolumeStatus"},
};
constexpr ProtoField kPersistentVolumeSpec[] = {
    {1, "capacity", ProtoType::kQuantity, kOmitEmpty | kMap},
    {2, "", ProtoType::kMessage, kInline, "PersistentVolumeSource"},
    {3, "accessModes", ProtoType::kString, kOmitEmpty | kRepeated},
    {4, "claimRef", ProtoType::kMessage, kOmitEmpty | kPointer, "ObjectReference"},
    {5, "persistentVolumeReclaimPolicy", ProtoType::kString, kOmitEmpty},
    {6, "storageClassName", ProtoType::kString, kOmitEmpty},
    {7, "mountOptions", ProtoType::kString, kOmitEmpty | kRepeated},
    {8, "volumeMode", ProtoType::kString, kOmitEmpty | kPointer},
    {9, "nodeAffinity", ProtoType::kMessage, kOmitEmpty | kPointer, "VolumeNodeAffinity"},
    {10, "volumeAttributesClassName", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kPersistentVolumeSource[] = {
    {1, "gcePersistentDisk", ProtoType::kMessage, kOmitEmpty | kPointer, "GCEPersistentDiskVolumeSource"},
    {2, "awsElasticBlockStore", ProtoType::kMessage, kOmitEmpty | kPointer, "AWSElasticBlockStoreVolumeSource"},
    {3, "hostPath", ProtoType::kMessage, kOmitEmpty | kPointer, "HostPathVolumeSource"},
    {4, "glusterfs", ProtoType::kMessage, kOmitEmpty | kPointer, "GlusterfsPersistentVolumeSource"},
    {5, "nfs", ProtoType::kMessage, kOmitEmpty | kPointer, "NFSVolumeSource"},
    {6, "rbd", ProtoType::kMessage, kOmitEmpty | kPointer, "RBDPersistentVolumeSource"},
    {7, "iscsi", ProtoType::kMessage, kOmitEmpty | kPointer, "ISCSIPersistentVolumeSource"},
    {8, "cinder", ProtoType::kMessage, kOmitEmpty | kPointer, "CinderPersistentVolumeSource"},
    {9, "cephfs", ProtoType::kMessage, kOmitEmpty | kPointer, "CephFSPersistentVolumeSource"},
    {10, "fc", ProtoType::kMessage, kOmitEmpty | kPointer, "FCVolumeSource"},
    {11, "flocker", ProtoType::kMessage, kOmitEmpty | kPointer, "FlockerVolumeSource"},
    {12, "flexVolume", ProtoType::kMessage, kOmitEmpty | kPointer, "FlexPersistentVolumeSource"},
    {13, "azureFile", ProtoType::kMessage, kOmitEmpty | kPointer, "AzureFilePersistentVolumeSource"},
    {14, "vsphereVolume", ProtoType::kMessage, kOmitEmpty | kPointer, "VsphereVirtualDiskVolumeSource"},
    {15, "quobyte", ProtoType::kMessage, kOmitEmpty | kPointer, "QuobyteVolumeSource"},
    {16, "azureDisk", ProtoType::kMessage, kOmitEmpty | kPointer, "AzureDiskVolumeSource"},
    {17, "photonPersistentDisk", ProtoType::kMessage, kOmitEmpty | kPointer, "PhotonPersistentDiskVolumeSource"},
    {18, "portworxVolume", ProtoType::kMessage, kOmitEmpty | kPointer, "PortworxVolumeSource"},
    {19, "scaleIO", ProtoType::kMessage, kOmitEmpty | kPointer, "ScaleIOPersistentVolumeSource"},
    {20, "local", ProtoType::kMessage, kOmitEmpty | kPointer, "LocalVolumeSource"},
    {21, "storageos", ProtoType::kMessage, kOmitEmpty | kPointer, "StorageOSPersistentVolumeSource"},
    {22, "csi", ProtoType::kMessage, kOmitEmpty | kPointer, "CSIPersistentVolumeSource"},
};
constexpr ProtoField kGlusterfsPersistentVolumeSource[] = {
    {1, "endpoints", ProtoType::kString, 0},
    {2, "path", ProtoType::kString, 0},
    {3, "readOnly", ProtoType::kBool, kOmitEmpty},
    {4, "endpointsNamespace", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kRBDPersistentVolumeSource[] = {
    {1, "monitors", ProtoType::kString, kRepeated},
    {2, "image", ProtoType::kString, 0},
    {3, "fsType", ProtoType::kString, kOmitEmpty},
    {4, "pool", ProtoType::kString, kOmitEmpty},
    {5, "user", ProtoType::kString, kOmitEmpty},
    {6, "keyring", ProtoType::kString, kOmitEmpty},
    {7, "secretRef", ProtoType::kMessage, kOmitEmpty | kPointer, "SecretReference"},
    {8, "readOnly", ProtoType::kBool, kOmitEmpty},
};
constexpr ProtoField kSecretReference[] = {
    {1, "name", ProtoType::kString, kOmitEmpty},
    {2, "namespace", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kISCSIPersistentVolumeSource[] = {
    {1, "targetPortal", ProtoType::kString, 0},
    {2, "iqn", ProtoType::kString, 0},
    {3, "lun", ProtoType::kInt32, 0},
    {4, "iscsiInterface", ProtoType::kString, kOmitEmpty},
    {5, "fsType", ProtoType::kString, kOmitEmpty},
    {6, "readOnly", ProtoType::kBool, kOmitEmpty},
    {7, "portals", ProtoType::kString, kOmitEmpty | kRepeated},
    {8, "chapAuthDiscovery", ProtoType::kBool, kOmitEmpty},
    {11, "chapAuthSession", ProtoType::kBool, kOmitEmpty},
    {10, "secretRef", ProtoType::kMessage, kOmitEmpty | kPointer, "SecretReference"},
    {12, "initiatorName", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kCinderPersistentVolumeSource[] = {
    {1, "volumeID", ProtoType::kString, 0},
    {2, "fsType", ProtoType::kString, kOmitEmpty},
    {3, "readOnly", ProtoType::kBool, kOmitEmpty},
    {4, "secretRef", ProtoType::kMessage, kOmitEmpty | kPointer, "SecretReference"},
};
constexpr ProtoField kCephFSPersistentVolumeSource[] = {
    {1, "monitors", ProtoType::kString, kRepeated},
    {2, "path", ProtoType::kString, kOmitEmpty},
    {3, "user", ProtoType::kString, kOmitEmpty},
    {4, "secretFile", ProtoType::kString, kOmitEmpty},
    {5, "secretRef", ProtoType::kMessage, kOmitEmpty | kPointer, "SecretReference"},
    {6, "readOnly", ProtoType::kBool, kOmitEmpty},
};
constexpr ProtoField kFlexPersistentVolumeSource[] = {
    {1, "driver", ProtoType::kString, 0},
    {2, "fsType", ProtoType::kString, kOmitEmpty},
    {3, "secretRef", ProtoType::kMessage, kOmitEmpty | kPointer, "SecretReference"},
    {4, "readOnly", ProtoType::kBool, kOmitEmpty},
    {5, "options", ProtoType::kString, kOmitEmpty | kMap},
};
constexpr ProtoField kAzureFilePersistentVolumeSource[] = {
    {1, "secretName", ProtoType::kString, 0},
    {2, "shareName", ProtoType::kString, 0},
    {3, "readOnly", ProtoType::kBool, kOmitEmpty},
    {4, "secretNamespace", ProtoType::kString, kPointer},
};
constexpr ProtoField kScaleIOPersistentVolumeSource[] = {
    {1, "gateway", ProtoType::kString, 0},
    {2, "system", ProtoType::kString, 0},
    {3, "secretRef", ProtoType::kMessage, kPointer, "SecretReference"},
    {4, "sslEnabled", ProtoType::kBool, kOmitEmpty},
    {5, "protectionDomain", ProtoType::kString, kOmitEmpty},
    {6, "storagePool", ProtoType::kString, kOmitEmpty},
    {7, "storageMode", ProtoType::kString, kOmitEmpty},
    {8, "volumeName", ProtoType::kString, kOmitEmpty},
    {9, "fsType", ProtoType::kString, kOmitEmpty},
    {10, "readOnly", ProtoType::kBool, kOmitEmpty},
};
constexpr ProtoField kLocalVolumeSource[] = {
    {1, "path", ProtoType::kString, 0},
    {2, "fsType", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kStorageOSPersistentVolumeSource[] = {
    {1, "volumeName", ProtoType::kString, kOmitEmpty},
    {2, "volumeNamespace", ProtoType::kString, kOmitEmpty},
    {3, "fsType", ProtoType::kString, kOmitEmpty},
    {4, "readOnly", ProtoType::kBool, kOmitEmpty},
    {5, "secretRef", ProtoType::kMessage, kOmitEmpty | kPointer, "ObjectReference"},
};
constexpr ProtoField kCSIPersistentVolumeSource[] = {
    {1, "driver", ProtoType::kString, 0},
    {2, "volumeHandle", ProtoType::kString, 0},
    {3, "readOnly", ProtoType::kBool, kOmitEmpty},
    {4, "fsType", ProtoType::kString, kOmitEmpty},
    {5, "volumeAttributes", ProtoType::kString, kOmitEmpty | kMap},
    {6, "controllerPublishSecretRef", ProtoType::kMessage, kOmitEmpty | kPointer, "SecretReference"},
    {7, "nodeStageSecretRef", ProtoType::kMessage, kOmitEmpty | kPointer, "SecretReference"},
    {8, "nodePublishSecretRef", ProtoType::kMessage, kOmitEmpty | kPointer, "SecretReference"},
    {9, "controllerExpandSecretRef", ProtoType::kMessage, kOmitEmpty | kPointer, "SecretReference"},
    {10, "nodeExpandSecretRef", ProtoType::kMessage, kOmitEmpty | kPointer, "SecretReference"},
};
constexpr ProtoField kVolumeNodeAffinity[] = {
    {1, "required", ProtoType::kMessage, kOmitEmpty | kPointer, "NodeSelector"},
};
constexpr ProtoField kPersistentVolumeStatus[] = {
    {1, "phase", ProtoType::kString, kOmitEmpty},
    {2, "message", ProtoType::kString, kOmitEmpty},
    {3, "reason", ProtoType::kString, kOmitEmpty},
    {4, "lastPhaseTransitionTime", ProtoType::kTime, kOmitEmpty | kPointer},
};

}  // namespace

std::span<const ProtoMessage> ProtoCoreBMessages() {
  static constexpr ProtoMessage kMessages[] = {
      {"SELinuxOptions", kSELinuxOptions},
      {"WindowsSecurityContextOptions", kWindowsSecurityContextOptions},
      {"SeccompProfile", kSeccompProfile},
      {"AppArmorProfile", kAppArmorProfile},
      {"EphemeralContainer", kEphemeralContainer},
      {"EphemeralContainerCommon", kEphemeralContainerCommon},
      {"PodSecurityContext", kPodSecurityContext},
      {"Sysctl", kSysctl},
      {"Affinity", kAffinity},
      {"NodeAffinity", kNodeAffinity},
      {"NodeSelector", kNodeSelector},
      {"NodeSelectorTerm", kNodeSelectorTerm},
      {"NodeSelectorRequirement", kNodeSelectorRequirement},
      {"PreferredSchedulingTerm", kPreferredSchedulingTerm},
      {"PodAffinity", kPodAffinity},
      {"PodAffinityTerm", kPodAffinityTerm},
      {"WeightedPodAffinityTerm", kWeightedPodAffinityTerm},
      {"PodAntiAffinity", kPodAntiAffinity},
      {"Toleration", kToleration},
      {"HostAlias", kHostAlias},
      {"PodDNSConfig", kPodDNSConfig},
      {"PodDNSConfigOption", kPodDNSConfigOption},
      {"PodReadinessGate", kPodReadinessGate},
      {"TopologySpreadConstraint", kTopologySpreadConstraint},
      {"PodOS", kPodOS},
      {"PodSchedulingGate", kPodSchedulingGate},
      {"PodResourceClaim", kPodResourceClaim},
      {"PodStatus", kPodStatus},
      {"PodCondition", kPodCondition},
      {"HostIP", kHostIP},
      {"PodIP", kPodIP},
      {"ContainerStatus", kContainerStatus},
      {"ContainerState", kContainerState},
      {"ContainerStateWaiting", kContainerStateWaiting},
      {"ContainerStateRunning", kContainerStateRunning},
      {"ContainerStateTerminated", kContainerStateTerminated},
      {"VolumeMountStatus", kVolumeMountStatus},
      {"ContainerUser", kContainerUser},
      {"LinuxContainerUser", kLinuxContainerUser},
      {"ResourceStatus", kResourceStatus},
      {"ResourceHealth", kResourceHealth},
      {"PodResourceClaimStatus", kPodResourceClaimStatus},
      {"PodTemplate", kPodTemplate},
      {"PodTemplateSpec", kPodTemplateSpec},
      {"ReplicationController", kReplicationController},
      {"ReplicationControllerSpec", kReplicationControllerSpec},
      {"ReplicationControllerStatus", kReplicationControllerStatus},
      {"ReplicationControllerCondition", kReplicationControllerCondition},
      {"Endpoints", kEndpoints},
      {"EndpointSubset", kEndpointSubset},
      {"EndpointAddress", kEndpointAddress},
      {"EndpointPort", kEndpointPort},
      {"LimitRange", kLimitRange},
      {"LimitRangeSpec", kLimitRangeSpec},
      {"LimitRangeItem", kLimitRangeItem},
      {"Binding", kBinding},
      {"Event", kEvent},
      {"EventSource", kEventSource},
      {"EventSeries", kEventSeries},
      {"Node", kNode},
      {"NodeSpec", kNodeSpec},
      {"Taint", kTaint},
      {"NodeConfigSource", kNodeConfigSource},
      {"ConfigMapNodeConfigSource", kConfigMapNodeConfigSource},
      {"NodeStatus", kNodeStatus},
      {"NodeCondition", kNodeCondition},
      {"NodeAddress", kNodeAddress},
      {"NodeDaemonEndpoints", kNodeDaemonEndpoints},
      {"DaemonEndpoint", kDaemonEndpoint},
      {"NodeSystemInfo", kNodeSystemInfo},
      {"NodeSwapStatus", kNodeSwapStatus},
      {"ContainerImage", kContainerImage},
      {"AttachedVolume", kAttachedVolume},
      {"NodeConfigStatus", kNodeConfigStatus},
      {"NodeRuntimeHandler", kNodeRuntimeHandler},
      {"NodeRuntimeHandlerFeatures", kNodeRuntimeHandlerFeatures},
      {"NodeFeatures", kNodeFeatures},
      {"PersistentVolumeClaim", kPersistentVolumeClaim},
      {"PersistentVolumeClaimStatus", kPersistentVolumeClaimStatus},
      {"PersistentVolumeClaimCondition", kPersistentVolumeClaimCondition},
      {"ModifyVolumeStatus", kModifyVolumeStatus},
      {"PersistentVolume", kPersistentVolume},
      {"PersistentVolumeSpec", kPersistentVolumeSpec},
      {"PersistentVolumeSource", kPersistentVolumeSource},
      {"GlusterfsPersistentVolumeSource", kGlusterfsPersistentVolumeSource},
      {"RBDPersistentVolumeSource", kRBDPersistentVolumeSource},
      {"SecretReference", kSecretReference},
      {"ISCSIPersistentVolumeSource", kISCSIPersistentVolumeSource},
      {"CinderPersistentVolumeSource", kCinderPersistentVolumeSource},
      {"CephFSPersistentVolumeSource", kCephFSPersistentVolumeSource},
      {"FlexPersistentVolumeSource", kFlexPersistentVolumeSource},
      {"AzureFilePersistentVolumeSource", kAzureFilePersistentVolumeSource},
      {"ScaleIOPersistentVolumeSource", kScaleIOPersistentVolumeSource},
      {"LocalVolumeSource", kLocalVolumeSource},
      {"StorageOSPersistentVolumeSource", kStorageOSPersistentVolumeSource},
      {"CSIPersistentVolumeSource", kCSIPersistentVolumeSource},
      {"VolumeNodeAffinity", kVolumeNodeAffinity},
      {"PersistentVolumeStatus", kPersistentVolumeStatus},
  };
  return kMessages;
}

}  // namespace k1s::api::proto
