// core/v1 kinds other than Pod: Service, ConfigMap, Secret, Namespace, Node,
// ServiceAccount, Event, PersistentVolumeClaim.
#include "pkg/openapi/table_builder.h"

namespace k1s::openapi {

void AddCoreSchemas(TableBuilder& b) {
  b.Kind("core.Service", "A stable virtual IP and DNS name in front of a set of pods.", true, true);
  b.Def("core.ServiceSpec", "The desired behaviour of a service.")
      .F("allocateLoadBalancerNodePorts", "boolean", "Allocate node ports for LoadBalancer.")
      .F("clusterIP", "string", "Virtual IP; allocated when empty, None for a headless service.")
      .F("clusterIPs", "[]string", "Virtual IPs, one per IP family.").Atomic()
      .F("externalIPs", "[]string", "Extra IPs the service answers on.").Atomic()
      .F("externalName", "string", "DNS name returned for type ExternalName.")
      .F("externalTrafficPolicy", "string", "Cluster or Local routing of external traffic.")
      .F("healthCheckNodePort", "integer", "Health check port for Local traffic policy.")
      .F("internalTrafficPolicy", "string", "Cluster or Local routing of internal traffic.")
      .F("ipFamilies", "[]string", "IPv4 and/or IPv6.").Atomic()
      .F("ipFamilyPolicy", "string", "SingleStack, PreferDualStack or RequireDualStack.")
      .F("loadBalancerClass", "string", "Load balancer implementation to use.")
      .F("loadBalancerIP", "string", "Deprecated: requested load balancer IP.")
      .F("loadBalancerSourceRanges", "[]string", "Client CIDRs allowed through.").Atomic()
      .F("ports", "[]core.ServicePort", "Ports the service exposes.")
      .Merge("port")
      .ListMap({"port", "protocol"})
      .F("publishNotReadyAddresses", "boolean", "Publish endpoints of pods that are not ready.")
      .F("selector", "{}string", "Labels of the pods traffic goes to.")
      .F("sessionAffinity", "string", "ClientIP or None (default).")
      .Enum({"ClientIP", "None"})
      .F("sessionAffinityConfig", "core.SessionAffinityConfig", "Session affinity settings.")
      .F("trafficDistribution", "string", "Preference for how traffic is distributed.")
      .F("type", "string", "ClusterIP (default), NodePort, LoadBalancer or ExternalName.")
      .Enum({"ClusterIP", "ExternalName", "LoadBalancer", "NodePort"});
  b.Def("core.ServicePort", "A port of a service.")
      .F("appProtocol", "string", "Application protocol, such as http or kubernetes.io/h2c.")
      .F("name", "string", "Name of the port; required when there are several.")
      .F("nodePort", "integer", "Port on every node, for NodePort and LoadBalancer.")
      .F("port", "integer", "Port the service exposes.").Req()
      .F("protocol", "string", "TCP (default), UDP or SCTP.")
      .Enum({"SCTP", "TCP", "UDP"})
      .F("targetPort", "IntOrString", "Port number or name on the pods. Default: port.");
  b.Def("core.SessionAffinityConfig", "Session affinity settings.")
      .F("clientIP", "core.ClientIPConfig", "ClientIP affinity settings.");
  b.Def("core.ClientIPConfig", "ClientIP affinity settings.")
      .F("timeoutSeconds", "integer", "Seconds a session sticks. Default 10800.");
  b.Def("core.ServiceStatus", "The observed state of a service.")
      .F("conditions", "[]meta.Condition", "Current conditions.")
      .Merge("type")
      .ListMap({"type"})
      .F("loadBalancer", "core.LoadBalancerStatus", "The load balancer, if any.");
  b.Def("core.LoadBalancerStatus", "A load balancer.")
      .F("ingress", "[]core.LoadBalancerIngress", "Its ingress points.").Atomic();
  b.Def("core.LoadBalancerIngress", "A load balancer ingress point.")
      .F("hostname", "string", "DNS name.")
      .F("ip", "string", "IP address.")
      .F("ipMode", "string", "VIP or Proxy.")
      .F("ports", "[]core.PortStatus", "Status of each port.").Atomic();
  b.Def("core.PortStatus", "Status of a service port.")
      .F("error", "string", "Error, if any, in CamelCase.")
      .F("port", "integer", "The port.").Req()
      .F("protocol", "string", "TCP, UDP or SCTP.").Req();

  b.Kind("core.ConfigMap", "Non-confidential key/value configuration for pods.", false, false)
      .F("binaryData", "{}string", "Binary values, base64-encoded; keys distinct from data's.")
      .F("data", "{}string", "UTF-8 values by key.")
      .F("immutable", "boolean", "If true, data cannot change; only deletion is allowed.");
  b.Kind("core.Secret", "Confidential data such as passwords, tokens or keys.", false, false)
      .F("data", "{}string", "Values by key, base64-encoded.")
      .F("immutable", "boolean", "If true, data cannot change; only deletion is allowed.")
      .F("stringData", "{}string", "Write-only plain-text values, merged into data.")
      .F("type", "string", "Type of the secret, such as Opaque or kubernetes.io/tls.");

  b.Kind("core.Namespace", "A scope for names; most objects live in a namespace.", true, true);
  b.Def("core.NamespaceSpec", "The desired state of a namespace.")
      .F("finalizers", "[]string", "Must be empty before the namespace is removed.").Atomic();
  b.Def("core.NamespaceStatus", "The observed state of a namespace.")
      .F("conditions", "[]core.NamespaceCondition", "Current conditions.")
      .Merge("type")
      .ListMap({"type"})
      .F("phase", "string", "Active or Terminating.")
      .Enum({"Active", "Terminating"});
  b.Def("core.NamespaceCondition", "A condition of a namespace.")
      .F("lastTransitionTime", "meta.Time", "When the status last changed.")
      .F("message", "string", "Human-readable details.")
      .F("reason", "string", "CamelCase reason.")
      .F("status", "string", "True, False or Unknown.").Req()
      .F("type", "string", "Type of the condition.").Req();

  b.Kind("core.Node", "A machine that runs pods.", true, true);
  b.Def("core.NodeSpec", "The desired state of a node.")
      .Open()
      .F("podCIDR", "string", "Pod IP range of the node.")
      .F("podCIDRs", "[]string", "Pod IP ranges, one per family.")
      .PatchStrategy("merge")
      .ListSet()
      .F("providerID", "string", "Cloud provider's ID of the node.")
      .F("taints", "[]core.Taint", "Taints that repel pods without a matching toleration.")
      .Atomic()
      .F("unschedulable", "boolean", "If true, no new pods are scheduled here (cordoned).");
  b.Def("core.Taint", "Repels pods that do not tolerate it.")
      .F("effect", "string", "NoSchedule, PreferNoSchedule or NoExecute.").Req()
      .F("key", "string", "The taint key.").Req()
      .F("timeAdded", "meta.Time", "When a NoExecute taint was added.")
      .F("value", "string", "The taint value.");
  b.Def("core.NodeStatus", "The observed state of a node.")
      .Open()
      .F("addresses", "[]core.NodeAddress", "Addresses of the node.")
      .Merge("type")
      .ListMap({"type"})
      .F("allocatable", "{}Quantity", "Resources available to pods.")
      .F("capacity", "{}Quantity", "Total resources of the node.")
      .F("conditions", "[]core.NodeCondition", "Current conditions, such as Ready.")
      .Merge("type")
      .ListMap({"type"})
      .F("daemonEndpoints", "core.NodeDaemonEndpoints", "Ports of daemons on the node.")
      .F("images", "[]core.ContainerImage", "Images present on the node.").Atomic()
      .F("nodeInfo", "core.NodeSystemInfo", "Versions and IDs of the node's software.")
      .F("phase", "string", "Deprecated.");
  b.Def("core.NodeAddress", "An address of a node.")
      .F("address", "string", "The address.").Req()
      .F("type", "string", "Hostname, InternalIP, ExternalIP, ...").Req();
  b.Def("core.NodeCondition", "A condition of a node.")
      .F("lastHeartbeatTime", "meta.Time", "When it was last reported.")
      .F("lastTransitionTime", "meta.Time", "When the status last changed.")
      .F("message", "string", "Human-readable details.")
      .F("reason", "string", "CamelCase reason.")
      .F("status", "string", "True, False or Unknown.").Req()
      .F("type", "string", "Ready, MemoryPressure, DiskPressure, PIDPressure, ...").Req();
  b.Def("core.NodeDaemonEndpoints", "Ports of daemons on a node.")
      .F("kubeletEndpoint", "core.DaemonEndpoint", "The kubelet's port.");
  b.Def("core.DaemonEndpoint", "A daemon's port.").F("Port", "integer", "Port number.").Req();
  b.Def("core.ContainerImage", "An image on a node.")
      .F("names", "[]string", "Names and digests of the image.").Atomic()
      .F("sizeBytes", "int64", "Size in bytes.");
  b.Def("core.NodeSystemInfo", "Software versions and IDs of a node.")
      .Open()
      .F("architecture", "string", "CPU architecture.").Req()
      .F("bootID", "string", "Boot ID.").Req()
      .F("containerRuntimeVersion", "string", "Runtime name and version.").Req()
      .F("kernelVersion", "string", "Kernel version.").Req()
      .F("kubeProxyVersion", "string", "Deprecated.").Req()
      .F("kubeletVersion", "string", "Kubelet version.").Req()
      .F("machineID", "string", "Machine ID.").Req()
      .F("operatingSystem", "string", "Operating system.").Req()
      .F("osImage", "string", "OS image, from /etc/os-release.").Req()
      .F("systemUUID", "string", "System UUID.").Req();

  b.Kind("core.ServiceAccount", "An identity for processes running in pods.", false, false)
      .F("automountServiceAccountToken", "boolean", "Mount the token into pods by default.")
      .F("imagePullSecrets", "[]core.LocalObjectReference",
         "Registry credentials added to pods that use this account.")
      .Atomic()
      .F("secrets", "[]core.ObjectReference", "Deprecated: token secrets of the account.")
      .Merge("name");
  b.Def("core.ObjectReference", "A reference to any object.")
      .F("apiVersion", "string", "API version of the referent.")
      .F("fieldPath", "string", "A part of the object, such as spec.containers{name}.")
      .F("kind", "string", "Kind of the referent.")
      .F("name", "string", "Name of the referent.")
      .F("namespace", "string", "Namespace of the referent.")
      .F("resourceVersion", "string", "Version of the referent.")
      .F("uid", "string", "UID of the referent.");

  b.Def("core.Event", "A report of something that happened to an object.")
      .F("action", "string", "What was done, or failed.")
      .F("apiVersion", "string",
         "Versioned schema of this representation of the object, such as v1 or apps/v1.")
      .F("count", "integer", "How many times it occurred.")
      .F("eventTime", "meta.MicroTime", "When it first occurred, with microseconds.")
      .F("firstTimestamp", "meta.Time", "When it first occurred.")
      .F("involvedObject", "core.ObjectReference", "The object concerned.").Req()
      .F("kind", "string", "The kind of object, in CamelCase, such as Pod.")
      .F("lastTimestamp", "meta.Time", "When it last occurred.")
      .F("message", "string", "Human-readable description.")
      .F("metadata", "meta.ObjectMeta", "Standard object metadata: name, namespace, labels, ...")
      .Req()
      .F("reason", "string", "Short CamelCase reason, such as Scheduled.")
      .F("related", "core.ObjectReference", "A second object concerned, if any.")
      .F("reportingComponent", "string", "Controller that reported it.")
      .F("reportingInstance", "string", "Instance of that controller.")
      .F("series", "core.EventSeries", "Data about a series of repeated events.")
      .F("source", "core.EventSource", "Component that reported it.")
      .F("type", "string", "Normal or Warning.");
  b.Def("core.EventSource", "The reporter of an event.")
      .F("component", "string", "Component name.")
      .F("host", "string", "Node name.");
  b.Def("core.EventSeries", "A series of repeated events.")
      .F("count", "integer", "Occurrences so far.")
      .F("lastObservedTime", "meta.MicroTime", "Time of the last occurrence.");

  b.Kind("core.PersistentVolumeClaim", "A request for storage by a user.", true, true);
  b.Def("core.PersistentVolumeClaimSpec", "The storage a claim asks for.")
      .F("accessModes", "[]string", "ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ...").Atomic()
      .F("dataSource", "core.TypedLocalObjectReference", "Source to populate the volume from.")
      .F("dataSourceRef", "core.TypedObjectReference", "Source object, possibly any kind.")
      .F("resources", "core.VolumeResourceRequirements", "Storage size requested.")
      .F("selector", "meta.LabelSelector", "Labels of volumes that may bind.")
      .F("storageClassName", "string", "StorageClass of the volume.")
      .F("volumeAttributesClassName", "string", "VolumeAttributesClass of the volume.")
      .F("volumeMode", "string", "Filesystem (default) or Block.")
      .F("volumeName", "string", "Name of the PersistentVolume to bind.");
  b.Def("core.VolumeResourceRequirements", "Storage resources.")
      .F("limits", "{}Quantity", "Most storage allowed.")
      .F("requests", "{}Quantity", "Storage requested, such as storage: 1Gi.");
  b.Def("core.TypedLocalObjectReference", "A reference to an object in the same namespace.")
      .F("apiGroup", "string", "API group of the referent; empty for core.")
      .F("kind", "string", "Kind of the referent.").Req()
      .F("name", "string", "Name of the referent.").Req();
  b.Def("core.TypedObjectReference", "A reference to an object, possibly in another namespace.")
      .F("apiGroup", "string", "API group of the referent; empty for core.")
      .F("kind", "string", "Kind of the referent.").Req()
      .F("name", "string", "Name of the referent.").Req()
      .F("namespace", "string", "Namespace of the referent.");
  b.Def("core.PersistentVolumeClaimStatus", "The observed state of a claim.")
      .Open()
      .F("accessModes", "[]string", "Access modes of the bound volume.").Atomic()
      .F("allocatedResources", "{}Quantity", "Storage allocated.")
      .F("capacity", "{}Quantity", "Capacity of the bound volume.")
      .F("conditions", "[]core.PersistentVolumeClaimCondition", "Current conditions.")
      .Merge("type")
      .ListMap({"type"})
      .F("phase", "string", "Pending, Bound or Lost.");
  b.Def("core.PersistentVolumeClaimCondition", "A condition of a claim.")
      .F("lastProbeTime", "meta.Time", "When it was last probed.")
      .F("lastTransitionTime", "meta.Time", "When the status last changed.")
      .F("message", "string", "Human-readable details.")
      .F("reason", "string", "CamelCase reason.")
      .F("status", "string", "True, False or Unknown.").Req()
      .F("type", "string", "Type of the condition.").Req();
}

}  // namespace k1s::openapi
