#include "pkg/quota/evaluator.h"

#include <algorithm>
#include <set>

#include "pkg/util/time_format.h"

namespace k1s::quota {

namespace {

const Json& Field(const Json& object, std::initializer_list<const char*> path) {
  static const Json kNull;
  const Json* cur = &object;
  for (const char* key : path) {
    if (!cur->is_object()) return kNull;
    auto it = cur->find(key);
    if (it == cur->end()) return kNull;
    cur = &*it;
  }
  return *cur;
}

// The array at `path`, or an empty one.
const Json& ArrayField(const Json& object, std::initializer_list<const char*> path) {
  static const Json kEmpty = Json::array();
  const Json& v = Field(object, path);
  return v.is_array() ? v : kEmpty;
}

std::string StringField(const Json& object, std::initializer_list<const char*> path) {
  const Json& v = Field(object, path);
  return v.is_string() ? v.get<std::string>() : std::string();
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

constexpr std::string_view kRequestsPrefix = "requests.";
constexpr std::string_view kHugePagesPrefix = "hugepages-";
constexpr std::string_view kStorageClassSuffix = ".storageclass.storage.k8s.io/";

// The names the pod evaluator counts besides the prefixed ones.
const std::set<std::string, std::less<>> kPodResources = {
    "count/pods",      "cpu",           "memory",         "ephemeral-storage", "requests.cpu", "requests.memory",
    "requests.ephemeral-storage",       "limits.cpu",     "limits.memory",     "limits.ephemeral-storage",
    "pods"};
const std::set<std::string, std::less<>> kServiceResources = {"count/services", "services", "services.loadbalancers",
                                                              "services.nodeports"};
const std::set<std::string, std::less<>> kPvcResources = {"count/persistentvolumeclaims", "persistentvolumeclaims",
                                                          "requests.storage"};
// The object counts quota had before count/<resource>: their old names.
const std::map<std::string, std::string, std::less<>> kLegacyCountNames = {
    {"configmaps", "configmaps"},
    {"resourcequotas", "resourcequotas"},
    {"replicationcontrollers", "replicationcontrollers"},
    {"secrets", "secrets"}};

// helper.IsNativeResource: no domain, or a kubernetes.io one.
bool IsNativeResource(std::string_view name) {
  return name.find('/') == std::string_view::npos || name.find("kubernetes.io/") != std::string_view::npos;
}

// An extended resource a container may request ("example.com/gpu").
bool IsExtendedResourceName(std::string_view name) {
  return !IsNativeResource(name) && !StartsWith(name, kRequestsPrefix);
}

// How quota names an extended resource: "requests.example.com/gpu".
bool IsExtendedResourceNameForQuota(std::string_view name) {
  return !IsNativeResource(name) && StartsWith(name, kRequestsPrefix);
}

std::string CountName(const GroupResource& gr) { return "count/" + gr.ToString(); }

// --- pods -----------------------------------------------------------------

ResourceList ContainerList(const Json& container, const char* which) {
  return ParseResourceList(Field(container, {"resources", which}));
}

// maxResourceList: each quantity of `other` that is larger replaces ours.
void MaxInto(ResourceList& list, const ResourceList& other) {
  for (const auto& [name, q] : other) {
    auto it = list.find(name);
    if (it == list.end()) {
      list.emplace(name, q);
    } else if (q.Cmp(it->second) > 0) {
      it->second = q;
    }
  }
}

bool IsRestartableInit(const Json& container) { return StringField(container, {"restartPolicy"}) == "Always"; }

// resourcehelper.PodRequests / PodLimits: the containers' sum, or an init
// container's (with the sidecars started before it) when that is larger;
// sidecars run alongside and add up; overhead on top.
ResourceList PodResources(const Json& pod, const char* which) {
  const bool limits = std::string_view(which) == "limits";
  ResourceList total;
  const Json& spec = Field(pod, {"spec"});
  for (const Json& c : ArrayField(spec, {"containers"})) {
    total = Add(total, ContainerList(c, which));
  }
  ResourceList sidecars;
  ResourceList init;
  for (const Json& c : ArrayField(spec, {"initContainers"})) {
    ResourceList own = ContainerList(c, which);
    ResourceList effective;
    if (IsRestartableInit(c)) {
      total = Add(total, own);
      sidecars = Add(sidecars, own);
      effective = sidecars;
    } else {
      effective = Add(own, sidecars);
    }
    MaxInto(init, effective);
  }
  MaxInto(total, init);
  const ResourceList overhead = ParseResourceList(Field(spec, {"overhead"}));
  if (!limits) return Add(total, overhead);
  for (const auto& [name, q] : overhead) {
    if (auto it = total.find(name); it != total.end()) it->second.Add(q);
  }
  return total;
}

// podComputeUsageHelper.
ResourceList ComputeUsage(const ResourceList& requests, const ResourceList& limits) {
  ResourceList result;
  result["pods"] = Quantity::Units(1);
  for (const char* r : {"cpu", "memory", "ephemeral-storage"}) {
    if (auto it = requests.find(r); it != requests.end()) {
      result[r] = it->second;
      result[std::string(kRequestsPrefix) + r] = it->second;
    }
    if (auto it = limits.find(r); it != limits.end()) result[std::string("limits.") + r] = it->second;
  }
  for (const auto& [name, q] : requests) {
    if (StartsWith(name, kHugePagesPrefix)) {
      result[name] = q;
      result[std::string(kRequestsPrefix) + name] = q;
    }
    if (IsExtendedResourceName(name)) result[std::string(kRequestsPrefix) + name] = q;
  }
  return result;
}

bool IsTerminating(const Json& pod) {
  const Json& deadline = Field(pod, {"spec", "activeDeadlineSeconds"});
  return deadline.is_number_integer() && deadline.get<int64_t>() >= 0;
}

// QoS class BestEffort: no container asks for or is limited to any cpu or
// memory.
bool IsBestEffort(const Json& pod) {
  const Json& spec = Field(pod, {"spec"});
  for (const char* list : {"containers", "initContainers"}) {
    const Json& containers = Field(spec, {list});
    if (!containers.is_array()) continue;
    for (const Json& c : containers) {
      for (const char* which : {"requests", "limits"}) {
        const ResourceList r = ContainerList(c, which);
        for (const char* name : {"cpu", "memory"}) {
          if (auto it = r.find(name); it != r.end() && it->second.Sign() > 0) return false;
        }
      }
    }
  }
  return true;
}

bool CrossNamespaceTerm(const Json& term) {
  const Json& namespaces = Field(term, {"namespaces"});
  if (namespaces.is_array() && !namespaces.empty()) return true;
  const Json& selector = Field(term, {"namespaceSelector"});
  return !selector.is_null();
}

bool UsesCrossNamespacePodAffinity(const Json& pod) {
  for (const char* kind : {"podAffinity", "podAntiAffinity"}) {
    const Json& affinity = Field(pod, {"spec", "affinity", kind});
    if (!affinity.is_object()) continue;
    const Json& required = Field(affinity, {"requiredDuringSchedulingIgnoredDuringExecution"});
    if (required.is_array()) {
      for (const Json& term : required) {
        if (CrossNamespaceTerm(term)) return true;
      }
    }
    const Json& preferred = Field(affinity, {"preferredDuringSchedulingIgnoredDuringExecution"});
    if (preferred.is_array()) {
      for (const Json& weighted : preferred) {
        if (CrossNamespaceTerm(Field(weighted, {"podAffinityTerm"}))) return true;
      }
    }
  }
  return false;
}

// The PriorityClass scope as a label selector over {PriorityClass: <name>}
// (no label when the pod names no class).
bool MatchesPriorityClass(const ScopeRequirement& scope, const Json& pod) {
  const std::string name = StringField(pod, {"spec", "priorityClassName"});
  const bool in_values = std::find(scope.values.begin(), scope.values.end(), name) != scope.values.end();
  if (scope.op == "In") return !name.empty() && in_values;
  if (scope.op == "NotIn") return name.empty() || !in_values;
  if (scope.op == "DoesNotExist") return name.empty();
  return !name.empty();  // Exists
}

bool PodMatchesScope(const ScopeRequirement& scope, const Json& pod) {
  if (scope.scope == "Terminating") return IsTerminating(pod);
  if (scope.scope == "NotTerminating") return !IsTerminating(pod);
  if (scope.scope == "BestEffort") return IsBestEffort(pod);
  if (scope.scope == "NotBestEffort") return !IsBestEffort(pod);
  if (scope.scope == "PriorityClass") return MatchesPriorityClass(scope, pod);
  if (scope.scope == "CrossNamespacePodAffinity") return UsesCrossNamespacePodAffinity(pod);
  return false;
}

ResourceList PodUsage(const Json& pod, TimePoint now) {
  ResourceList result;
  // count/pods counts every stored pod; the rest only pods still running.
  result["count/pods"] = Quantity::Units(1);
  if (!IsPodCharged(pod, now)) return result;
  return Add(result, ComputeUsage(PodResources(pod, "requests"), PodResources(pod, "limits")));
}

// --- services -------------------------------------------------------------

ResourceList ServiceUsage(const Json& service) {
  ResourceList result;
  result["count/services"] = Quantity::Units(1);
  result["services"] = Quantity::Units(1);
  result["services.loadbalancers"] = Quantity();
  result["services.nodeports"] = Quantity();
  const Json& ports = ArrayField(service, {"spec", "ports"});
  const int64_t port_count = static_cast<int64_t>(ports.size());
  const std::string type = StringField(service, {"spec", "type"});
  if (type == "NodePort") {
    result["services.nodeports"] = Quantity::Units(port_count);
  } else if (type == "LoadBalancer") {
    const Json& allocate = Field(service, {"spec", "allocateLoadBalancerNodePorts"});
    if (allocate.is_boolean() && !allocate.get<bool>()) {
      // Without node port allocation only explicitly chosen ports count.
      int64_t chosen = 0;
      for (const Json& p : ports) {
        const Json& node_port = Field(p, {"nodePort"});
        if (node_port.is_number_integer() && node_port.get<int64_t>() != 0) ++chosen;
      }
      result["services.nodeports"] = Quantity::Units(chosen);
    } else {
      result["services.nodeports"] = Quantity::Units(port_count);
    }
    result["services.loadbalancers"] = Quantity::Units(1);
  }
  return result;
}

// --- persistentvolumeclaims -------------------------------------------------

std::string ClaimStorageClass(const Json& pvc) {
  const Json& annotation = Field(pvc, {"metadata", "annotations", "volume.beta.kubernetes.io/storage-class"});
  if (annotation.is_string()) return annotation.get<std::string>();
  return StringField(pvc, {"spec", "storageClassName"});
}

ResourceList PvcUsage(const Json& pvc) {
  ResourceList result;
  result["persistentvolumeclaims"] = Quantity::Units(1);
  result["count/persistentvolumeclaims"] = Quantity::Units(1);
  const std::string storage_class = ClaimStorageClass(pvc);
  const std::string by_class = storage_class + std::string(kStorageClassSuffix);
  if (!storage_class.empty()) result[by_class + "persistentvolumeclaims"] = Quantity::Units(1);
  auto requested = Quantity::FromJson(Field(pvc, {"spec", "resources", "requests", "storage"}));
  if (!requested) return result;
  // Whole bytes; a larger size the volume already got counts instead.
  Quantity storage = requested->RoundedUp();
  if (auto allocated = Quantity::FromJson(Field(pvc, {"status", "allocatedResources", "storage"}));
      allocated && allocated->Cmp(storage) > 0) {
    storage = allocated->RoundedUp();
  }
  result["requests.storage"] = storage;
  if (!storage_class.empty()) result[by_class + "requests.storage"] = storage;
  return result;
}

}  // namespace

bool IsIgnoredResource(const GroupResource& gr) {
  static const std::set<GroupResource> kIgnored = {
      {"", "bindings"},
      {"", "componentstatuses"},
      {"", "events"},
      {"events.k8s.io", "events"},
      {"authentication.k8s.io", "tokenreviews"},
      {"authentication.k8s.io", "selfsubjectreviews"},
      {"authorization.k8s.io", "subjectaccessreviews"},
      {"authorization.k8s.io", "selfsubjectaccessreviews"},
      {"authorization.k8s.io", "localsubjectaccessreviews"},
      {"authorization.k8s.io", "selfsubjectrulesreviews"},
  };
  return kIgnored.contains(gr);
}

std::optional<GroupResource> TrackedGroupResource(std::string_view name) {
  if (kPodResources.contains(name) || StartsWith(name, kHugePagesPrefix) ||
      StartsWith(name, std::string(kRequestsPrefix) + std::string(kHugePagesPrefix)) ||
      IsExtendedResourceNameForQuota(name)) {
    return GroupResource{"", "pods"};
  }
  if (kServiceResources.contains(name)) return GroupResource{"", "services"};
  if (kPvcResources.contains(name)) return GroupResource{"", "persistentvolumeclaims"};
  for (const char* resource : {"persistentvolumeclaims", "requests.storage"}) {
    if (EndsWith(name, std::string(kStorageClassSuffix) + resource)) {
      return GroupResource{"", "persistentvolumeclaims"};
    }
  }
  if (auto it = kLegacyCountNames.find(name); it != kLegacyCountNames.end()) return GroupResource{"", it->second};
  if (StartsWith(name, "count/") && name.size() > 6) {
    const std::string_view rest = name.substr(6);
    const size_t dot = rest.find('.');
    GroupResource gr{dot == std::string_view::npos ? "" : std::string(rest.substr(dot + 1)),
                     std::string(rest.substr(0, dot))};
    if (gr.resource.empty() || IsIgnoredResource(gr)) return std::nullopt;
    return gr;
  }
  return std::nullopt;
}

bool IsPodCharged(const Json& pod, TimePoint now) {
  const std::string phase = StringField(pod, {"status", "phase"});
  if (phase == "Succeeded" || phase == "Failed") return false;
  const Json& grace = Field(pod, {"metadata", "deletionGracePeriodSeconds"});
  const auto deleted = ParseRfc3339(StringField(pod, {"metadata", "deletionTimestamp"}));
  if (deleted && grace.is_number_integer()) {
    // A pod stuck terminating (its node is gone) stops counting once its
    // grace period is over.
    if (now > *deleted + std::chrono::seconds(grace.get<int64_t>())) return false;
  }
  return true;
}

ResourceNames Evaluator::MatchingResources(const ResourceNames& names) const {
  ResourceNames out;
  for (const std::string& n : names) {
    if (auto gr = TrackedGroupResource(n); gr && *gr == gr_) out.push_back(n);
  }
  return out;
}

bool Evaluator::MatchesScope(const ScopeRequirement& scope, const Json& object) const {
  return is_pods() && PodMatchesScope(scope, object);
}

std::optional<std::string> Evaluator::Constraints(const ResourceNames& required, const Json& object) const {
  if (!is_pods()) return std::nullopt;
  // Only cpu and memory: a mistake Kubernetes keeps for compatibility and
  // never repeated for other resources.
  static const std::set<std::string> kValidation = {"cpu",          "memory",     "requests.cpu",
                                                    "requests.memory", "limits.cpu", "limits.memory"};
  std::set<std::string> required_set;
  for (const std::string& r : required) {
    if (kValidation.contains(r)) required_set.insert(r);
  }
  if (required_set.empty()) return std::nullopt;
  std::map<std::string, std::set<std::string>> missing;  // resource -> container names
  const Json& spec = Field(object, {"spec"});
  for (const char* list : {"containers", "initContainers"}) {
    const Json& containers = Field(spec, {list});
    if (!containers.is_array()) continue;
    for (const Json& c : containers) {
      const ResourceList usage = ComputeUsage(ContainerList(c, "requests"), ContainerList(c, "limits"));
      for (const std::string& r : required_set) {
        if (!usage.contains(r)) missing[r].insert(StringField(c, {"name"}));
      }
    }
  }
  if (missing.empty()) return std::nullopt;
  std::string message = "must specify ";
  bool first = true;
  for (const auto& [resource, names] : missing) {
    if (!first) message += "; ";
    first = false;
    message += resource + " for: ";
    bool first_name = true;
    for (const std::string& n : names) {
      if (!first_name) message += ",";
      first_name = false;
      message += n;
    }
  }
  return message;
}

ResourceList Evaluator::Usage(const Json& object, TimePoint now) const {
  if (is_pods()) return PodUsage(object, now);
  if (gr_.group.empty() && gr_.resource == "services") return ServiceUsage(object);
  if (gr_.group.empty() && gr_.resource == "persistentvolumeclaims") return PvcUsage(object);
  ResourceList result;
  result[CountName(gr_)] = Quantity::Units(1);
  if (gr_.group.empty()) {
    if (auto it = kLegacyCountNames.find(gr_.resource); it != kLegacyCountNames.end()) {
      result[it->first] = Quantity::Units(1);
    }
  }
  return result;
}

ResourceList Evaluator::UsageStats(const ResourceNames& resources, const std::vector<ScopeRequirement>& scopes,
                                   const std::vector<const Json*>& objects, TimePoint now) const {
  ResourceList used;
  for (const std::string& r : resources) used.emplace(r, Quantity());
  for (const Json* object : objects) {
    bool in_scope = true;
    for (const ScopeRequirement& s : scopes) in_scope = in_scope && MatchesScope(s, *object);
    if (in_scope) used = Add(used, Usage(*object, now));
  }
  return Mask(used, resources);
}

std::vector<ScopeRequirement> QuotaScopes(const Json& quota) {
  std::vector<ScopeRequirement> out;
  const Json& scopes = Field(quota, {"spec", "scopes"});
  if (scopes.is_array()) {
    for (const Json& s : scopes) {
      if (s.is_string()) out.push_back({s.get<std::string>(), "Exists", {}});
    }
  }
  const Json& expressions = Field(quota, {"spec", "scopeSelector", "matchExpressions"});
  if (expressions.is_array()) {
    for (const Json& e : expressions) {
      ScopeRequirement r{StringField(e, {"scopeName"}), StringField(e, {"operator"}), {}};
      const Json& values = Field(e, {"values"});
      if (values.is_array()) {
        for (const Json& v : values) {
          if (v.is_string()) r.values.push_back(v.get<std::string>());
        }
      }
      out.push_back(std::move(r));
    }
  }
  return out;
}

bool Matches(const Json& quota, const Evaluator& evaluator, const Json& object) {
  ResourceNames hard;
  const Json& status_hard = Field(quota, {"status", "hard"});
  if (status_hard.is_object()) {
    for (auto it = status_hard.begin(); it != status_hard.end(); ++it) hard.push_back(it.key());
  }
  if (evaluator.MatchingResources(hard).empty()) return false;
  for (const ScopeRequirement& s : QuotaScopes(quota)) {
    if (!evaluator.MatchesScope(s, object)) return false;
  }
  return true;
}

}  // namespace k1s::quota
