#include "pkg/apiserver/service_fields.h"

#include <algorithm>
#include <map>
#include <set>

#include "pkg/apiserver/field_errors.h"
#include "pkg/apiserver/ip_range.h"

namespace k1s::apiserver::service_fields {

namespace {

std::string Text(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int Int(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<int>() : 0;
}

Json* Ports(Json& spec) {
  auto it = spec.find("ports");
  return it != spec.end() && it->is_array() ? &*it : nullptr;
}

bool SelectorEmpty(const Json& spec) {
  auto it = spec.find("selector");
  return it == spec.end() || !it->is_object() || it->empty();
}

std::string FamilyOf(const std::string& ip) {
  auto parsed = ParseIp(ip);
  return parsed && parsed->v6 ? "IPv6" : "IPv4";
}

std::string Idx(const std::string& field, size_t i) {
  return field + "[" + std::to_string(i) + "]";
}

bool ExternallyAccessible(const Json& spec) {
  const std::string type = Type(spec);
  if (type == "NodePort" || type == "LoadBalancer") return true;
  return type == "ClusterIP" && !Strings(spec, "externalIPs").empty();
}

std::string JsonTypeName(const Json& v) {
  if (v.is_string()) return "string";
  if (v.is_boolean()) return "bool";
  if (v.is_array()) return "array";
  if (v.is_object()) return "object";
  return "number " + v.dump();
}

Status ShapeError(const Json& value, const std::string& go_field, const std::string& go_type) {
  return Status::BadRequest(
      "Service in version \"v1\" cannot be handled as a Service: json: cannot unmarshal " +
      JsonTypeName(value) + " into Go struct field " + go_field + " of type " + go_type);
}

bool IsInt32(const Json& v) {
  if (!v.is_number_integer()) return false;
  if (v.is_number_unsigned()) return v.get<uint64_t>() <= 2147483647u;
  const int64_t n = v.get<int64_t>();
  return n >= -2147483648LL && n <= 2147483647LL;
}

std::vector<StatusCause> ValidateClusterIpsRelated(const Json& spec) {
  std::vector<StatusCause> causes;
  const std::string cluster_ip = Text(spec, "clusterIP");
  const std::vector<std::string> ips = Strings(spec, "clusterIPs");
  const std::vector<std::string> families = Strings(spec, "ipFamilies");
  if (!cluster_ip.empty()) {
    if (ips.empty()) {
      causes.push_back(FieldRequired("spec.clusterIPs"));
    } else if (ips[0] != cluster_ip) {
      causes.push_back(
          FieldInvalid("spec.clusterIPs", GoStrings(ips), "first value must match `clusterIP`"));
    }
  } else if (!ips.empty()) {
    causes.push_back(FieldInvalid("spec.clusterIPs", GoStrings(ips),
                                  "must be empty when `clusterIP` is not specified"));
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < families.size(); ++i) {
    if (families[i] != "IPv4" && families[i] != "IPv6") {
      causes.push_back(FieldNotSupported(Idx("spec.ipFamilies", i), families[i], {"IPv4", "IPv6"}));
    }
    if (!seen.insert(families[i]).second) {
      causes.push_back(FieldDuplicate(Idx("spec.ipFamilies", i), families[i]));
    }
  }
  const std::string policy = Text(spec, "ipFamilyPolicy");
  if (!policy.empty() && policy != "SingleStack" && policy != "PreferDualStack" &&
      policy != "RequireDualStack") {
    causes.push_back(FieldNotSupported("spec.ipFamilyPolicy", policy,
                                       {"PreferDualStack", "RequireDualStack", "SingleStack"}));
  }
  bool bad_ips = false;
  for (size_t i = 0; i < ips.size(); ++i) {
    if (i == 0 && ips[i] == "None") {
      if (ips.size() > 1) {
        bad_ips = true;
        causes.push_back(FieldInvalid("spec.clusterIPs", GoStrings(ips),
                                      "'None' must be the first and only value"));
      }
      continue;
    }
    if (!ParseIp(ips[i])) {
      bad_ips = true;
      causes.push_back(
          FieldInvalid(Idx("spec.clusterIPs", i), GoQuoted(ips[i]),
                       "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
    }
  }
  if (ips.size() > 2) {
    causes.push_back(
        FieldInvalid("spec.clusterIPs", GoStrings(ips), "may only hold up to 2 values"));
  }
  if (bad_ips) return causes;
  if (ips.size() == 2 && FamilyOf(ips[0]) == FamilyOf(ips[1])) {
    causes.push_back(FieldInvalid("spec.clusterIPs", GoStrings(ips),
                                  "may specify no more than one IP for each IP family"));
  }
  if (!IsHeadless(spec)) {
    for (size_t i = 0; i < ips.size() && i < families.size(); ++i) {
      if (FamilyOf(ips[i]) != families[i]) {
        causes.push_back(FieldInvalid(Idx("spec.clusterIPs", i), GoQuoted(ips[i]),
                                      "expected an " + families[i] +
                                          " value as indicated by `ipFamilies[" +
                                          std::to_string(i) + "]`"));
      }
    }
  }
  return causes;
}

std::string GoFamilies(const std::vector<std::string>& families) {
  std::string out;
  for (const std::string& f : families) out += (out.empty() ? "" : ", ") + GoQuoted(f);
  return families.empty() ? "[]core.IPFamily(nil)" : "[]core.IPFamily{" + out + "}";
}

}  // namespace

std::string Type(const Json& spec) {
  const std::string type = Text(spec, "type");
  return type.empty() ? "ClusterIP" : type;
}

bool NeedsClusterIp(const Json& spec) { return Type(spec) != "ExternalName"; }

bool NeedsNodePort(const Json& spec) {
  return Type(spec) == "NodePort" || Type(spec) == "LoadBalancer";
}

bool NeedsHealthCheck(const Json& spec) {
  return Type(spec) == "LoadBalancer" && Text(spec, "externalTrafficPolicy") == "Local";
}

bool IsHeadless(const Json& spec) {
  const std::vector<std::string> ips = Strings(spec, "clusterIPs");
  return ips.size() == 1 && ips[0] == "None";
}

bool AllocatesNodePorts(const Json& spec) {
  if (Type(spec) == "NodePort") return true;
  auto it = spec.find("allocateLoadBalancerNodePorts");
  return Type(spec) == "LoadBalancer" && (it == spec.end() || !it->is_boolean() || it->get<bool>());
}

std::vector<std::string> Strings(const Json& spec, const char* key) {
  std::vector<std::string> out;
  auto it = spec.find(key);
  if (it == spec.end() || !it->is_array()) return out;
  for (const Json& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

std::vector<int> NodePorts(const Json& spec) {
  std::vector<int> out;
  auto it = spec.find("ports");
  if (it == spec.end() || !it->is_array()) return out;
  for (const Json& port : *it) {
    const int n = port.is_object() ? Int(port, "nodePort") : 0;
    if (n != 0 && std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  }
  return out;
}

Status CheckShapes(const Json& service) {
  auto spec_it = service.find("spec");
  if (spec_it == service.end() || spec_it->is_null()) return Status::Ok();
  if (!spec_it->is_object()) return ShapeError(*spec_it, "Service.spec", "v1.ServiceSpec");
  const Json& spec = *spec_it;
  const std::pair<const char*, const char*> strings[] = {
      {"type", "v1.ServiceType"},
      {"clusterIP", "string"},
      {"ipFamilyPolicy", "v1.IPFamilyPolicy"},
      {"externalTrafficPolicy", "v1.ServiceExternalTrafficPolicy"},
      {"externalName", "string"}};
  for (const auto& [key, go_type] : strings) {
    auto it = spec.find(key);
    if (it != spec.end() && !it->is_null() && !it->is_string()) {
      return ShapeError(*it, std::string("ServiceSpec.spec.") + key, go_type);
    }
  }
  for (const char* key : {"clusterIPs", "ipFamilies", "externalIPs"}) {
    auto it = spec.find(key);
    if (it == spec.end() || it->is_null()) continue;
    const std::string field = std::string("ServiceSpec.spec.") + key;
    if (!it->is_array()) return ShapeError(*it, field, "[]string");
    for (const Json& v : *it) {
      if (!v.is_string()) return ShapeError(v, field, "string");
    }
  }
  if (auto it = spec.find("healthCheckNodePort");
      it != spec.end() && !it->is_null() && !IsInt32(*it)) {
    return ShapeError(*it, "ServiceSpec.spec.healthCheckNodePort", "int32");
  }
  if (auto it = spec.find("allocateLoadBalancerNodePorts");
      it != spec.end() && !it->is_null() && !it->is_boolean()) {
    return ShapeError(*it, "ServiceSpec.spec.allocateLoadBalancerNodePorts", "bool");
  }
  auto ports = spec.find("ports");
  if (ports == spec.end() || ports->is_null()) return Status::Ok();
  if (!ports->is_array()) return ShapeError(*ports, "ServiceSpec.spec.ports", "[]v1.ServicePort");
  for (const Json& port : *ports) {
    if (!port.is_object()) return ShapeError(port, "ServiceSpec.spec.ports", "v1.ServicePort");
    for (const char* key : {"port", "nodePort"}) {
      auto it = port.find(key);
      if (it != port.end() && !it->is_null() && !IsInt32(*it)) {
        return ShapeError(*it, std::string("ServicePort.spec.ports.") + key, "int32");
      }
    }
  }
  return Status::Ok();
}

void NormalizeClusterIps(Json& spec, const Json* old_spec) {
  const std::string ip = Text(spec, "clusterIP");
  std::vector<std::string> ips = Strings(spec, "clusterIPs");
  if (old_spec == nullptr) {
    // An old client sets only the singular field.
    if (!ip.empty() && ips.empty()) spec["clusterIPs"] = {ip};
    return;
  }
  const std::string old_ip = Text(*old_spec, "clusterIP");
  const std::vector<std::string> old_ips = Strings(*old_spec, "clusterIPs");
  if (!old_ips.empty() && ips.empty() && old_ip == ip) {
    spec["clusterIPs"] = old_ips;
    ips = old_ips;
  }
  if (old_ip == ip) return;
  if (!old_ip.empty() && ip.empty()) {
    if (ips == old_ips) spec.erase("clusterIPs");
  } else if (ips == old_ips) {
    spec["clusterIPs"] = {ip};
  }
}

void DropTypeDependentFields(Json& spec, const Json& old_spec) {
  auto same = [&](const char* key) {
    auto a = spec.find(key);
    auto b = old_spec.find(key);
    const bool has_a = a != spec.end() && !a->is_null();
    const bool has_b = b != old_spec.end() && !b->is_null();
    return has_a == has_b && (!has_a || *a == *b);
  };
  if (NeedsClusterIp(old_spec) && !NeedsClusterIp(spec)) {
    if (Text(spec, "clusterIP") == Text(old_spec, "clusterIP") &&
        Strings(spec, "clusterIPs") == Strings(old_spec, "clusterIPs")) {
      spec.erase("clusterIP");
      spec.erase("clusterIPs");
    }
    if (same("ipFamilies")) spec.erase("ipFamilies");
    if (Text(spec, "ipFamilyPolicy") == Text(old_spec, "ipFamilyPolicy"))
      spec.erase("ipFamilyPolicy");
  }
  if (NeedsNodePort(old_spec) && !NeedsNodePort(spec)) {
    const std::vector<int> old_ports = NodePorts(old_spec);
    bool only_old = true;
    for (int p : NodePorts(spec)) {
      only_old &= std::find(old_ports.begin(), old_ports.end(), p) != old_ports.end();
    }
    if (Json* ports = Ports(spec); ports != nullptr && only_old) {
      for (Json& port : *ports) {
        if (port.is_object()) port.erase("nodePort");
      }
    }
  }
  if (NeedsHealthCheck(old_spec) && !NeedsHealthCheck(spec) && same("healthCheckNodePort")) {
    spec.erase("healthCheckNodePort");
  }
  if (Type(old_spec) == "LoadBalancer" && Type(spec) != "LoadBalancer" &&
      spec.contains("allocateLoadBalancerNodePorts") && same("allocateLoadBalancerNodePorts")) {
    spec.erase("allocateLoadBalancerNodePorts");
  }
  if (ExternallyAccessible(old_spec) && !ExternallyAccessible(spec) &&
      same("externalTrafficPolicy")) {
    spec.erase("externalTrafficPolicy");
  }
}

void PatchAllocatedValues(Json& spec, const Json& old_spec) {
  if (NeedsClusterIp(old_spec) && NeedsClusterIp(spec)) {
    if (Text(spec, "clusterIP").empty() && !Text(old_spec, "clusterIP").empty()) {
      spec["clusterIP"] = Text(old_spec, "clusterIP");
    }
    if (Strings(spec, "clusterIPs").empty() && !Strings(old_spec, "clusterIPs").empty()) {
      spec["clusterIPs"] = Strings(old_spec, "clusterIPs");
    }
  }
  if (NeedsNodePort(old_spec) && NeedsNodePort(spec)) {
    // Ports kept by number cannot be handed to another port by name.
    std::set<int> used;
    const std::vector<int> now = NodePorts(spec);
    for (int p : NodePorts(old_spec)) {
      if (std::find(now.begin(), now.end(), p) != now.end()) used.insert(p);
    }
    std::map<std::string, int> by_name;
    if (auto it = old_spec.find("ports"); it != old_spec.end() && it->is_array()) {
      for (const Json& port : *it) {
        if (port.is_object()) by_name[Text(port, "name")] = Int(port, "nodePort");
      }
    }
    if (Json* ports = Ports(spec)) {
      for (Json& port : *ports) {
        if (!port.is_object() || Int(port, "nodePort") != 0) continue;
        const int old_port = by_name[Text(port, "name")];
        if (old_port != 0 && !used.contains(old_port)) port["nodePort"] = old_port;
      }
    }
  }
  if (NeedsHealthCheck(old_spec) && NeedsHealthCheck(spec) &&
      Int(spec, "healthCheckNodePort") == 0 && Int(old_spec, "healthCheckNodePort") != 0) {
    spec["healthCheckNodePort"] = Int(old_spec, "healthCheckNodePort");
  }
}

std::vector<StatusCause> ValidateTypeRules(const Json& spec) {
  std::vector<StatusCause> causes;
  const std::string type = Type(spec);
  if (type != "ClusterIP" && type != "NodePort" && type != "LoadBalancer" &&
      type != "ExternalName") {
    causes.push_back(FieldNotSupported("spec.type", type,
                                       {"ClusterIP", "ExternalName", "LoadBalancer", "NodePort"}));
    return causes;
  }
  if (type == "ExternalName") {
    const char* forbidden = "may not be set for ExternalName services";
    if (!Strings(spec, "clusterIPs").empty())
      causes.push_back(FieldForbidden("spec.clusterIPs", forbidden));
    if (!Strings(spec, "ipFamilies").empty())
      causes.push_back(FieldForbidden("spec.ipFamilies", forbidden));
    if (!Text(spec, "ipFamilyPolicy").empty()) {
      causes.push_back(FieldForbidden("spec.ipFamilyPolicy", forbidden));
    }
    std::string external = Text(spec, "externalName");
    if (!external.empty() && external.back() == '.') external.pop_back();
    if (external.empty()) causes.push_back(FieldRequired("spec.externalName"));
  }
  if ((type == "NodePort" || type == "LoadBalancer") && IsHeadless(spec)) {
    causes.push_back(FieldInvalid("spec.clusterIPs[0]", GoQuoted("None"),
                                  "may not be set to 'None' for " + type + " services"));
  }
  if (type == "ClusterIP") {
    if (auto ports = spec.find("ports"); ports != spec.end() && ports->is_array()) {
      for (size_t i = 0; i < ports->size(); ++i) {
        if ((*ports)[i].is_object() && Int((*ports)[i], "nodePort") != 0) {
          causes.push_back(FieldForbidden("spec.ports[" + std::to_string(i) + "].nodePort",
                                          "may not be used when `type` is 'ClusterIP'"));
        }
      }
    }
  }
  return causes;
}

std::vector<StatusCause> InitIpFamilies(Json& spec, const Json* old_spec, const IpRange& range) {
  if (!NeedsClusterIp(spec)) return {};
  const bool headless_selectorless = Text(spec, "clusterIP") == "None" && SelectorEmpty(spec);
  if (Text(spec, "ipFamilyPolicy").empty()) {
    if (old_spec != nullptr && !Text(*old_spec, "ipFamilyPolicy").empty()) {
      spec["ipFamilyPolicy"] = Text(*old_spec, "ipFamilyPolicy");
    } else {
      // Kubernetes makes headless Services without a selector dual-stack.
      spec["ipFamilyPolicy"] = headless_selectorless ? "RequireDualStack" : "SingleStack";
    }
  }
  std::vector<StatusCause> causes = ValidateClusterIpsRelated(spec);
  if (!causes.empty()) return causes;
  const std::string policy = Text(spec, "ipFamilyPolicy");
  const std::vector<std::string> ips = Strings(spec, "clusterIPs");
  std::vector<std::string> families = Strings(spec, "ipFamilies");
  const std::string quoted_policy = GoQuoted(policy);
  if (policy == "SingleStack" && ips.size() == 2) {
    causes.push_back(FieldInvalid("spec.ipFamilyPolicy", quoted_policy,
                                  "must be 'RequireDualStack' or 'PreferDualStack' when multiple "
                                  "cluster IPs are specified"));
  }
  if (policy == "SingleStack" && families.size() == 2) {
    causes.push_back(
        FieldInvalid("spec.ipFamilyPolicy", quoted_policy,
                     "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP "
                     "families are specified"));
  }
  for (size_t i = 0; i < ips.size() && ips[i] != "None"; ++i) {
    if (i < families.size()) continue;
    const std::string family = FamilyOf(ips[i]);
    if (family != range.family()) {
      causes.push_back(FieldInvalid(Idx("spec.clusterIPs", i), GoStrings(ips),
                                    family + " is not configured on this cluster"));
    } else {
      families.push_back(family);
    }
  }
  if (!causes.empty()) return causes;
  if (headless_selectorless) {
    if (families.empty()) families.push_back(range.family());
    if (families.size() < 2 && policy != "SingleStack") {
      families.push_back(families[0] == "IPv4" ? "IPv6" : "IPv4");
    }
    spec["ipFamilies"] = families;
    return {};
  }
  if (policy == "RequireDualStack") {
    causes.push_back(FieldInvalid("spec.ipFamilyPolicy", quoted_policy,
                                  "this cluster is not configured for dual-stack services"));
  }
  for (size_t i = 0; i < families.size(); ++i) {
    if (families[i] != range.family()) {
      causes.push_back(FieldInvalid(Idx("spec.ipFamilies", i), GoQuoted(families[i]),
                                    "not configured on this cluster"));
    }
  }
  if (!causes.empty()) return causes;
  if (families.empty()) families.push_back(range.family());
  spec["ipFamilies"] = families;
  return {};
}

std::vector<StatusCause> ValidateIpUpdate(const Json& spec, const Json& old_spec) {
  std::vector<StatusCause> causes;
  if (!NeedsClusterIp(spec) || !NeedsClusterIp(old_spec)) return causes;
  const bool headless = IsHeadless(spec);
  const bool old_headless = IsHeadless(old_spec);
  const std::vector<std::string> ips = Strings(spec, "clusterIPs");
  const std::vector<std::string> old_ips = Strings(old_spec, "clusterIPs");
  const char* once = "may not change once set";
  if (!(headless && old_headless)) {
    if (ips.size() == old_ips.size()) {
      for (size_t i = 0; i < ips.size(); ++i) {
        if (ips[i] != old_ips[i])
          causes.push_back(FieldInvalid(Idx("spec.clusterIPs", i), GoStrings(ips), once));
      }
    } else if (ips.empty()) {
      causes.push_back(
          FieldInvalid("spec.clusterIPs[0]", GoStrings(ips), "primary clusterIP can not be unset"));
    } else if (!old_ips.empty() && ips[0] != old_ips[0]) {
      causes.push_back(FieldInvalid("spec.clusterIPs[0]", GoStrings(ips), once));
    }
  }
  if (headless != old_headless || headless) return causes;
  const std::vector<std::string> families = Strings(spec, "ipFamilies");
  const std::vector<std::string> old_families = Strings(old_spec, "ipFamilies");
  const size_t common = std::min(families.size(), old_families.size());
  for (size_t i = 0; i < common; ++i) {
    if (families[i] != old_families[i]) {
      causes.push_back(FieldInvalid("spec.ipFamilies[0]", GoFamilies(families), once));
      break;
    }
  }
  return causes;
}

}  // namespace k1s::apiserver::service_fields
