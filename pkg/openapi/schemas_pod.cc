// core/v1 Pod and the types a pod spec is made of.
#include "pkg/openapi/table_builder.h"

namespace k1s::openapi {

namespace {

// Container and EphemeralContainer share their fields.
void ContainerFields(DefBuilder& c) {
  c.F("args", "[]string",
      "Arguments to the entrypoint; the image's CMD when empty. $(VAR) references are expanded.")
      .Atomic()
      .F("command", "[]string",
         "Entrypoint array, run without a shell; the image's ENTRYPOINT when empty.")
      .Atomic()
      .F("env", "[]core.EnvVar", "Environment variables to set in the container.")
      .Merge("name")
      .F("envFrom", "[]core.EnvFromSource",
         "Sources (ConfigMaps, Secrets) whose keys all become environment variables.")
      .Atomic()
      .F("image", "string", "Container image name, such as nginx:1.27.")
      .F("imagePullPolicy", "string",
         "Always, Never or IfNotPresent. Defaults to Always for :latest, else IfNotPresent.")
      .Enum({"Always", "IfNotPresent", "Never"})
      .F("lifecycle", "core.Lifecycle", "Actions run right after start and before stop.")
      .F("livenessProbe", "core.Probe", "Periodic check; the container restarts when it fails.")
      .F("name", "string", "Name of the container, a DNS label unique within the pod.")
      .Req()
      .F("ports", "[]core.ContainerPort",
         "Ports the container exposes; informational, any listening port is reachable.")
      .Merge("containerPort")
      .ListMap({"containerPort", "protocol"})
      .F("readinessProbe", "core.Probe",
         "Periodic check; the pod leaves service endpoints while it fails.")
      .F("resizePolicy", "[]core.ContainerResizePolicy", "How resources may be resized in place.")
      .Atomic()
      .F("resources", "core.ResourceRequirements", "Compute resources requested and limited.")
      .F("restartPolicy", "string",
         "Only for init containers: Always makes it a sidecar that runs for the pod's life.")
      .F("securityContext", "core.SecurityContext", "Security options of the container.")
      .F("startupProbe", "core.Probe",
         "Check that must succeed once before the other probes start.")
      .F("stdin", "boolean", "Keep a stdin buffer open for the container.")
      .F("stdinOnce", "boolean", "Close stdin after the first attached client disconnects.")
      .F("terminationMessagePath", "string",
         "File whose contents become the termination message. Default /dev/termination-log.")
      .F("terminationMessagePolicy", "string", "File or FallbackToLogsOnError.")
      .Enum({"FallbackToLogsOnError", "File"})
      .F("tty", "boolean", "Allocate a TTY; needs stdin.")
      .F("volumeDevices", "[]core.VolumeDevice", "Block devices the container uses.")
      .Merge("devicePath")
      .F("volumeMounts", "[]core.VolumeMount", "Volumes mounted into the filesystem.")
      .Merge("mountPath")
      .F("workingDir", "string", "Working directory; the image's default when empty.");
}

}  // namespace

void AddPodSchemas(TableBuilder& b) {
  b.Kind("core.Pod",
         "A group of containers that run together on one node and share network and storage.",
         true, true);
  b.Def("core.PodTemplateSpec", "The pods a workload controller creates.")
      .F("metadata", "meta.ObjectMeta", "Metadata of the pods, such as their labels.")
      .F("spec", "core.PodSpec", "Specification of the pods.");

  b.Def("core.PodSpec", "The desired state of a pod.")
      .F("activeDeadlineSeconds", "int64",
         "Seconds the pod may be active before the system fails it.")
      .F("affinity", "core.Affinity", "Scheduling constraints relative to nodes and other pods.")
      .F("automountServiceAccountToken", "boolean", "Mount the service account token.")
      .F("containers", "[]core.Container",
         "The containers of the pod; at least one. Cannot be added or removed later.")
      .Req()
      .Merge("name")
      .F("dnsConfig", "core.PodDNSConfig", "DNS settings merged with those from dnsPolicy.")
      .F("dnsPolicy", "string",
         "ClusterFirst (default), ClusterFirstWithHostNet, Default or None.")
      .Enum({"ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"})
      .F("enableServiceLinks", "boolean",
         "Inject environment variables describing services. Default true.")
      .F("ephemeralContainers", "[]core.EphemeralContainer",
         "Containers added to a running pod for debugging.")
      .Merge("name")
      .F("hostAliases", "[]core.HostAlias", "Extra entries for the pod's /etc/hosts.")
      .Merge("ip")
      .ListMap({"ip"})
      .F("hostIPC", "boolean", "Use the host's IPC namespace.")
      .F("hostNetwork", "boolean", "Use the host's network namespace.")
      .F("hostPID", "boolean", "Use the host's PID namespace.")
      .F("hostUsers", "boolean", "Use the host's user namespace. Default true.")
      .F("hostname", "string", "Hostname of the pod; the pod name when empty.")
      .F("imagePullSecrets", "[]core.LocalObjectReference",
         "Secrets with registry credentials for pulling images.")
      .Merge("name")
      .F("initContainers", "[]core.Container",
         "Containers run one after another before the app containers start.")
      .Merge("name")
      .F("nodeName", "string", "Node the pod is bound to; set by the scheduler.")
      .F("nodeSelector", "{}string", "Labels a node must have for the pod to run there.")
      .F("os", "core.PodOS", "Operating system the pod needs.")
      .F("overhead", "{}Quantity", "Resources the pod sandbox uses, set from the runtime class.")
      .F("preemptionPolicy", "string", "PreemptLowerPriority (default) or Never.")
      .F("priority", "integer", "Priority value, set from priorityClassName.")
      .F("priorityClassName", "string", "Name of the PriorityClass of the pod.")
      .F("readinessGates", "[]core.PodReadinessGate",
         "Extra conditions that must be true for the pod to be ready.")
      .Atomic()
      .F("resourceClaims", "[]core.PodResourceClaim", "Dynamic resources the pod uses.")
      .Merge("name")
      .PatchStrategy("merge,retainKeys")
      .ListMap({"name"})
      .F("resources", "core.ResourceRequirements", "Resources for the pod as a whole.")
      .F("restartPolicy", "string", "Always (default), OnFailure or Never.")
      .Enum({"Always", "Never", "OnFailure"})
      .F("runtimeClassName", "string", "RuntimeClass used to run the pod.")
      .F("schedulerName", "string", "Scheduler that places the pod. Default default-scheduler.")
      .F("schedulingGates", "[]core.PodSchedulingGate",
         "While any gate remains, the pod is not scheduled.")
      .Merge("name")
      .ListMap({"name"})
      .F("securityContext", "core.PodSecurityContext", "Security options for all containers.")
      .F("serviceAccount", "string", "Deprecated alias of serviceAccountName.")
      .F("serviceAccountName", "string", "ServiceAccount the pod runs as.")
      .F("setHostnameAsFQDN", "boolean", "Use the fully qualified name as hostname.")
      .F("shareProcessNamespace", "boolean", "Containers share one PID namespace.")
      .F("subdomain", "string", "Subdomain, giving the pod a DNS name under a headless service.")
      .F("terminationGracePeriodSeconds", "int64",
         "Seconds between SIGTERM and SIGKILL on deletion. Default 30.")
      .F("tolerations", "[]core.Toleration", "Taints the pod tolerates.")
      .Atomic()
      .F("topologySpreadConstraints", "[]core.TopologySpreadConstraint",
         "How pods spread across topology domains.")
      .Merge("topologyKey")
      .ListMap({"topologyKey", "whenUnsatisfiable"})
      .F("volumes", "[]core.Volume", "Volumes the containers can mount.")
      .Merge("name")
      .PatchStrategy("merge,retainKeys");

  DefBuilder container = b.Def("core.Container", "A single application container of a pod.");
  ContainerFields(container);
  DefBuilder ephemeral =
      b.Def("core.EphemeralContainer", "A temporary container added to a running pod to debug it.");
  ContainerFields(ephemeral);
  ephemeral.F("targetContainerName", "string",
              "Container whose namespaces (such as PID) the ephemeral container joins.");

  b.Def("core.ContainerPort", "A network port of a container.")
      .F("containerPort", "integer", "Port number on the pod's IP address.").Req()
      .F("hostIP", "string", "Host IP to bind the host port to.")
      .F("hostPort", "integer", "Port on the host to expose; rarely needed.")
      .F("name", "string", "Name of the port (IANA service name), referred to by services.")
      .F("protocol", "string", "TCP (default), UDP or SCTP.")
      .Enum({"SCTP", "TCP", "UDP"});
  b.Def("core.EnvVar", "An environment variable.")
      .F("name", "string", "Name of the variable.").Req()
      .F("value", "string", "Value; $(VAR) references to earlier variables are expanded.")
      .F("valueFrom", "core.EnvVarSource", "Where the value comes from, if not value.");
  b.Def("core.EnvVarSource", "The source of an environment variable's value.")
      .F("configMapKeyRef", "core.ConfigMapKeySelector", "A key of a ConfigMap.")
      .F("fieldRef", "core.ObjectFieldSelector", "A field of the pod, such as metadata.name.")
      .F("resourceFieldRef", "core.ResourceFieldSelector", "A resource limit or request.")
      .F("secretKeyRef", "core.SecretKeySelector", "A key of a Secret.");
  b.Def("core.ConfigMapKeySelector", "Selects a key of a ConfigMap.")
      .F("key", "string", "The key.").Req()
      .F("name", "string", "Name of the ConfigMap.")
      .F("optional", "boolean", "Whether the ConfigMap or key may be missing.");
  b.Def("core.SecretKeySelector", "Selects a key of a Secret.")
      .F("key", "string", "The key.").Req()
      .F("name", "string", "Name of the Secret.")
      .F("optional", "boolean", "Whether the Secret or key may be missing.");
  b.Def("core.ObjectFieldSelector", "Selects a field of the pod.")
      .F("apiVersion", "string", "Version of the field path's schema. Default v1.")
      .F("fieldPath", "string", "Path of the field, such as metadata.namespace.").Req();
  b.Def("core.ResourceFieldSelector", "Selects a container resource.")
      .F("containerName", "string", "Container name; required for volumes.")
      .F("divisor", "Quantity", "Unit the value is expressed in. Default 1.")
      .F("resource", "string", "Resource, such as limits.cpu or requests.memory.").Req();
  b.Def("core.EnvFromSource", "A ConfigMap or Secret whose keys become environment variables.")
      .F("configMapRef", "core.ConfigMapEnvSource", "The ConfigMap.")
      .F("prefix", "string", "Prefix added to every key.")
      .F("secretRef", "core.SecretEnvSource", "The Secret.");
  b.Def("core.ConfigMapEnvSource", "A ConfigMap used as environment.")
      .F("name", "string", "Name of the ConfigMap.")
      .F("optional", "boolean", "Whether the ConfigMap may be missing.");
  b.Def("core.SecretEnvSource", "A Secret used as environment.")
      .F("name", "string", "Name of the Secret.")
      .F("optional", "boolean", "Whether the Secret may be missing.");
  b.Def("core.ResourceRequirements", "Compute resources of a container.")
      .F("claims", "[]core.ResourceClaim", "Dynamic resource claims the container uses.")
      .ListMap({"name"})
      .F("limits", "{}Quantity", "Most the container may use, such as cpu: 500m, memory: 128Mi.")
      .F("requests", "{}Quantity",
         "What the container is guaranteed and scheduled by; defaults to limits.");
  b.Def("core.ResourceClaim", "A reference to a pod resource claim.")
      .F("name", "string", "Name of an entry of the pod's resourceClaims.").Req()
      .F("request", "string", "A single request of that claim, if set.");
  b.Def("core.ContainerResizePolicy", "How one resource of a container is resized.")
      .F("resourceName", "string", "cpu or memory.").Req()
      .F("restartPolicy", "string", "NotRequired or RestartContainer.").Req();
  b.Def("core.VolumeMount", "Where a volume is mounted in a container.")
      .F("mountPath", "string", "Path in the container; must not contain ':'.").Req()
      .F("mountPropagation", "string", "None, HostToContainer or Bidirectional.")
      .F("name", "string", "Name of the volume.").Req()
      .F("readOnly", "boolean", "Mount read-only.")
      .F("recursiveReadOnly", "string", "Disabled, IfPossible or Enabled.")
      .F("subPath", "string", "Path within the volume to mount instead of its root.")
      .F("subPathExpr", "string", "Like subPath, with $(VAR) expansion.");
  b.Def("core.VolumeDevice", "A raw block volume mapped into a container.")
      .F("devicePath", "string", "Path of the device in the container.").Req()
      .F("name", "string", "Name of a persistentVolumeClaim volume.").Req();

  b.Def("core.Probe", "A health check of a container.")
      .F("exec", "core.ExecAction", "Run a command; exit status 0 is healthy.")
      .F("failureThreshold", "integer", "Consecutive failures that count as failed. Default 3.")
      .F("grpc", "core.GRPCAction", "Call the gRPC health service.")
      .F("httpGet", "core.HTTPGetAction", "HTTP GET; 200-399 is healthy.")
      .F("initialDelaySeconds", "integer", "Seconds after start before the first probe.")
      .F("periodSeconds", "integer", "Seconds between probes. Default 10.")
      .F("successThreshold", "integer", "Consecutive successes that count as healthy. Default 1.")
      .F("tcpSocket", "core.TCPSocketAction", "Open a TCP connection.")
      .F("terminationGracePeriodSeconds", "int64", "Grace period when the probe kills the pod.")
      .F("timeoutSeconds", "integer", "Seconds before a probe times out. Default 1.");
  b.Def("core.ExecAction", "A command to run in the container.")
      .F("command", "[]string", "Command line, run without a shell.").Atomic();
  b.Def("core.HTTPGetAction", "An HTTP GET request.")
      .F("host", "string", "Host to connect to; the pod IP when empty.")
      .F("httpHeaders", "[]core.HTTPHeader", "Extra request headers.").Atomic()
      .F("path", "string", "Path to request.")
      .F("port", "IntOrString", "Port number or name.").Req()
      .F("scheme", "string", "HTTP (default) or HTTPS.");
  b.Def("core.HTTPHeader", "An HTTP header.")
      .F("name", "string", "Header name.").Req()
      .F("value", "string", "Header value.").Req();
  b.Def("core.TCPSocketAction", "A TCP connection attempt.")
      .F("host", "string", "Host to connect to; the pod IP when empty.")
      .F("port", "IntOrString", "Port number or name.").Req();
  b.Def("core.GRPCAction", "A gRPC health check call.")
      .F("port", "integer", "Port of the gRPC service.").Req()
      .F("service", "string", "Service name sent in the health request.");
  b.Def("core.Lifecycle", "Actions taken at container lifecycle events.")
      .F("postStart", "core.LifecycleHandler", "Runs right after the container starts.")
      .F("preStop", "core.LifecycleHandler", "Runs before the container is stopped.")
      .F("stopSignal", "string", "Signal sent to stop the container.");
  b.Def("core.LifecycleHandler", "One lifecycle action.")
      .F("exec", "core.ExecAction", "Run a command.")
      .F("httpGet", "core.HTTPGetAction", "Send an HTTP GET.")
      .F("sleep", "core.SleepAction", "Sleep for a while.")
      .F("tcpSocket", "core.TCPSocketAction", "Deprecated; not supported.");
  b.Def("core.SleepAction", "A pause.")
      .F("seconds", "int64", "Seconds to sleep.").Req();

  b.Def("core.SecurityContext", "Security options of one container; override the pod's.")
      .F("allowPrivilegeEscalation", "boolean", "Whether a process may gain more privileges.")
      .F("appArmorProfile", "core.AppArmorProfile", "AppArmor profile.")
      .F("capabilities", "core.Capabilities", "Capabilities to add and drop.")
      .F("privileged", "boolean", "Run privileged, like root on the host.")
      .F("procMount", "string", "Default or Unmasked /proc.")
      .F("readOnlyRootFilesystem", "boolean", "Mount the root filesystem read-only.")
      .F("runAsGroup", "int64", "GID of the container process.")
      .F("runAsNonRoot", "boolean", "Refuse to start a process running as UID 0.")
      .F("runAsUser", "int64", "UID of the container process.")
      .F("seLinuxOptions", "core.SELinuxOptions", "SELinux context.")
      .F("seccompProfile", "core.SeccompProfile", "Seccomp profile.")
      .F("windowsOptions", "core.WindowsSecurityContextOptions", "Windows-specific settings.");
  b.Def("core.Capabilities", "Linux capabilities.")
      .F("add", "[]string", "Capabilities to add.").Atomic()
      .F("drop", "[]string", "Capabilities to drop, such as ALL.").Atomic();
  b.Def("core.SELinuxOptions", "An SELinux label.")
      .F("level", "string", "Level.")
      .F("role", "string", "Role.")
      .F("type", "string", "Type.")
      .F("user", "string", "User.");
  b.Def("core.SeccompProfile", "A seccomp profile.")
      .F("localhostProfile", "string", "Profile file on the node, for Localhost.")
      .F("type", "string", "Localhost, RuntimeDefault or Unconfined.").Req();
  b.Def("core.AppArmorProfile", "An AppArmor profile.")
      .F("localhostProfile", "string", "Profile loaded on the node, for Localhost.")
      .F("type", "string", "Localhost, RuntimeDefault or Unconfined.").Req();
  b.Def("core.WindowsSecurityContextOptions", "Windows-specific security settings.")
      .F("gmsaCredentialSpec", "string", "GMSA credential spec contents.")
      .F("gmsaCredentialSpecName", "string", "Name of the GMSA credential spec.")
      .F("hostProcess", "boolean", "Run as a host process.")
      .F("runAsUserName", "string", "User name to run as.");
  b.Def("core.PodSecurityContext", "Security options shared by all containers of a pod.")
      .F("appArmorProfile", "core.AppArmorProfile", "AppArmor profile.")
      .F("fsGroup", "int64", "Supplemental group that owns volumes.")
      .F("fsGroupChangePolicy", "string", "OnRootMismatch or Always.")
      .F("runAsGroup", "int64", "GID of container processes.")
      .F("runAsNonRoot", "boolean", "Refuse processes running as UID 0.")
      .F("runAsUser", "int64", "UID of container processes.")
      .F("seLinuxChangePolicy", "string", "Recursive or MountOption.")
      .F("seLinuxOptions", "core.SELinuxOptions", "SELinux context.")
      .F("seccompProfile", "core.SeccompProfile", "Seccomp profile.")
      .F("supplementalGroups", "[]int64", "Extra groups of the first process.").Atomic()
      .F("supplementalGroupsPolicy", "string", "Merge or Strict.")
      .F("sysctls", "[]core.Sysctl", "Namespaced sysctls to set.").Atomic()
      .F("windowsOptions", "core.WindowsSecurityContextOptions", "Windows-specific settings.");
  b.Def("core.Sysctl", "A kernel parameter.")
      .F("name", "string", "Name of the parameter.").Req()
      .F("value", "string", "Value to set.").Req();

  b.Def("core.Toleration", "Lets a pod run on nodes with a matching taint.")
      .F("effect", "string", "Taint effect to match; all effects when empty.")
      .Enum({"NoExecute", "NoSchedule", "PreferNoSchedule"})
      .F("key", "string", "Taint key; with operator Exists and empty key, matches all taints.")
      .F("operator", "string", "Equal (default) or Exists.")
      .Enum({"Equal", "Exists"})
      .F("tolerationSeconds", "int64", "For NoExecute: how long the pod stays after the taint.")
      .F("value", "string", "Taint value to match with Equal.");
  b.Def("core.TopologySpreadConstraint", "How matching pods spread across topology domains.")
      .F("labelSelector", "meta.LabelSelector", "Pods counted in each domain.")
      .F("matchLabelKeys", "[]string", "Pod label keys whose values narrow the selection.")
      .Atomic()
      .F("maxSkew", "integer", "Most the pod counts of two domains may differ.").Req()
      .F("minDomains", "integer", "Minimum number of eligible domains.")
      .F("nodeAffinityPolicy", "string", "Honor or Ignore node affinity when counting.")
      .F("nodeTaintsPolicy", "string", "Honor or Ignore node taints when counting.")
      .F("topologyKey", "string", "Node label key that defines the domains.").Req()
      .F("whenUnsatisfiable", "string", "DoNotSchedule or ScheduleAnyway.").Req();
  b.Def("core.LocalObjectReference", "Names an object in the same namespace.")
      .F("name", "string", "Name of the referent.");
  b.Def("core.PodOS", "An operating system.")
      .F("name", "string", "linux or windows.").Req();
  b.Def("core.PodReadinessGate", "An extra readiness condition.")
      .F("conditionType", "string", "Type of a pod condition that must be True.").Req();
  b.Def("core.PodSchedulingGate", "A gate that holds scheduling.")
      .F("name", "string", "Name of the gate.").Req();
  b.Def("core.PodResourceClaim", "A dynamic resource claim of a pod.")
      .F("name", "string", "Name within the pod.").Req()
      .F("resourceClaimName", "string", "Name of an existing ResourceClaim.")
      .F("resourceClaimTemplateName", "string", "Template a claim is created from.");
  b.Def("core.HostAlias", "An /etc/hosts entry.")
      .F("hostnames", "[]string", "Host names for the address.").Atomic()
      .F("ip", "string", "IP address.").Req();
  b.Def("core.PodDNSConfig", "DNS resolver settings of a pod.")
      .F("nameservers", "[]string", "Name server addresses.").Atomic()
      .F("options", "[]core.PodDNSConfigOption", "Resolver options.").Atomic()
      .F("searches", "[]string", "Search domains.").Atomic();
  b.Def("core.PodDNSConfigOption", "A resolver option.")
      .F("name", "string", "Name of the option, such as ndots.")
      .F("value", "string", "Value of the option.");

  b.Def("core.Affinity", "Scheduling constraints of a pod.")
      .F("nodeAffinity", "core.NodeAffinity", "Rules about the nodes the pod may run on.")
      .F("podAffinity", "core.PodAffinity", "Pods this pod should run near.")
      .F("podAntiAffinity", "core.PodAntiAffinity", "Pods this pod should run away from.");
  b.Def("core.NodeAffinity", "Node selection rules.")
      .F("preferredDuringSchedulingIgnoredDuringExecution", "[]core.PreferredSchedulingTerm",
         "Weighted preferences.")
      .Atomic()
      .F("requiredDuringSchedulingIgnoredDuringExecution", "core.NodeSelector",
         "Rules a node must satisfy.");
  b.Def("core.NodeSelector", "Node selector terms, ORed.")
      .F("nodeSelectorTerms", "[]core.NodeSelectorTerm", "The terms.").Req().Atomic();
  b.Def("core.NodeSelectorTerm", "Requirements, ANDed.")
      .F("matchExpressions", "[]core.NodeSelectorRequirement", "Requirements on node labels.")
      .Atomic()
      .F("matchFields", "[]core.NodeSelectorRequirement", "Requirements on node fields.")
      .Atomic();
  b.Def("core.NodeSelectorRequirement", "A requirement on a node label or field.")
      .F("key", "string", "The key.").Req()
      .F("operator", "string", "In, NotIn, Exists, DoesNotExist, Gt or Lt.").Req()
      .F("values", "[]string", "Values to compare with.").Atomic();
  b.Def("core.PreferredSchedulingTerm", "A weighted node preference.")
      .F("preference", "core.NodeSelectorTerm", "The preferred nodes.").Req()
      .F("weight", "integer", "Weight, 1-100.").Req();
  b.Def("core.PodAffinity", "Co-location rules.")
      .F("preferredDuringSchedulingIgnoredDuringExecution", "[]core.WeightedPodAffinityTerm",
         "Weighted preferences.")
      .Atomic()
      .F("requiredDuringSchedulingIgnoredDuringExecution", "[]core.PodAffinityTerm",
         "Rules that must hold.")
      .Atomic();
  b.Def("core.PodAntiAffinity", "Separation rules.")
      .F("preferredDuringSchedulingIgnoredDuringExecution", "[]core.WeightedPodAffinityTerm",
         "Weighted preferences.")
      .Atomic()
      .F("requiredDuringSchedulingIgnoredDuringExecution", "[]core.PodAffinityTerm",
         "Rules that must hold.")
      .Atomic();
  b.Def("core.PodAffinityTerm", "Pods that must (or must not) share a topology domain.")
      .F("labelSelector", "meta.LabelSelector", "The pods.")
      .F("matchLabelKeys", "[]string", "Label keys whose values narrow the selection.").Atomic()
      .F("mismatchLabelKeys", "[]string", "Label keys whose values exclude pods.").Atomic()
      .F("namespaceSelector", "meta.LabelSelector", "Namespaces to look in.")
      .F("namespaces", "[]string", "Namespace names to look in.").Atomic()
      .F("topologyKey", "string", "Node label key that defines the domain.").Req();
  b.Def("core.WeightedPodAffinityTerm", "A weighted pod affinity term.")
      .F("podAffinityTerm", "core.PodAffinityTerm", "The term.").Req()
      .F("weight", "integer", "Weight, 1-100.").Req();

  // Volumes: the common sources are listed; cloud and legacy sources are not.
  b.Def("core.Volume", "A named volume the containers of a pod can mount.")
      .Open()
      .F("configMap", "core.ConfigMapVolumeSource", "Files from a ConfigMap.")
      .F("csi", "core.CSIVolumeSource", "An ephemeral volume from a CSI driver.")
      .F("downwardAPI", "core.DownwardAPIVolumeSource", "Files with pod information.")
      .F("emptyDir", "core.EmptyDirVolumeSource", "An empty directory for the pod's lifetime.")
      .F("ephemeral", "core.EphemeralVolumeSource", "A PVC created and deleted with the pod.")
      .F("hostPath", "core.HostPathVolumeSource", "A file or directory of the node.")
      .F("image", "core.ImageVolumeSource", "The contents of an OCI image.")
      .F("name", "string", "Name of the volume, a DNS label unique within the pod.").Req()
      .F("nfs", "core.NFSVolumeSource", "An NFS export.")
      .F("persistentVolumeClaim", "core.PersistentVolumeClaimVolumeSource", "A PVC.")
      .F("projected", "core.ProjectedVolumeSource", "Several sources in one directory.")
      .F("secret", "core.SecretVolumeSource", "Files from a Secret.");
  b.Def("core.ConfigMapVolumeSource", "A ConfigMap as files.")
      .F("defaultMode", "integer", "Mode bits of the files. Default 0644.")
      .F("items", "[]core.KeyToPath", "Keys to project; all keys when empty.").Atomic()
      .F("name", "string", "Name of the ConfigMap.")
      .F("optional", "boolean", "Whether the ConfigMap may be missing.");
  b.Def("core.SecretVolumeSource", "A Secret as files.")
      .F("defaultMode", "integer", "Mode bits of the files. Default 0644.")
      .F("items", "[]core.KeyToPath", "Keys to project; all keys when empty.").Atomic()
      .F("optional", "boolean", "Whether the Secret may be missing.")
      .F("secretName", "string", "Name of the Secret.");
  b.Def("core.KeyToPath", "A key projected to a file.")
      .F("key", "string", "The key.").Req()
      .F("mode", "integer", "Mode bits of the file.")
      .F("path", "string", "Relative path of the file.").Req();
  b.Def("core.EmptyDirVolumeSource", "An empty directory.")
      .F("medium", "string", "Storage medium: empty (node default) or Memory.")
      .F("sizeLimit", "Quantity", "Most storage the volume may use.");
  b.Def("core.HostPathVolumeSource", "A path on the node.")
      .F("path", "string", "Path on the node.").Req()
      .F("type", "string", "Expected type, such as Directory, DirectoryOrCreate or File.");
  b.Def("core.PersistentVolumeClaimVolumeSource", "A PVC in the pod's namespace.")
      .F("claimName", "string", "Name of the PVC.").Req()
      .F("readOnly", "boolean", "Mount read-only.");
  b.Def("core.NFSVolumeSource", "An NFS export.")
      .F("path", "string", "Exported path.").Req()
      .F("readOnly", "boolean", "Mount read-only.")
      .F("server", "string", "Host name or IP of the server.").Req();
  b.Def("core.CSIVolumeSource", "An inline CSI volume.")
      .F("driver", "string", "Name of the CSI driver.").Req()
      .F("fsType", "string", "Filesystem type.")
      .F("nodePublishSecretRef", "core.LocalObjectReference", "Secret passed to the driver.")
      .F("readOnly", "boolean", "Mount read-only.")
      .F("volumeAttributes", "{}string", "Driver-specific attributes.");
  b.Def("core.ImageVolumeSource", "An OCI image mounted as a volume.")
      .F("pullPolicy", "string", "Always, Never or IfNotPresent.")
      .F("reference", "string", "Image reference.");
  b.Def("core.EphemeralVolumeSource", "A volume backed by a PVC that lives with the pod.")
      .F("volumeClaimTemplate", "core.PersistentVolumeClaimTemplate", "Template of the PVC.");
  b.Def("core.PersistentVolumeClaimTemplate", "A PVC to create.")
      .F("metadata", "meta.ObjectMeta", "Labels and annotations of the PVC.")
      .F("spec", "core.PersistentVolumeClaimSpec", "Specification of the PVC.").Req();
  b.Def("core.DownwardAPIVolumeSource", "Pod information as files.")
      .F("defaultMode", "integer", "Mode bits of the files.")
      .F("items", "[]core.DownwardAPIVolumeFile", "The files.").Atomic();
  b.Def("core.DownwardAPIVolumeFile", "A file with pod information.")
      .F("fieldRef", "core.ObjectFieldSelector", "A pod field.")
      .F("mode", "integer", "Mode bits of the file.")
      .F("path", "string", "Relative path of the file.").Req()
      .F("resourceFieldRef", "core.ResourceFieldSelector", "A container resource.");
  b.Def("core.ProjectedVolumeSource", "Several sources projected into one directory.")
      .F("defaultMode", "integer", "Mode bits of the files.")
      .F("sources", "[]core.VolumeProjection", "The sources.").Atomic();
  b.Def("core.VolumeProjection", "One projected source.")
      .Open()
      .F("configMap", "core.ConfigMapProjection", "A ConfigMap.")
      .F("downwardAPI", "core.DownwardAPIProjection", "Pod information.")
      .F("secret", "core.SecretProjection", "A Secret.")
      .F("serviceAccountToken", "core.ServiceAccountTokenProjection", "A service account token.");
  b.Def("core.ConfigMapProjection", "A projected ConfigMap.")
      .F("items", "[]core.KeyToPath", "Keys to project.").Atomic()
      .F("name", "string", "Name of the ConfigMap.")
      .F("optional", "boolean", "Whether it may be missing.");
  b.Def("core.SecretProjection", "A projected Secret.")
      .F("items", "[]core.KeyToPath", "Keys to project.").Atomic()
      .F("name", "string", "Name of the Secret.")
      .F("optional", "boolean", "Whether it may be missing.");
  b.Def("core.DownwardAPIProjection", "Projected pod information.")
      .F("items", "[]core.DownwardAPIVolumeFile", "The files.").Atomic();
  b.Def("core.ServiceAccountTokenProjection", "A projected service account token.")
      .F("audience", "string", "Intended audience of the token.")
      .F("expirationSeconds", "int64", "Requested lifetime. Default 1 hour.")
      .F("path", "string", "Relative path of the token file.").Req();

  b.Def("core.PodStatus", "The observed state of a pod.")
      .Open()
      .F("conditions", "[]core.PodCondition", "Current conditions, such as Ready.")
      .Merge("type")
      .ListMap({"type"})
      .F("containerStatuses", "[]core.ContainerStatus", "One status per app container.")
      .Atomic()
      .F("ephemeralContainerStatuses", "[]core.ContainerStatus", "Ephemeral container statuses.")
      .Atomic()
      .F("hostIP", "string", "IP of the node the pod runs on.")
      .F("hostIPs", "[]core.HostIP", "IPs of the node.").Atomic()
      .F("initContainerStatuses", "[]core.ContainerStatus", "Init container statuses.")
      .Atomic()
      .F("message", "string", "Human-readable detail about the pod's state.")
      .F("nominatedNodeName", "string", "Node a preempting pod expects to run on.")
      .F("observedGeneration", "int64", "Pod generation this status was computed from.")
      .F("phase", "string", "Pending, Running, Succeeded, Failed or Unknown.")
      .Enum({"Failed", "Pending", "Running", "Succeeded", "Unknown"})
      .F("podIP", "string", "Primary IP of the pod.")
      .F("podIPs", "[]core.PodIP", "IPs of the pod.")
      .Merge("ip")
      .ListMap({"ip"})
      .F("qosClass", "string", "Guaranteed, Burstable or BestEffort.")
      .F("reason", "string", "Short reason the pod is in its state, such as Evicted.")
      .F("startTime", "meta.Time", "When the kubelet acknowledged the pod.");
  b.Def("core.PodCondition", "One condition of a pod.")
      .F("lastProbeTime", "meta.Time", "When the condition was last probed.")
      .F("lastTransitionTime", "meta.Time", "When the status last changed.")
      .F("message", "string", "Human-readable details.")
      .F("observedGeneration", "int64", "Pod generation the condition was computed from.")
      .F("reason", "string", "CamelCase reason of the last transition.")
      .F("status", "string", "True, False or Unknown.").Req()
      .F("type", "string", "PodScheduled, Initialized, ContainersReady, Ready, ...").Req();
  b.Def("core.PodIP", "An IP address of a pod.").F("ip", "string", "The address.").Req();
  b.Def("core.HostIP", "An IP address of a node.").F("ip", "string", "The address.").Req();
  b.Def("core.ContainerStatus", "The observed state of one container.")
      .Open()
      .F("allocatedResources", "{}Quantity", "Resources allocated to the container.")
      .F("containerID", "string", "ID of the container in the runtime, as <type>://<id>.")
      .F("image", "string", "Image the container runs.").Req()
      .F("imageID", "string", "ID (digest) of that image.").Req()
      .F("lastState", "core.ContainerState", "State of the previous run, if any.")
      .F("name", "string", "Name of the container.").Req()
      .F("ready", "boolean", "Whether the container passes its readiness probe.").Req()
      .F("resources", "core.ResourceRequirements", "Resources the runtime applied.")
      .F("restartCount", "integer", "Number of restarts.").Req()
      .F("started", "boolean", "Whether the container passed its startup probe.")
      .F("state", "core.ContainerState", "Current state.");
  b.Def("core.ContainerState", "Exactly one of waiting, running or terminated.")
      .F("running", "core.ContainerStateRunning", "The container is running.")
      .F("terminated", "core.ContainerStateTerminated", "The container has exited.")
      .F("waiting", "core.ContainerStateWaiting", "The container is not running yet.");
  b.Def("core.ContainerStateRunning", "A running container.")
      .F("startedAt", "meta.Time", "When it (re)started.");
  b.Def("core.ContainerStateWaiting", "A waiting container.")
      .F("message", "string", "Why it is waiting.")
      .F("reason", "string", "Short reason, such as ImagePullBackOff or ContainerCreating.");
  b.Def("core.ContainerStateTerminated", "An exited container.")
      .F("containerID", "string", "ID of the container.")
      .F("exitCode", "integer", "Exit status of the last run.").Req()
      .F("finishedAt", "meta.Time", "When it exited.")
      .F("message", "string", "Termination message.")
      .F("reason", "string", "Short reason, such as Completed or OOMKilled.")
      .F("signal", "integer", "Signal that ended it, if any.")
      .F("startedAt", "meta.Time", "When it started.");
}

}  // namespace k1s::openapi
