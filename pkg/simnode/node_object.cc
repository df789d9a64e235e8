#include "pkg/simnode/node_object.h"

#include <functional>

#include "pkg/util/time_format.h"
#include "pkg/util/version.h"

namespace k1s::simnode {
namespace {

// A stable fake identifier for machine-id/system-uuid style fields.
std::string HexId(const std::string& seed, size_t length) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  size_t h = std::hash<std::string>{}(seed);
  while (out.size() < length) {
    h = h * 6364136223846793005ULL + 1442695040888963407ULL;
    out.push_back(kHex[(h >> 59) & 0xf]);
  }
  return out;
}

std::string Uuid(const std::string& seed) {
  std::string h = HexId(seed, 32);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" +
         h.substr(20, 12);
}

Json Condition(const char* type, const char* status, const char* reason, const char* message,
               const std::string& heartbeat, const std::string& transition) {
  return {{"type", type},
          {"status", status},
          {"lastHeartbeatTime", heartbeat},
          {"lastTransitionTime", transition},
          {"reason", reason},
          {"message", message}};
}

}  // namespace

Json BuildNode(const NodeIdentity& node) {
  Json labels = {{"beta.kubernetes.io/arch", "amd64"},
                 {"beta.kubernetes.io/os", "linux"},
                 {"kubernetes.io/arch", "amd64"},
                 {"kubernetes.io/hostname", node.name},
                 {"kubernetes.io/os", "linux"},
                 {"node.kubernetes.io/instance-type", "k1s-simulated"},
                 {"type", "kwok"},
                 {kSimulatedLabel, "true"}};
  Json annotations = {{"node.alpha.kubernetes.io/ttl", "0"},
                      {"volumes.kubernetes.io/controller-managed-attach-detach", "true"},
                      {kSimulatedLabel, "true"}};
  Json spec = {{"podCIDR", node.pod_cidr}, {"podCIDRs", Json::array({node.pod_cidr})}};
  if (node.kind != nullptr) {
    for (const auto& [k, v] : node.kind->labels) labels[k] = v;
    for (const auto& [k, v] : node.kind->annotations) annotations[k] = v;
    if (!node.kind->taints.empty()) spec["taints"] = node.kind->taints;
  }
  return {{"apiVersion", "v1"},
          {"kind", "Node"},
          {"metadata", {{"name", node.name}, {"labels", labels}, {"annotations", annotations}}},
          {"spec", spec}};
}

Json BuildNodeStatus(const NodeIdentity& node, TimePoint registered, TimePoint now) {
  const std::string beat = FormatRfc3339(now);
  const std::string since = FormatRfc3339(registered);
  Json capacity = Json::object();
  Json allocatable = Json::object();
  if (node.kind != nullptr) {
    for (const auto& [k, v] : node.kind->capacity) capacity[k] = v;
    allocatable = capacity;
    for (const auto& [k, v] : node.kind->allocatable) allocatable[k] = v;
  }
  // Kubelet's order; NetworkUnavailable is what a network plugin or the
  // route controller reports, and simulated pod networking is always up.
  Json conditions = Json::array(
      {Condition("NetworkUnavailable", "False", "RouteCreated", "RouteController created a route", beat,
                 since),
       Condition("MemoryPressure", "False", "KubeletHasSufficientMemory",
                 "kubelet has sufficient memory available", beat, since),
       Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", beat,
                 since),
       Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available",
                 beat, since),
       Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", beat, since)});
  const std::string version(KubernetesVersion());
  return {{"capacity", capacity},
          {"allocatable", allocatable},
          {"conditions", conditions},
          {"addresses",
           Json::array({{{"type", "InternalIP"}, {"address", node.internal_ip}},
                        {{"type", "Hostname"}, {"address", node.name}}})},
          {"daemonEndpoints", {{"kubeletEndpoint", {{"Port", 10250}}}}},
          {"nodeInfo",
           {{"machineID", HexId("machine/" + node.name, 32)},
            {"systemUUID", Uuid("system/" + node.name)},
            {"bootID", Uuid("boot/" + node.name + "/" + since)},
            {"kernelVersion", "6.1.0-k1s-simulated"},
            {"osImage", "k1s simulated node"},
            {"containerRuntimeVersion", "k1s-sim://" + std::string(K1sVersion())},
            {"kubeletVersion", version},
            {"kubeProxyVersion", version},
            {"operatingSystem", "linux"},
            {"architecture", "amd64"}}}};
}

Json BuildLease(const std::string& node_name, const std::string& node_uid, TimePoint now) {
  Json meta = {{"name", node_name}, {"namespace", "kube-node-lease"}};
  if (!node_uid.empty()) {
    meta["ownerReferences"] = Json::array(
        {{{"apiVersion", "v1"}, {"kind", "Node"}, {"name", node_name}, {"uid", node_uid}}});
  }
  return {{"apiVersion", "coordination.k8s.io/v1"},
          {"kind", "Lease"},
          {"metadata", meta},
          {"spec",
           {{"holderIdentity", node_name},
            {"leaseDurationSeconds", kLeaseDuration.count()},
            {"renewTime", FormatRfc3339Micro(now)}}}};
}

}  // namespace k1s::simnode
