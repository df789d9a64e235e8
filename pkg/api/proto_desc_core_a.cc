// Protobuf field tables for core_a messages: field numbers, JSON names, types and
// Go omitempty/pointer shape, as published in the generated.proto and types.go
// files of k8s.io/api and k8s.io/apimachinery (v0.33). Tables of facts, one row
// per field, in the order the Go type declares them.
#include "pkg/api/proto_desc.h"

namespace k1s::api::proto {
namespace {

constexpr ProtoField kNamespace[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, kOmitEmpty, "NamespaceSpec"},
    {3, "status", ProtoType::kMessage, kOmitEmpty, "NamespaceStatus"},
};
constexpr ProtoField kNamespaceSpec[] = {
    {1, "finalizers", ProtoType::kString, kOmitEmpty | kRepeated},
};
constexpr ProtoField kNamespaceStatus[] = {
    {1, "phase", ProtoType::kString, kOmitEmpty},
    {2, "conditions", ProtoType::kMessage, kOmitEmpty | kRepeated, "NamespaceCondition"},
};
constexpr ProtoField kNamespaceCondition[] = {
    {1, "type", ProtoType::kString, 0},
    {2, "status", ProtoType::kString, 0},
    {4, "lastTransitionTime", ProtoType::kTime, kOmitEmpty},
    {5, "reason", ProtoType::kString, kOmitEmpty},
    {6, "message", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kConfigMap[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {4, "immutable", ProtoType::kBool, kOmitEmpty | kPointer},
    {2, "data", ProtoType::kString, kOmitEmpty | kMap},
    {3, "binaryData", ProtoType::kBytes, kOmitEmpty | kMap},
};
constexpr ProtoField kSecret[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {5, "immutable", ProtoType::kBool, kOmitEmpty | kPointer},
    {2, "data", ProtoType::kBytes, kOmitEmpty | kMap},
    {4, "stringData", ProtoType::kString, kOmitEmpty | kMap},
    {3, "type", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kService[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, kOmitEmpty, "ServiceSpec"},
    {3, "status", ProtoType::kMessage, kOmitEmpty, "ServiceStatus"},
};
constexpr ProtoField kServiceSpec[] = {
    {1, "ports", ProtoType::kMessage, kOmitEmpty | kRepeated, "ServicePort"},
    {2, "selector", ProtoType::kString, kOmitEmpty | kMap},
    {3, "clusterIP", ProtoType::kString, kOmitEmpty},
    {18, "clusterIPs", ProtoType::kString, kOmitEmpty | kRepeated},
    {4, "type", ProtoType::kString, kOmitEmpty},
    {5, "externalIPs", ProtoType::kString, kOmitEmpty | kRepeated},
    {7, "sessionAffinity", ProtoType::kString, kOmitEmpty},
    {8, "loadBalancerIP", ProtoType::kString, kOmitEmpty},
    {9, "loadBalancerSourceRanges", ProtoType::kString, kOmitEmpty | kRepeated},
    {10, "externalName", ProtoType::kString, kOmitEmpty},
    {11, "externalTrafficPolicy", ProtoType::kString, kOmitEmpty},
    {12, "healthCheckNodePort", ProtoType::kInt32, kOmitEmpty},
    {13, "publishNotReadyAddresses", ProtoType::kBool, kOmitEmpty},
    {14, "sessionAffinityConfig", ProtoType::kMessage, kOmitEmpty | kPointer, "SessionAffinityConfig"},
    {19, "ipFamilies", ProtoType::kString, kOmitEmpty | kRepeated},
    {17, "ipFamilyPolicy", ProtoType::kString, kOmitEmpty | kPointer},
    {20, "allocateLoadBalancerNodePorts", ProtoType::kBool, kOmitEmpty | kPointer},
    {21, "loadBalancerClass", ProtoType::kString, kOmitEmpty | kPointer},
    {22, "internalTrafficPolicy", ProtoType::kString, kOmitEmpty | kPointer},
    {23, "trafficDistribution", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kServicePort[] = {
    {1, "name", ProtoType::kString, kOmitEmpty},
    {2, "protocol", ProtoType::kString, kOmitEmpty},
    {6, "appProtocol", ProtoType::kString, kOmitEmpty | kPointer},
    {3, "port", ProtoType::kInt32, 0},
    {4, "targetPort", ProtoType::kIntOrString, kOmitEmpty},
    {5, "nodePort", ProtoType::kInt32, kOmitEmpty},
};
constexpr ProtoField kSessionAffinityConfig[] = {
    {1, "clientIP", ProtoType::kMessage, kOmitEmpty | kPointer, "ClientIPConfig"},
};
constexpr ProtoField kClientIPConfig[] = {
    {1, "timeoutSeconds", ProtoType::kInt32, kOmitEmpty | kPointer},
};
constexpr ProtoField kServiceStatus[] = {
    {1, "loadBalancer", ProtoType::kMessage, kOmitEmpty, "LoadBalancerStatus"},
    {2, "conditions", ProtoType::kMessage, kOmitEmpty | kRepeated, "Condition"},
};
constexpr ProtoField kLoadBalancerStatus[] = {
    {1, "ingress", ProtoType::kMessage, kOmitEmpty | kRepeated, "LoadBalancerIngress"},
};
constexpr ProtoField kLoadBalancerIngress[] = {
    {1, "ip", ProtoType::kString, kOmitEmpty},
    {2, "hostname", ProtoType::kString, kOmitEmpty},
    {3, "ipMode", ProtoType::kString, kOmitEmpty | kPointer},
    {4, "ports", ProtoType::kMessage, kOmitEmpty | kRepeated, "PortStatus"},
};
constexpr ProtoField kPortStatus[] = {
    {1, "port", ProtoType::kInt32, 0},
    {2, "protocol", ProtoType::kString, 0},
    {3, "error", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kServiceAccount[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "secrets", ProtoType::kMessage, kOmitEmpty | kRepeated, "ObjectReference"},
    {3, "imagePullSecrets", ProtoType::kMessage, kOmitEmpty | kRepeated, "LocalObjectReference"},
    {4, "automountServiceAccountToken", ProtoType::kBool, kOmitEmpty | kPointer},
};
constexpr ProtoField kObjectReference[] = {
    {1, "kind", ProtoType::kString, kOmitEmpty},
    {2, "namespace", ProtoType::kString, kOmitEmpty},
    {3, "name", ProtoType::kString, kOmitEmpty},
    {4, "uid", ProtoType::kString, kOmitEmpty},
    {5, "apiVersion", ProtoType::kString, kOmitEmpty},
    {6, "resourceVersion", ProtoType::kString, kOmitEmpty},
    {7, "fieldPath", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kLocalObjectReference[] = {
    {1, "name", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kResourceQuota[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, kOmitEmpty, "ResourceQuotaSpec"},
    {3, "status", ProtoType::kMessage, kOmitEmpty, "ResourceQuotaStatus"},
};
constexpr ProtoField kResourceQuotaSpec[] = {
    {1, "hard", ProtoType::kQuantity, kOmitEmpty | kMap},
    {2, "scopes", ProtoType::kString, kOmitEmpty | kRepeated},
    {3, "scopeSelector", ProtoType::kMessage, kOmitEmpty | kPointer, "ScopeSelector"},
};
constexpr ProtoField kScopeSelector[] = {
    {1, "matchExpressions", ProtoType::kMessage, kOmitEmpty | kRepeated, "ScopedResourceSelectorRequirement"},
};
constexpr ProtoField kScopedResourceSelectorRequirement[] = {
    {1, "scopeName", ProtoType::kString, 0},
    {2, "operator", ProtoType::kString, 0},
    {3, "values", ProtoType::kString, kOmitEmpty | kRepeated},
};
constexpr ProtoField kResourceQuotaStatus[] = {
    {1, "hard", ProtoType::kQuantity, kOmitEmpty | kMap},
    {2, "used", ProtoType::kQuantity, kOmitEmpty | kMap},
};
constexpr ProtoField kPod[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, kOmitEmpty, "PodSpec"},
    {3, "status", ProtoType::kMessage, kOmitEmpty, "PodStatus"},
};
constexpr ProtoField kPodSpec[] = {
    {1, "volumes", ProtoType::kMessage, kOmitEmpty | kRepeated, "Volume"},
    {20, "initContainers", ProtoType::kMessage, kOmitEmpty | kRepeated, "Container"},
    {2, "containers", ProtoType::kMessage, kRepeated, "Container"},
    {34, "ephemeralContainers", ProtoType::kMessage, kOmitEmpty | kRepeated, "EphemeralContainer"},
    {3, "restartPolicy", ProtoType::kString, kOmitEmpty},
    {4, "terminationGracePeriodSeconds", ProtoType::kInt64, kOmitEmpty | kPointer},
    {5, "activeDeadlineSeconds", ProtoType::kInt64, kOmitEmpty | kPointer},
    {6, "dnsPolicy", ProtoType::kString, kOmitEmpty},
    {7, "nodeSelector", ProtoType::kString, kOmitEmpty | kMap},
    {8, "serviceAccountName", ProtoType::kString, kOmitEmpty},
    {9, "serviceAccount", ProtoType::kString, kOmitEmpty},
    {21, "automountServiceAccountToken", ProtoType::kBool, kOmitEmpty | kPointer},
    {10, "nodeName", ProtoType::kString, kOmitEmpty},
    {11, "hostNetwork", ProtoType::kBool, kOmitEmpty},
    {12, "hostPID", ProtoType::kBool, kOmitEmpty},
    {13, "hostIPC", ProtoType::kBool, kOmitEmpty},
    {27, "shareProcessNamespace", ProtoType::kBool, kOmitEmpty | kPointer},
    {14, "securityContext", ProtoType::kMessage, kOmitEmpty | kPointer, "PodSecurityContext"},
    {15, "imagePullSecrets", ProtoType::kMessage, kOmitEmpty | kRepeated, "LocalObjectReference"},
    {16, "hostname", ProtoType::kString, kOmitEmpty},
    {17, "subdomain", ProtoType::kString, kOmitEmpty},
    {18, "affinity", ProtoType::kMessage, kOmitEmpty | kPointer, "Affinity"},
    {19, "schedulerName", ProtoType::kString, kOmitEmpty},
    {22, "tolerations", ProtoType::kMessage, kOmitEmpty | kRepeated, "Toleration"},
    {23, "hostAliases", ProtoType::kMessage, kOmitEmpty | kRepeated, "HostAlias"},
    {24, "priorityClassName", ProtoType::kString, kOmitEmpty},
    {25, "priority", ProtoType::kInt32, kOmitEmpty | kPointer},
    {26, "dnsConfig", ProtoType::kMessage, kOmitEmpty | kPointer, "PodDNSConfig"},
    {28, "readinessGates", ProtoType::kMessage, kOmitEmpty | kRepeated, "PodReadinessGate"},
    {29, "runtimeClassName", ProtoType::kString, kOmitEmpty | kPointer},
    {30, "enableServiceLinks", ProtoType::kBool, kOmitEmpty | kPointer},
    {31, "preemptionPolicy", ProtoType::kString, kOmitEmpty | kPointer},
    {32, "overhead", ProtoType::kQuantity, kOmitEmpty | kMap},
    {33, "topologySpreadConstraints", ProtoType::kMessage, kOmitEmpty | kRepeated, "TopologySpreadConstraint"},
    {35, "setHostnameAsFQDN", ProtoType::kBool, kOmitEmpty | kPointer},
    {36, "os", ProtoType::kMessage, kOmitEmpty | kPointer, "PodOS"},
    {37, "hostUsers", ProtoType::kBool, kOmitEmpty | kPointer},
    {38, "schedulingGates", ProtoType::kMessage, kOmitEmpty | kRepeated, "PodSchedulingGate"},
    {39, "resourceClaims", ProtoType::kMessage, kOmitEmpty | kRepeated, "PodResourceClaim"},
    {40, "resources", ProtoType::kMessage, kOmitEmpty | kPointer, "ResourceRequirements"},
};
constexpr ProtoField kVolume[] = {
    {1, "name", ProtoType::kString, 0},
    {2, "", ProtoType::kMessage, kInline, "VolumeSource"},
};
constexpr ProtoField kVolumeSource[] = {
    {1, "hostPath", ProtoType::kMessage, kOmitEmpty | kPointer, "HostPathVolumeSource"},
    {2, "emptyDir", ProtoType::kMessage, kOmitEmpty | kPointer, "EmptyDirVolumeSource"},
    {3, "gcePersistentDisk", ProtoType::kMessage, kOmitEmpty | kPointer, "GCEPersistentDiskVolumeSource"},
    {4, "awsElasticBlockStore", ProtoType::kMessage, kOmitEmpty | kPointer, "AWSElasticBlockStoreVolumeSource"},
    {5, "gitRepo", ProtoType::kMessage, kOmitEmpty | kPointer, "GitRepoVolumeSource"},
    {6, "secret", ProtoType::kMessage, kOmitEmpty | kPointer, "SecretVolumeSource"},
    {7, "nfs", ProtoType::kMessage, kOmitEmpty | kPointer, "NFSVolumeSource"},
    {8, "iscsi", ProtoType::kMessage, kOmitEmpty | kPointer, "ISCSIVolumeSource"},
    {9, "glusterfs", ProtoType::kMessage, kOmitEmpty | kPointer, "GlusterfsVolumeSource"},
    {10, "persistentVolumeClaim", ProtoType::kMessage, kOmitEmpty | kPointer, "PersistentVolumeClaimVolumeSource"},
    {11, "rbd", ProtoType::kMessage, kOmitEmpty | kPointer, "RBDVolumeSource"},
    {12, "flexVolume", ProtoType::kMessage, kOmitEmpty | kPointer, "FlexVolumeSource"},
    {13, "cinder", ProtoType::kMessage, kOmitEmpty | kPointer, "CinderVolumeSource"},
    {14, "cephfs", ProtoType::kMessage, kOmitEmpty | kPointer, "CephFSVolumeSource"},
    {15, "flocker", ProtoType::kMessage, kOmitEmpty | kPointer, "FlockerVolumeSource"},
    {16, "downwardAPI", ProtoType::kMessage, kOmitEmpty | kPointer, "DownwardAPIVolumeSource"},
    {17, "fc", ProtoType::kMessage, kOmitEmpty | kPointer, "FCVolumeSource"},
    {18, "azureFile", ProtoType::kMessage, kOmitEmpty | kPointer, "AzureFileVolumeSource"},
    {19, "configMap", ProtoType::kMessage, kOmitEmpty | kPointer, "ConfigMapVolumeSource"},
    {20, "vsphereVolume", ProtoType::kMessage, kOmitEmpty | kPointer, "VsphereVirtualDiskVolumeSource"},
    {21, "quobyte", ProtoType::kMessage, kOmitEmpty | kPointer, "QuobyteVolumeSource"},
    {22, "azureDisk", ProtoType::kMessage, kOmitEmpty | kPointer, "AzureDiskVolumeSource"},
    {23, "photonPersistentDisk", ProtoType::kMessage, kOmitEmpty | kPointer, "PhotonPersistentDiskVolumeSource"},
    {26, "projected", ProtoType::kMessage, kOmitEmpty | kPointer, "ProjectedVolumeSource"},
    {24, "portworxVolume", ProtoType::kMessage, kOmitEmpty | kPointer, "PortworxVolumeSource"},
    {25, "scaleIO", ProtoType::kMessage, kOmitEmpty | kPointer, "ScaleIOVolumeSource"},
    {27, "storageos", ProtoType::kMessage, kOmitEmpty | kPointer, "StorageOSVolumeSource"},
    {28, "csi", ProtoType::kMessage, kOmitEmpty | kPointer, "CSIVolumeSource"},
    {29, "ephemeral", ProtoType::kMessage, kOmitEmpty | kPointer, "EphemeralVolumeSource"},
    {30, "image", ProtoType::kMessage, kOmitEmpty | kPointer, "ImageVolumeSource"},
};
constexpr ProtoField kHostPathVolumeSource[] = {
    {1, "path", ProtoType::kString, 0},
    {2, "type", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kEmptyDirVolumeSource[] = {
    {1, "medium", ProtoType::kString, kOmitEmpty},
    {2, "sizeLimit", ProtoType::kQuantity, kOmitEmpty | kPointer},
};
constexpr ProtoField kGCEPersistentDiskVolumeSource[] = {
    {1, "pdName", ProtoType::kString, 0},
    {2, "fsType", ProtoType::kString, kOmitEmpty},
    {3, "partition", ProtoType::kInt32, kOmitEmpty},
    {4, "readOnly", ProtoType::kBool, kOmitEmpty},
};
constexpr ProtoField kAWSElasticBlockStoreVolumeSource[] = {
    {1, "volumeID", ProtoType::kString, 0},
    {2, "fsType", ProtoType::kString, kOmitEmpty},
    {3, "partition", ProtoType::kInt32, kOmitEmpty},
    {4, "readOnly", ProtoType::kBool, kOmitEmpty},
};
constexpr ProtoField kGitRepoVolumeSource[] = {
    {1, "repository", ProtoType::kString, 0},
    {2, "revision", ProtoType::kString, kOmitEmpty},
    {3, "directory", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kSecretVolumeSource[] = {
    {1, "secretName", ProtoType::kString, kOmitEmpty},
    {2, "items", ProtoType::kMessage, kOmitEmpty | kRepeated, "KeyToPath"},
    {3, "defaultMode", ProtoType::kInt32, kOmitEmpty | kPointer},
    {4, "optional", ProtoType::kBool, kOmitEmpty | kPointer},
};
constexpr ProtoField kKeyToPath[] = {
    {1, "key", ProtoType::kString, 0},
    {2, "path", ProtoType::kString, 0},
    {3, "mode", ProtoType::kInt32, kOmitEmpty | kPointer},
};
constexpr ProtoField kNFSVolumeSource[] = {
    {1, "server", ProtoType::kString, 0},
    {2, "path", ProtoType::kString, 0},
    {3, "readOnly", ProtoType::kBool, kOmitEmpty},
};
constexpr ProtoField kISCSIVolumeSource[] = {
    {1, "targetPortal", ProtoType::kString, 0},
    {2, "iqn", ProtoType::kString, 0},
    {3, "lun", ProtoType::kInt32, 0},
    {4, "iscsiInterface", ProtoType::kString, kOmitEmpty},
    {5, "fsType", ProtoType::kString, kOmitEmpty},
    {6, "readOnly", ProtoType::kBool, kOmitEmpty},
    {7, "portals", ProtoType::kString, kOmitEmpty | kRepeated},
    {8, "chapAuthDiscovery", ProtoType::kBool, kOmitEmpty},
    {11, "chapAuthSession", ProtoType::kBool, kOmitEmpty},
    {10, "secretRef", ProtoType::kMessage, kOmitEmpty | kPointer, "LocalObjectReference"},
    {12, "initiatorName", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kGlusterfsVolumeSource[] = {
    {1, "endpoints", ProtoType::kString, 0},
    {2, "path", ProtoType::kString, 0},
    {3, "readOnly", ProtoType::kBool, kOmitEmpty},
};
constexpr ProtoField kPersistentVolumeClaimVolumeSource[] = {
    {1, "claimName", ProtoType::kString, 0},
    {2, "readOnly", ProtoType::kBool, kOmitEmpty},
};
constexpr ProtoField kRBDVolumeSource[] = {
    {1, "monitors", ProtoType::kString, kRepeated},
    {2, "image", ProtoType::kString, 0},
    {3, "fsType", ProtoType::kString, kOmitEmpty},
    {4, "pool", ProtoType::kString, kOmitEmpty},
    {5, "user", ProtoType::kString, kOmitEmpty},
    {6, "keyring", ProtoType::kString, kOmitEmpty},
    {7, "secretRef", ProtoType::kMessage, kOmitEmpty | kPointer, "LocalObjectReference"},
    {8, "readOnly", ProtoType::kBool, kOmitEmpty},
};
constexpr ProtoField kFlexVolumeSource[] = {
    {1, "driver", ProtoType::kString, 0},
    {2, "fsType", ProtoType::kString, kOmitEmpty},
    {3, "secretRef", ProtoType::kMessage, kOmitEmpty | kPointer, "LocalObjectReference"},
    {4, "readOnly", ProtoType::kBool, kOmitEmpty},
    {5, "options", ProtoType::kString, kOmitEmpty | kMap},
};
constexpr ProtoField kCinderVolumeSource[] = {
    {1, "volumeID", ProtoType::kString, 0},
    {2, "fsType", ProtoType::kString, kOmitEmpty},
    {3, "readOnly", ProtoType::kBool, kOmitEmpty},
    {4, "secretRef", ProtoType::kMessage, kOmitEmpty | kPointer, "LocalObjectReference"},
};
constexpr ProtoField kCephFSVolumeSource[] = {
    {1, "monitors", ProtoType::kString, kRepeated},
    {2, "path", ProtoType::kString, kOmitEmpty},
    {3, "user", ProtoType::kString, kOmitEmpty},
    {4, "secretFile", ProtoType::kString, kOmitEmpty},
    {5, "secretRef", ProtoType::kMessage, kOmitEmpty | kPointer, "LocalObjectReference"},
    {6, "readOnly", ProtoType::kBool, kOmitEmpty},
};
constexpr ProtoField kFlockerVolumeSource[] = {
    {1, "datasetName", ProtoType::kString, kOmitEmpty},
    {2, "datasetUUID", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kDownwardAPIVolumeSource[] = {
    {1, "items", ProtoType::kMessage, kOmitEmpty | kRepeated, "DownwardAPIVolumeFile"},
    {2, "defaultMode", ProtoType::kInt32, kOmitEmpty | kPointer},
};
constexpr ProtoField kDownwardAPIVolumeFile[] = {
    {1, "path", ProtoType::kString, 0},
    {2, "fieldRef", ProtoType::kMessage, kOmitEmpty | kPointer, "ObjectFieldSelector"},
    {3, "resourceFieldRef", ProtoType::kMessage, kOmitEmpty | kPointer, "ResourceFieldSelector"},
    {4, "mode", ProtoType::kInt32, kOmitEmpty | kPointer},
};
constexpr ProtoField kObjectFieldSelector[] = {
    {1, "apiVersion", ProtoType::kString, kOmitEmpty},
    {2, "fieldPath", ProtoType::kString, 0},
};
constexpr ProtoField kResourceFieldSelector[] = {
    {1, "containerName", ProtoType::kString, kOmitEmpty},
    {2, "resource", ProtoType::kString, 0},
    {3, "divisor", ProtoType::kQuantity, kOmitEmpty},
};
constexpr ProtoField kFCVolumeSource[] = {
    {1, "targetWWNs", ProtoType::kString, kOmitEmpty | kRepeated},
    {2, "lun", ProtoType::kInt32, kOmitEmpty | kPointer},
    {3, "fsType", ProtoType::kString, kOmitEmpty},
    {4, "readOnly", ProtoType::kBool, kOmitEmpty},
    {5, "wwids", ProtoType::kString, kOmitEmpty | kRepeated},
};
constexpr ProtoField kAzureFileVolumeSource[] = {
    {1, "secretName", ProtoType::kString, 0},
    {2, "shareName", ProtoType::kString, 0},
    {3, "readOnly", ProtoType::kBool, kOmitEmpty},
};
constexpr ProtoField kConfigMapVolumeSource[] = {
    {1, "", ProtoType::kMessage, kInline, "LocalObjectReference"},
    {2, "items", ProtoType::kMessage, kOmitEmpty | kRepeated, "KeyToPath"},
    {3, "defaultMode", ProtoType::kInt32, kOmitEmpty | kPointer},
    {4, "optional", ProtoType::kBool, kOmitEmpty | kPointer},
};
constexpr ProtoField kVsphereVirtualDiskVolumeSource[] = {
    {1, "volumePath", ProtoType::kString, 0},
    {2, "fsType", ProtoType::kString, kOmitEmpty},
    {3, "storagePolicyName", ProtoType::kString, kOmitEmpty},
    {4, "storagePolicyID", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kQuobyteVolumeSource[] = {
    {1, "registry", ProtoType::kString, 0},
    {2, "volume", ProtoType::kString, 0},
    {3, "readOnly", ProtoType::kBool, kOmitEmpty},
    {4, "user", ProtoType::kString, kOmitEmpty},
    {5, "group", ProtoType::kString, kOmitEmpty},
    {6, "tenant", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kAzureDiskVolumeSource[] = {
    {1, "diskName", ProtoType::kString, 0},
    {2, "diskURI", ProtoType::kString, 0},
    {3, "cachingMode", ProtoType::kString, kOmitEmpty | kPointer},
    {4, "fsType", ProtoType::kString, kOmitEmpty | kPointer},
    {5, "readOnly", ProtoType::kBool, kOmitEmpty | kPointer},
    {6, "kind", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kPhotonPersistentDiskVolumeSource[] = {
    {1, "pdID", ProtoType::kString, 0},
    {2, "fsType", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kProjectedVolumeSource[] = {
    {1, "sources", ProtoType::kMessage, kRepeated, "VolumeProjection"},
    {2, "defaultMode", ProtoType::kInt32, kOmitEmpty | kPointer},
};
constexpr ProtoField kVolumeProjection[] = {
    {1, "secret", ProtoType::kMessage, kOmitEmpty | kPointer, "SecretProjection"},
    {2, "downwardAPI", ProtoType::kMessage, kOmitEmpty | kPointer, "DownwardAPIProjection"},
    {3, "configMap", ProtoType::kMessage, kOmitEmpty | kPointer, "ConfigMapProjection"},
    {4, "serviceAccountToken", ProtoType::kMessage, kOmitEmpty | kPointer, "ServiceAccountTokenProjection"},
    {5, "clusterTrustBundle", ProtoType::kMessage, kOmitEmpty | kPointer, "ClusterTrustBundleProjection"},
};
constexpr ProtoField kSecretProjection[] = {
    {1, "", ProtoType::kMessage, kInline, "LocalObjectReference"},
    {2, "items", ProtoType::kMessage, kOmitEmpty | kRepeated, "KeyToPath"},
    {4, "optional", ProtoType::kBool, kOmitEmpty | kPointer},
};
constexpr ProtoField kDownwardAPIProjection[] = {
    {1, "items", ProtoType::kMessage, kOmitEmpty | kRepeated, "DownwardAPIVolumeFile"},
};
constexpr ProtoField kConfigMapProjection[] = {
    {1, "", ProtoType::kMessage, kInline, "LocalObjectReference"},
    {2, "items", ProtoType::kMessage, kOmitEmpty | kRepeated, "KeyToPath"},
    {4, "optional", ProtoType::kBool, kOmitEmpty | kPointer},
};
constexpr ProtoField kServiceAccountTokenProjection[] = {
    {1, "audience", ProtoType::kString, kOmitEmpty},
    {2, "expirationSeconds", ProtoType::kInt64, kOmitEmpty | kPointer},
    {3, "path", ProtoType::kString, 0},
};
constexpr ProtoField kClusterTrustBundleProjection[] = {
    {1, "name", ProtoType::kString, kOmitEmpty | kPointer},
    {2, "signerName", ProtoType::kString, kOmitEmpty | kPointer},
    {3, "labelSelector", ProtoType::kMessage, kOmitEmpty | kPointer, "LabelSelector"},
    {5, "optional", ProtoType::kBool, kOmitEmpty | kPointer},
    {4, "path", ProtoType::kString, 0},
};
constexpr ProtoField kPortworxVolumeSource[] = {
    {1, "volumeID", ProtoType::kString, 0},
    {2, "fsType", ProtoType::kString, kOmitEmpty},
    {3, "readOnly", ProtoType::kBool, kOmitEmpty},
};
constexpr ProtoField kScaleIOVolumeSource[] = {
    {1, "gateway", ProtoType::kString, 0},
    {2, "system", ProtoType::kString, 0},
    {3, "secretRef", ProtoType::kMessage, kPointer, "LocalObjectReference"},
    {4, "sslEnabled", ProtoType::kBool, kOmitEmpty},
    {5, "protectionDomain", ProtoType::kString, kOmitEmpty},
    {6, "storagePool", ProtoType::kString, kOmitEmpty},
    {7, "storageMode", ProtoType::kString, kOmitEmpty},
    {8, "volumeName", ProtoType::kString, kOmitEmpty},
    {9, "fsType", ProtoType::kString, kOmitEmpty},
    {10, "readOnly", ProtoType::kBool, kOmitEmpty},
};
constexpr ProtoField kStorageOSVolumeSource[] = {
    {1, "volumeName", ProtoType::kString, kOmitEmpty},
    {2, "volumeNamespace", ProtoType::kString, kOmitEmpty},
    {3, "fsType", ProtoType::kString, kOmitEmpty},
    {4, "readOnly", ProtoType::kBool, kOmitEmpty},
    {5, "secretRef", ProtoType::kMessage, kOmitEmpty | kPointer, "LocalObjectReference"},
};
constexpr ProtoField kCSIVolumeSource[] = {
    {1, "driver", ProtoType::kString, 0},
    {2, "readOnly", ProtoType::kBool, kOmitEmpty | kPointer},
    {3, "fsType", ProtoType::kString, kOmitEmpty | kPointer},
    {4, "volumeAttributes", ProtoType::kString, kOmitEmpty | kMap},
    {5, "nodePublishSecretRef", ProtoType::kMessage, kOmitEmpty | kPointer, "LocalObjectReference"},
};
constexpr ProtoField kEphemeralVolumeSource[] = {
    {1, "volumeClaimTemplate", ProtoType::kMessage, kOmitEmpty | kPointer, "PersistentVolumeClaimTemplate"},
};
constexpr ProtoField kPersistentVolumeClaimTemplate[] = {
    {1, "metadata", ProtoType::kMessage, kOmitEmpty, "ObjectMeta"},
    {2, "spec", ProtoType::kMessage, 0, "PersistentVolumeClaimSpec"},
};
constexpr ProtoField kPersistentVolumeClaimSpec[] = {
    {1, "accessModes", ProtoType::kString, kOmitEmpty | kRepeated},
    {4, "selector", ProtoType::kMessage, kOmitEmpty | kPointer, "LabelSelector"},
    {2, "resources", ProtoType::kMessage, kOmitEmpty, "VolumeResourceRequirements"},
    {3, "volumeName", ProtoType::kString, kOmitEmpty},
    {5, "storageClassName", ProtoType::kString, kOmitEmpty | kPointer},
    {6, "volumeMode", ProtoType::kString, kOmitEmpty | kPointer},
    {7, "dataSource", ProtoType::kMessage, kOmitEmpty | kPointer, "TypedLocalObjectReference"},
    {8, "dataSourceRef", ProtoType::kMessage, kOmitEmpty | kPointer, "TypedObjectReference"},
    {9, "volumeAttributesClassName", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kVolumeResourceRequirements[] = {
    {1, "limits", ProtoType::kQuantity, kOmitEmpty | kMap},
    {2, "requests", ProtoType::kQuantity, kOmitEmpty | kMap},
};
constexpr ProtoField kTypedLocalObjectReference[] = {
    {1, "apiGroup", ProtoType::kString, kPointer},
    {2, "kind", ProtoType::kString, 0},
    {3, "name", ProtoType::kString, 0},
};
constexpr ProtoField kTypedObjectReference[] = {
    {1, "apiGroup", ProtoType::kString, kPointer},
    {2, "kind", ProtoType::kString, 0},
    {3, "name", ProtoType::kString, 0},
    {4, "namespace", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kImageVolumeSource[] = {
    {1, "reference", ProtoType::kString, kOmitEmpty},
    {2, "pullPolicy", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kContainer[] = {
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
constexpr ProtoField kContainerPort[] = {
    {1, "name", ProtoType::kString, kOmitEmpty},
    {2, "hostPort", ProtoType::kInt32, kOmitEmpty},
    {3, "containerPort", ProtoType::kInt32, 0},
    {4, "protocol", ProtoType::kString, kOmitEmpty},
    {5, "hostIP", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kEnvFromSource[] = {
    {1, "prefix", ProtoType::kString, kOmitEmpty},
    {2, "configMapRef", ProtoType::kMessage, kOmitEmpty | kPointer, "ConfigMapEnvSource"},
    {3, "secretRef", ProtoType::kMessage, kOmitEmpty | kPointer, "SecretEnvSource"},
};
constexpr ProtoField kConfigMapEnvSource[] = {
    {1, "", ProtoType::kMessage, kInline, "LocalObjectReference"},
    {2, "optional", ProtoType::kBool, kOmitEmpty | kPointer},
};
constexpr ProtoField kSecretEnvSource[] = {
    {1, "", ProtoType::kMessage, kInline, "LocalObjectReference"},
    {2, "optional", ProtoType::kBool, kOmitEmpty | kPointer},
};
constexpr ProtoField kEnvVar[] = {
    {1, "name", ProtoType::kString, 0},
    {2, "value", ProtoType::kString, kOmitEmpty},
    {3, "valueFrom", ProtoType::kMessage, kOmitEmpty | kPointer, "EnvVarSource"},
};
constexpr ProtoField kEnvVarSource[] = {
    {1, "fieldRef", ProtoType::kMessage, kOmitEmpty | kPointer, "ObjectFieldSelector"},
    {2, "resourceFieldRef", ProtoType::kMessage, kOmitEmpty | kPointer, "ResourceFieldSelector"},
    {3, "configMapKeyRef", ProtoType::kMessage, kOmitEmpty | kPointer, "ConfigMapKeySelector"},
    {4, "secretKeyRef", ProtoType::kMessage, kOmitEmpty | kPointer, "SecretKeySelector"},
};
constexpr ProtoField kConfigMapKeySelector[] = {
    {1, "", ProtoType::kMessage, kInline, "LocalObjectReference"},
    {2, "key", ProtoType::kString, 0},
    {3, "optional", ProtoType::kBool, kOmitEmpty | kPointer},
};
constexpr ProtoField kSecretKeySelector[] = {
    {1, "", ProtoType::kMessage, kInline, "LocalObjectReference"},
    {2, "key", ProtoType::kString, 0},
    {3, "optional", ProtoType::kBool, kOmitEmpty | kPointer},
};
constexpr ProtoField kResourceRequirements[] = {
    {1, "limits", ProtoType::kQuantity, kOmitEmpty | kMap},
    {2, "requests", ProtoType::kQuantity, kOmitEmpty | kMap},
    {3, "claims", ProtoType::kMessage, kOmitEmpty | kRepeated, "ResourceClaim"},
};
constexpr ProtoField kResourceClaim[] = {
    {1, "name", ProtoType::kString, 0},
    {2, "request", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kContainerResizePolicy[] = {
    {1, "resourceName", ProtoType::kString, 0},
    {2, "restartPolicy", ProtoType::kString, 0},
};
constexpr ProtoField kVolumeMount[] = {
    {1, "name", ProtoType::kString, 0},
    {2, "readOnly", ProtoType::kBool, kOmitEmpty},
    {7, "recursiveReadOnly", ProtoType::kString, kOmitEmpty | kPointer},
    {3, "mountPath", ProtoType::kString, 0},
    {4, "subPath", ProtoType::kString, kOmitEmpty},
    {5, "mountPropagation", ProtoType::kString, kOmitEmpty | kPointer},
    {6, "subPathExpr", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kVolumeDevice[] = {
    {1, "name", ProtoType::kString, 0},
    {2, "devicePath", ProtoType::kString, 0},
};
constexpr ProtoField kProbe[] = {
    {1, "", ProtoType::kMessage, kInline, "ProbeHandler"},
    {2, "initialDelaySeconds", ProtoType::kInt32, kOmitEmpty},
    {3, "timeoutSeconds", ProtoType::kInt32, kOmitEmpty},
    {4, "periodSeconds", ProtoType::kInt32, kOmitEmpty},
    {5, "successThreshold", ProtoType::kInt32, kOmitEmpty},
    {6, "failureThreshold", ProtoType::kInt32, kOmitEmpty},
    {7, "terminationGracePeriodSeconds", ProtoType::kInt64, kOmitEmpty | kPointer},
};
constexpr ProtoField kProbeHandler[] = {
    {1, "exec", ProtoType::kMessage, kOmitEmpty | kPointer, "ExecAction"},
    {2, "httpGet", ProtoType::kMessage, kOmitEmpty | kPointer, "HTTPGetAction"},
    {3, "tcpSocket", ProtoType::kMessage, kOmitEmpty | kPointer, "TCPSocketAction"},
    {4, "grpc", ProtoType::kMessage, kOmitEmpty | kPointer, "GRPCAction"},
};
constexpr ProtoField kExecAction[] = {
    {1, "command", ProtoType::kString, kOmitEmpty | kRepeated},
};
constexpr ProtoField kHTTPGetAction[] = {
    {1, "path", ProtoType::kString, kOmitEmpty},
    {2, "port", ProtoType::kIntOrString, 0},
    {3, "host", ProtoType::kString, kOmitEmpty},
    {4, "scheme", ProtoType::kString, kOmitEmpty},
    {5, "httpHeaders", ProtoType::kMessage, kOmitEmpty | kRepeated, "HTTPHeader"},
};
constexpr ProtoField kHTTPHeader[] = {
    {1, "name", ProtoType::kString, 0},
    {2, "value", ProtoType::kString, 0},
};
constexpr ProtoField kTCPSocketAction[] = {
    {1, "port", ProtoType::kIntOrString, 0},
    {2, "host", ProtoType::kString, kOmitEmpty},
};
constexpr ProtoField kGRPCAction[] = {
    {1, "port", ProtoType::kInt32, 0},
    {2, "service", ProtoType::kString, kPointer},
};
constexpr ProtoField kLifecycle[] = {
    {1, "postStart", ProtoType::kMessage, kOmitEmpty | kPointer, "LifecycleHandler"},
    {2, "preStop", ProtoType::kMessage, kOmitEmpty | kPointer, "LifecycleHandler"},
    {3, "stopSignal", ProtoType::kString, kOmitEmpty | kPointer},
};
constexpr ProtoField kLifecycleHandler[] = {
    {1, "exec", ProtoType::kMessage, kOmitEmpty | kPointer, "ExecAction"},
    {2, "httpGet", ProtoType::kMessage, kOmitEmpty | kPointer, "HTTPGetAction"},
    {3, "tcpSocket", ProtoType::kMessage, kOmitEmpty | kPointer, "TCPSocketAction"},
    {4, "sleep", ProtoType::kMessage, kOmitEmpty | kPointer, "SleepAction"},
};
constexpr ProtoField kSleepAction[] = {
    {1, "seconds", ProtoType::kInt64, 0},
};
constexpr ProtoField kSecurityContext[] = {
    {1, "capabilities", ProtoType::kMessage, kOmitEmpty | kPointer, "Capabilities"},
    {2, "privileged", ProtoType::kBool, kOmitEmpty | kPointer},
    {3, "seLinuxOptions", ProtoType::kMessage, kOmitEmpty | kPointer, "SELinuxOptions"},
    {10, "windowsOptions", ProtoType::kMessage, kOmitEmpty | kPointer, "WindowsSecurityContextOptions"},
    {4, "runAsUser", ProtoType::kInt64, kOmitEmpty | kPointer},
    {8, "runAsGroup", ProtoType::kInt64, kOmitEmpty | kPointer},
    {5, "runAsNonRoot", ProtoType::kBool, kOmitEmpty | kPointer},
    {6, "readOnlyRootFilesystem", ProtoType::kBool, kOmitEmpty | kPointer},
    {7, "allowPrivilegeEscalation", ProtoType::kBool, kOmitEmpty | kPointer},
    {9, "procMount", ProtoType::kString, kOmitEmpty | kPointer},
    {11, "seccompProfile", ProtoType::kMessage, kOmitEmpty | kPointer, "SeccompProfile"},
    {12, "appArmorProfile", ProtoType::kMessage, kOmitEmpty | kPointer, "AppArmorProfile"},
};
constexpr ProtoField kCapabilities[] = {
    {1, "add", ProtoType::kString, kOmitEmpty | kRepeated},
    {2, "drop", ProtoType::kString, kOmitEmpty | kRepeated},
};

}  // namespace

std::span<const ProtoMessage> ProtoCoreAMessages() {
  static constexpr ProtoMessage kMessages[] = {
      {"Namespace", kNamespace},
      {"NamespaceSpec", kNamespaceSpec},
      {"NamespaceStatus", kNamespaceStatus},
      {"NamespaceCondition", kNamespaceCondition},
      {"ConfigMap", kConfigMap},
      {"Secret", kSecret},
      {"Service", kService},
      {"ServiceSpec", kServiceSpec},
      {"ServicePort", kServicePort},
      {"SessionAffinityConfig", kSessionAffinityConfig},
      {"ClientIPConfig", kClientIPConfig},
      {"ServiceStatus", kServiceStatus},
      {"LoadBalancerStatus", kLoadBalancerStatus},
      {"LoadBalancerIngress", kLoadBalancerIngress},
      {"PortStatus", kPortStatus},
      {"ServiceAccount", kServiceAccount},
      {"ObjectReference", kObjectReference},
      {"LocalObjectReference", kLocalObjectReference},
      {"ResourceQuota", kResourceQuota},
      {"ResourceQuotaSpec", kResourceQuotaSpec},
      {"ScopeSelector", kScopeSelector},
      {"ScopedResourceSelectorRequirement", kScopedResourceSelectorRequirement},
      {"ResourceQuotaStatus", kResourceQuotaStatus},
      {"Pod", kPod},
      {"PodSpec", kPodSpec},
      {"Volume", kVolume},
      {"VolumeSource", kVolumeSource},
      {"HostPathVolumeSource", kHostPathVolumeSource},
      {"EmptyDirVolumeSource", kEmptyDirVolumeSource},
      {"GCEPersistentDiskVolumeSource", kGCEPersistentDiskVolumeSource},
      {"AWSElasticBlockStoreVolumeSource", kAWSElasticBlockStoreVolumeSource},
      {"GitRepoVolumeSource", kGitRepoVolumeSource},
      {"SecretVolumeSource", kSecretVolumeSource},
      {"KeyToPath", kKeyToPath},
      {"NFSVolumeSource", kNFSVolumeSource},
      {"ISCSIVolumeSource", kISCSIVolumeSource},
      {"GlusterfsVolumeSource", kGlusterfsVolumeSource},
      {"PersistentVolumeClaimVolumeSource", kPersistentVolumeClaimVolumeSource},
      {"RBDVolumeSource", kRBDVolumeSource},
      {"FlexVolumeSource", kFlexVolumeSource},
      {"CinderVolumeSource", kCinderVolumeSource},
      {"CephFSVolumeSource", kCephFSVolumeSource},
      {"FlockerVolumeSource", kFlockerVolumeSource},
      {"DownwardAPIVolumeSource", kDownwardAPIVolumeSource},
      {"DownwardAPIVolumeFile", kDownwardAPIVolumeFile},
      {"ObjectFieldSelector", kObjectFieldSelector},
      {"ResourceFieldSelector", kResourceFieldSelector},
      {"FCVolumeSource", kFCVolumeSource},
      {"AzureFileVolumeSource", kAzureFileVolumeSource},
      {"ConfigMapVolumeSource", kConfigMapVolumeSource},
      {"VsphereVirtualDiskVolumeSource", kVsphereVirtualDiskVolumeSource},
      {"QuobyteVolumeSource", kQuobyteVolumeSource},
      {"AzureDiskVolumeSource", kAzureDiskVolumeSource},
      {"PhotonPersistentDiskVolumeSource", kPhotonPersistentDiskVolumeSource},
      {"ProjectedVolumeSource", kProjectedVolumeSource},
      {"VolumeProjection", kVolumeProjection},
      {"SecretProjection", kSecretProjection},
      {"DownwardAPIProjection", kDownwardAPIProjection},
      {"ConfigMapProjection", kConfigMapProjection},
      {"ServiceAccountTokenProjection", kServiceAccountTokenProjection},
      {"ClusterTrustBundleProjection", kClusterTrustBundleProjection},
      {"PortworxVolumeSource", kPortworxVolumeSource},
      {"ScaleIOVolumeSource", kScaleIOVolumeSource},
      {"StorageOSVolumeSource", kStorageOSVolumeSource},
      {"CSIVolumeSource", kCSIVolumeSource},
      {"EphemeralVolumeSource", kEphemeralVolumeSource},
      {"PersistentVolumeClaimTemplate", kPersistentVolumeClaimTemplate},
      {"PersistentVolumeClaimSpec", kPersistentVolumeClaimSpec},
      {"VolumeResourceRequirements", kVolumeResourceRequirements},
      {"TypedLocalObjectReference", kTypedLocalObjectReference},
      {"TypedObjectReference", kTypedObjectReference},
      {"ImageVolumeSource", kImageVolumeSource},
      {"Container", kContainer},
      {"ContainerPort", kContainerPort},
      {"EnvFromSource", kEnvFromSource},
      {"ConfigMapEnvSource", kConfigMapEnvSource},
      {"SecretEnvSource", kSecretEnvSource},
      {"EnvVar", kEnvVar},
      {"EnvVarSource", kEnvVarSource},
      {"ConfigMapKeySelector", kConfigMapKeySelector},
      {"SecretKeySelector", kSecretKeySelector},
      {"ResourceRequirements", kResourceRequirements},
      {"ResourceClaim", kResourceClaim},
      {"ContainerResizePolicy", kContainerResizePolicy},
      {"VolumeMount", kVolumeMount},
      {"VolumeDevice", kVolumeDevice},
      {"Probe", kProbe},
      {"ProbeHandler", kProbeHandler},
      {"ExecAction", kExecAction},
      {"HTTPGetAction", kHTTPGetAction},
      {"HTTPHeader", kHTTPHeader},
      {"TCPSocketAction", kTCPSocketAction},
      {"GRPCAction", kGRPCAction},
      {"Lifecycle", kLifecycle},
      {"LifecycleHandler", kLifecycleHandler},
      {"SleepAction", kSleepAction},
      {"SecurityContext", kSecurityContext},
      {"Capabilities", kCapabilities},
  };
  return kMessages;
}

}  // namespace k1s::api::proto
