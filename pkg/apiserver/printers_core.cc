// core/v1 kinds other than pods, events and volumes.
#include <algorithm>
#include <set>

#include "pkg/apiserver/printers.h"

namespace k1s::apiserver::printers {
namespace {

std::string OrNone(std::string s) { return s.empty() ? "<none>" : s; }

std::vector<std::string> Strings(const Json& list) {
  std::vector<std::string> out;
  if (list.is_array()) {
    for (const Json& v : list) out.push_back(Str(v));
  }
  return out;
}

// loadBalancerStatusStringer (wide): distinct IPs or hostnames, sorted.
std::string LoadBalancerIngress(const Json& ingress) {
  std::set<std::string> found;
  if (ingress.is_array()) {
    for (const Json& i : ingress) {
      std::string ip = Str(At(i, {"ip"})), host = Str(At(i, {"hostname"}));
      if (!ip.empty()) {
        found.insert(ip);
      } else if (!host.empty()) {
        found.insert(host);
      }
    }
  }
  return Join({found.begin(), found.end()}, ",");
}

// Absent type and protocol read as the defaults the registry would have set.
std::string ServiceType(const Json& svc) {
  std::string type = Str(At(svc, {"spec", "type"}));
  return type.empty() ? "ClusterIP" : type;
}

std::string ServiceExternalIP(const Json& svc) {
  const std::string type = ServiceType(svc);
  const std::vector<std::string> external = Strings(At(svc, {"spec", "externalIPs"}));
  if (type == "ClusterIP" || type == "NodePort")
    return external.empty() ? "<none>" : Join(external, ",");
  if (type == "LoadBalancer") {
    const std::string lb = LoadBalancerIngress(At(svc, {"status", "loadBalancer", "ingress"}));
    if (!external.empty()) return lb.empty() ? Join(external, ",") : lb + "," + Join(external, ",");
    return lb.empty() ? "<pending>" : lb;
  }
  if (type == "ExternalName") return Str(At(svc, {"spec", "externalName"}));
  return "<unknown>";
}

std::string ServicePorts(const Json& svc) {
  std::vector<std::string> parts;
  const Json& ports = At(svc, {"spec", "ports"});
  if (ports.is_array()) {
    for (const Json& p : ports) {
      std::string protocol = Str(At(p, {"protocol"}));
      if (protocol.empty()) protocol = "TCP";
      const int64_t node_port = Int(At(p, {"nodePort"}));
      std::string s = std::to_string(Int(At(p, {"port"})));
      if (node_port > 0) s += ":" + std::to_string(node_port);
      parts.push_back(s + "/" + protocol);
    }
  }
  return OrNone(Join(parts, ","));
}

std::optional<Json> ServiceCell(std::string_view col, const Json& svc) {
  if (col == "Type") return ServiceType(svc);
  if (col == "Cluster-IP") {
    // Defaulting fills clusterIPs from clusterIP; read either.
    const Json& ips = At(svc, {"spec", "clusterIPs"});
    if (ips.is_array() && !ips.empty()) return Str(ips[0]);
    return OrNone(Str(At(svc, {"spec", "clusterIP"})));
  }
  if (col == "External-IP") return ServiceExternalIP(svc);
  if (col == "Port(s)") return ServicePorts(svc);
  if (col == "Selector") return FormatLabels(At(svc, {"spec", "selector"}));
  return std::nullopt;
}

// net.JoinHostPort.
std::string HostPort(const std::string& host, int64_t port) {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

// formatEndpoints: up to three "ip:port", then " + N more...".
std::string FormatEndpoints(const Json& endpoints) {
  const Json& subsets = At(endpoints, {"subsets"});
  if (Len(subsets) == 0 || !subsets.is_array()) return "<none>";
  constexpr size_t kMax = 3;
  std::vector<std::string> list;
  bool more = false;
  int64_t count = 0;
  for (const Json& ss : subsets) {
    const Json& addresses = At(ss, {"addresses"});
    const Json& ports = At(ss, {"ports"});
    const size_t n = addresses.is_array() ? addresses.size() : 0;
    if (Len(ports) == 0 || !ports.is_array()) {
      count += static_cast<int64_t>(n);
      for (size_t i = 0; i < n; ++i) {
        if (list.size() == kMax) {
          more = true;
          break;
        }
        list.push_back(Str(At(addresses[i], {"ip"})));
      }
      continue;
    }
    for (const Json& port : ports) {
      count += static_cast<int64_t>(n);
      for (size_t i = 0; i < n; ++i) {
        if (list.size() == kMax) {
          more = true;
          break;
        }
        list.push_back(HostPort(Str(At(addresses[i], {"ip"})), Int(At(port, {"port"}))));
      }
    }
  }
  std::string out = Join(list, ",");
  if (more) out += " + " + std::to_string(count - static_cast<int64_t>(kMax)) + " more...";
  return out;
}

std::string NodeStatus(const Json& node) {
  std::vector<std::string> status;
  const Json& ready = Condition(At(node, {"status", "conditions"}), "Ready");
  if (ready.is_object())
    status.push_back(Str(At(ready, {"status"})) == "True" ? "Ready" : "NotReady");
  if (status.empty()) status.push_back("Unknown");
  if (Bool(At(node, {"spec", "unschedulable"}))) status.push_back("SchedulingDisabled");
  return Join(status, ",");
}

std::string NodeRoles(const Json& node) {
  static constexpr std::string_view kPrefix = "node-role.kubernetes.io/";
  std::set<std::string> roles;
  const Json& labels = At(node, {"metadata", "labels"});
  if (labels.is_object()) {
    for (auto it = labels.begin(); it != labels.end(); ++it) {
      const std::string& key = it.key();
      if (key.starts_with(kPrefix)) {
        if (key.size() > kPrefix.size()) roles.insert(key.substr(kPrefix.size()));
      } else if (key == "kubernetes.io/role" && !Str(*it).empty()) {
        roles.insert(Str(*it));
      }
    }
  }
  return OrNone(Join({roles.begin(), roles.end()}, ","));
}

std::string NodeAddress(const Json& node, std::string_view type) {
  const Json& addresses = At(node, {"status", "addresses"});
  if (addresses.is_array()) {
    for (const Json& a : addresses) {
      if (Str(At(a, {"type"})) == type) return Str(At(a, {"address"}));
    }
  }
  return "<none>";
}

std::optional<Json> NodeCell(std::string_view col, const Json& node) {
  const Json& info = At(node, {"status", "nodeInfo"});
  auto known = [](std::string s) { return s.empty() ? std::string("<unknown>") : s; };
  if (col == "Status") return NodeStatus(node);
  if (col == "Roles") return NodeRoles(node);
  if (col == "Version") return Str(At(info, {"kubeletVersion"}));
  if (col == "Internal-IP") return NodeAddress(node, "InternalIP");
  if (col == "External-IP") return NodeAddress(node, "ExternalIP");
  if (col == "OS-Image") return known(Str(At(info, {"osImage"})));
  if (col == "Kernel-Version") return known(Str(At(info, {"kernelVersion"})));
  if (col == "Container-Runtime") return known(Str(At(info, {"containerRuntimeVersion"})));
  return std::nullopt;
}

// printResourceQuota: "resource: used/hard, ..." with limits.* in LIMIT.
std::string QuotaColumn(const Json& quota, bool limits) {
  std::vector<std::string> parts;
  const Json& hard = At(quota, {"status", "hard"});
  if (hard.is_object()) {
    for (auto it = hard.begin(); it != hard.end(); ++it) {  // sorted by name
      const std::string& name = it.key();
      const size_t dot = name.find('.');
      const bool is_limit = dot != std::string::npos && name.substr(0, dot) == "limits";
      if (is_limit != limits) continue;
      const Json& used = At(quota, {"status", "used"});
      const Json& used_q = used.is_object() && used.contains(name) ? used[name] : Json();
      parts.push_back(name + ": " + QuantityString(used_q) + "/" + QuantityString(*it));
    }
  }
  return Join(parts, ", ");
}

std::optional<Json> ComponentStatusCell(std::string_view col, const Json& cs) {
  const Json& healthy = Condition(At(cs, {"conditions"}), "Healthy");
  if (col == "Status") {
    if (!healthy.is_object()) return "Unknown";
    return Str(At(healthy, {"status"})) == "True" ? "Healthy" : "Unhealthy";
  }
  if (col == "Message") return Str(At(healthy, {"message"}));
  if (col == "Error") return Str(At(healthy, {"error"}));
  return std::nullopt;
}

// A Secret's data keys; stringData (merged into data on write) counts too.
int64_t SecretDataCount(const Json& secret) {
  std::set<std::string> keys;
  for (const char* field : {"data", "stringData"}) {
    const Json& m = At(secret, {field});
    if (!m.is_object()) continue;
    for (auto it = m.begin(); it != m.end(); ++it) keys.insert(it.key());
  }
  return static_cast<int64_t>(keys.size());
}

}  // namespace

std::optional<Json> CoreCell(const CellRequest& r) {
  const std::string& kind = r.resource.plural;
  const Json& o = r.object;
  const std::string_view col = r.column;
  if (kind == "services") return ServiceCell(col, o);
  if (kind == "nodes") return NodeCell(col, o);
  if (kind == "componentstatuses") return ComponentStatusCell(col, o);
  if (kind == "endpoints" && col == "Endpoints") return FormatEndpoints(o);
  if (kind == "namespaces" && col == "Status") {
    const std::string phase = Str(At(o, {"status", "phase"}));
    return phase.empty() ? "Active" : phase;  // set on create by the registry
  }
  if (kind == "configmaps" && col == "Data")
    return Len(At(o, {"data"})) + Len(At(o, {"binaryData"}));
  if (kind == "secrets" && col == "Type") {
    const std::string type = Str(At(o, {"type"}));
    return type.empty() ? "Opaque" : type;  // the v1 default
  }
  if (kind == "secrets" && col == "Data") return SecretDataCount(o);
  if (kind == "serviceaccounts" && col == "Secrets") return Len(At(o, {"secrets"}));
  if (kind == "resourcequotas" && col == "Request") return QuotaColumn(o, false);
  if (kind == "resourcequotas" && col == "Limit") return QuotaColumn(o, true);
  if (kind == "podtemplates") {
    auto [names, images] = ContainerCells(At(o, {"template", "spec", "containers"}));
    if (col == "Containers") return names;
    if (col == "Images") return images;
    if (col == "Pod Labels") return FormatLabels(At(o, {"template", "metadata", "labels"}));
  }
  if (kind == "replicationcontrollers") {
    if (col == "Desired") return Int(At(o, {"spec", "replicas"}), 1);  // the v1 default
    if (col == "Current") return Int(At(o, {"status", "replicas"}));
    if (col == "Ready") return Int(At(o, {"status", "readyReplicas"}));
    auto [names, images] = ContainerCells(At(o, {"spec", "template", "spec", "containers"}));
    if (col == "Containers") return names;
    if (col == "Images") return images;
    if (col == "Selector") return FormatLabels(At(o, {"spec", "selector"}));
  }
  return std::nullopt;
}

}  // namespace k1s::apiserver::printers
