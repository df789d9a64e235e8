// ParsePod / ParseNode: JSON from the informers into the compact structs.
#include <algorithm>

#include "pkg/scheduler/quantity.h"
#include "pkg/scheduler/types.h"
#include "pkg/util/time_format.h"

namespace k1s::scheduler {

namespace {

using client::Json;

const Json& At(const Json& j, const char* key) {
  static const Json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

std::string Str(const Json& j, const char* key) {
  const Json& v = At(j, key);
  return v.is_string() ? v.get<std::string>() : std::string();
}

Labels ReadLabels(const Json& j) {
  Labels out;
  if (!j.is_object()) return out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.value().is_string()) out.emplace(it.key(), it.value().get<std::string>());
  }
  return out;
}

// Reads a resources map (requests, allocatable, overhead).
Resources ReadResources(const Json& j) {
  Resources r;
  if (!j.is_object()) return r;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!it.value().is_string()) continue;
    const std::string& name = it.key();
    const std::string text = it.value().get<std::string>();
    if (name == "cpu") {
      r.milli_cpu = ParseMilliQuantity(text).value_or(0);
    } else if (name == "memory") {
      r.memory = ParseQuantity(text).value_or(0);
    } else if (name == "ephemeral-storage") {
      r.ephemeral_storage = ParseQuantity(text).value_or(0);
    } else if (name == "pods") {
      r.pods = ParseQuantity(text).value_or(0);
    } else if (name.find('/') != std::string::npos || name.rfind("hugepages-", 0) == 0) {
      // Extended resources are counted in whole units.
      r.scalar[name] = ParseQuantity(text).value_or(0);
    }
  }
  return r;
}

Resources ContainerRequests(const Json& container) {
  const Json& res = At(container, "resources");
  // A limit without a request defaults the request (the API server usually
  // fills this in; counting it here keeps us right when it did not).
  Resources r = ReadResources(At(res, "limits"));
  Resources req = ReadResources(At(res, "requests"));
  if (At(At(res, "requests"), "cpu").is_string()) r.milli_cpu = req.milli_cpu;
  if (At(At(res, "requests"), "memory").is_string()) r.memory = req.memory;
  if (At(At(res, "requests"), "ephemeral-storage").is_string()) r.ephemeral_storage = req.ephemeral_storage;
  for (auto& [k, v] : req.scalar) r.scalar[k] = v;
  return r;
}

std::vector<NodeSelectorRequirement> ReadRequirements(const Json& j) {
  std::vector<NodeSelectorRequirement> out;
  if (!j.is_array()) return out;
  for (const Json& e : j) {
    NodeSelectorRequirement r{Str(e, "key"), Str(e, "operator"), {}};
    for (const Json& v : At(e, "values")) {
      if (v.is_string()) r.values.push_back(v.get<std::string>());
    }
    out.push_back(std::move(r));
  }
  return out;
}

NodeSelectorTerm ReadTerm(const Json& j) {
  return {ReadRequirements(At(j, "matchExpressions")), ReadRequirements(At(j, "matchFields"))};
}

std::optional<PodAffinityTerm> ReadPodAffinityTerm(const Json& j) {
  PodAffinityTerm t;
  const Json& sel = At(j, "labelSelector");
  // A term without a selector matches no pod.
  if (sel.is_null()) {
    t.selector = LabelSelector::Nothing();
  } else {
    auto parsed = LabelSelector::FromJson(sel);
    t.selector = parsed.ok() ? *parsed : LabelSelector::Nothing();
  }
  for (const Json& n : At(j, "namespaces")) {
    if (n.is_string()) t.namespaces.push_back(n.get<std::string>());
  }
  if (const Json& ns = At(j, "namespaceSelector"); !ns.is_null()) {
    auto parsed = LabelSelector::FromJson(ns);
    if (parsed.ok()) t.namespace_selector = *parsed;
  }
  t.topology_key = Str(j, "topologyKey");
  return t;
}

void ReadPodAffinity(const Json& j, std::vector<PodAffinityTerm>& required,
                     std::vector<WeightedPodAffinityTerm>& preferred) {
  for (const Json& t : At(j, "requiredDuringSchedulingIgnoredDuringExecution")) {
    if (auto term = ReadPodAffinityTerm(t)) required.push_back(std::move(*term));
  }
  for (const Json& t : At(j, "preferredDuringSchedulingIgnoredDuringExecution")) {
    auto term = ReadPodAffinityTerm(At(t, "podAffinityTerm"));
    if (term) preferred.push_back({At(t, "weight").is_number() ? At(t, "weight").get<int32_t>() : 0, *term});
  }
}

void ReadAffinity(const Json& affinity, Pod& p) {
  const Json& na = At(affinity, "nodeAffinity");
  if (const Json& req = At(na, "requiredDuringSchedulingIgnoredDuringExecution"); req.is_object()) {
    std::vector<NodeSelectorTerm> terms;
    for (const Json& t : At(req, "nodeSelectorTerms")) terms.push_back(ReadTerm(t));
    p.required_node_affinity = std::move(terms);
  }
  for (const Json& t : At(na, "preferredDuringSchedulingIgnoredDuringExecution")) {
    const Json& w = At(t, "weight");
    p.preferred_node_affinity.push_back({w.is_number() ? w.get<int32_t>() : 0, ReadTerm(At(t, "preference"))});
  }
  ReadPodAffinity(At(affinity, "podAffinity"), p.required_affinity, p.preferred_affinity);
  ReadPodAffinity(At(affinity, "podAntiAffinity"), p.required_anti_affinity, p.preferred_anti_affinity);
}

void ReadContainers(const Json& spec, Pod& p) {
  Resources sum;
  for (const Json& c : At(spec, "containers")) {
    Resources r = ContainerRequests(c);
    sum.Add(r);
    p.nonzero_milli_cpu += r.milli_cpu != 0 || At(At(At(c, "resources"), "requests"), "cpu").is_string()
                               ? r.milli_cpu
                               : kDefaultMilliCpuRequest;
    p.nonzero_memory += r.memory != 0 || At(At(At(c, "resources"), "requests"), "memory").is_string()
                            ? r.memory
                            : kDefaultMemoryRequest;
    if (std::string image = Str(c, "image"); !image.empty()) p.images.push_back(NormalizeImageName(image));
    for (const Json& port : At(c, "ports")) {
      const Json& hp = At(port, "hostPort");
      if (!hp.is_number() || hp.get<int32_t>() <= 0) continue;
      std::string proto = Str(port, "protocol");
      p.host_ports.push_back({proto.empty() ? "TCP" : proto, Str(port, "hostIP"), hp.get<int32_t>()});
    }
  }
  // Init containers run one at a time before the app containers, except
  // restartable ("sidecar") ones, which keep running beside what follows.
  Resources init_max;
  Resources sidecars;
  for (const Json& c : At(spec, "initContainers")) {
    Resources r = ContainerRequests(c);
    if (Str(c, "restartPolicy") == "Always") {
      sidecars.Add(r);
      init_max.SetMax(sidecars);
    } else {
      Resources peak = sidecars;
      peak.Add(r);
      init_max.SetMax(peak);
    }
  }
  sum.Add(sidecars);
  sum.SetMax(init_max);
  sum.Add(ReadResources(At(spec, "overhead")));
  p.requests = std::move(sum);
}

}  // namespace

bool IsTerminalPhase(std::string_view phase) { return phase == "Succeeded" || phase == "Failed"; }

std::shared_ptr<Pod> ParsePod(const client::ObjectPtr& object) {
  auto p = std::make_shared<Pod>();
  const Json& o = *object;
  p->object = object;
  const Json& meta = At(o, "metadata");
  const Json& spec = At(o, "spec");
  p->ns = Str(meta, "namespace");
  p->name = Str(meta, "name");
  p->uid = Str(meta, "uid");
  p->key = p->ns + "/" + p->name;
  p->node_name = Str(spec, "nodeName");
  p->scheduler_name = Str(spec, "schedulerName");
  if (p->scheduler_name.empty()) p->scheduler_name = "default-scheduler";
  p->priority_class_name = Str(spec, "priorityClassName");
  if (const Json& pr = At(spec, "priority"); pr.is_number()) p->spec_priority = pr.get<int32_t>();
  p->priority = p->spec_priority.value_or(0);
  p->preempt_never = Str(spec, "preemptionPolicy") == "Never";
  p->deleting = !At(meta, "deletionTimestamp").is_null();
  const std::string phase = Str(At(o, "status"), "phase");
  p->terminal = IsTerminalPhase(phase);
  p->gated = At(spec, "schedulingGates").is_array() && !At(spec, "schedulingGates").empty();
  p->nominated_node_name = Str(At(o, "status"), "nominatedNodeName");
  if (auto t = ParseRfc3339(Str(meta, "creationTimestamp"))) p->created = *t;
  p->labels = ReadLabels(At(meta, "labels"));
  for (const Json& ref : At(meta, "ownerReferences")) {
    if (At(ref, "controller").is_boolean() && At(ref, "controller").get<bool>()) p->owner_uid = Str(ref, "uid");
  }
  ReadContainers(spec, *p);
  p->node_selector = ReadLabels(At(spec, "nodeSelector"));
  ReadAffinity(At(spec, "affinity"), *p);
  for (const Json& t : At(spec, "tolerations")) {
    std::string op = Str(t, "operator");
    p->tolerations.push_back({Str(t, "key"), op.empty() ? "Equal" : op, Str(t, "value"), Str(t, "effect")});
  }
  for (const Json& c : At(spec, "topologySpreadConstraints")) {
    TopologySpreadConstraint tc;
    if (At(c, "maxSkew").is_number()) tc.max_skew = At(c, "maxSkew").get<int32_t>();
    tc.topology_key = Str(c, "topologyKey");
    tc.do_not_schedule = Str(c, "whenUnsatisfiable") != "ScheduleAnyway";
    auto sel = LabelSelector::FromJson(At(c, "labelSelector"));
    tc.selector = sel.ok() ? *sel : LabelSelector::Nothing();
    if (At(c, "minDomains").is_number()) tc.min_domains = At(c, "minDomains").get<int32_t>();
    tc.honor_node_affinity = Str(c, "nodeAffinityPolicy") != "Ignore";
    tc.honor_taints = Str(c, "nodeTaintsPolicy") == "Honor";
    p->spread_constraints.push_back(std::move(tc));
  }
  for (const Json& v : At(spec, "volumes")) {
    if (std::string claim = Str(At(v, "persistentVolumeClaim"), "claimName"); !claim.empty()) {
      p->pvc_names.push_back(claim);
    }
  }
  return p;
}

NodePtr ParseNode(const Json& o) {
  auto n = std::make_shared<Node>();
  const Json& meta = At(o, "metadata");
  const Json& spec = At(o, "spec");
  n->name = Str(meta, "name");
  n->labels = ReadLabels(At(meta, "labels"));
  n->unschedulable = At(spec, "unschedulable").is_boolean() && At(spec, "unschedulable").get<bool>();
  for (const Json& t : At(spec, "taints")) n->taints.push_back({Str(t, "key"), Str(t, "value"), Str(t, "effect")});
  const Json& status = At(o, "status");
  const Json& alloc = At(status, "allocatable").is_object() ? At(status, "allocatable") : At(status, "capacity");
  n->allocatable = ReadResources(alloc);
  for (const Json& image : At(status, "images")) {
    const int64_t size = At(image, "sizeBytes").is_number() ? At(image, "sizeBytes").get<int64_t>() : 0;
    for (const Json& name : At(image, "names")) {
      if (name.is_string()) n->image_sizes[NormalizeImageName(name.get<std::string>())] = size;
    }
  }
  return n;
}

std::string NormalizeImageName(const std::string& image) {
  std::string out = image;
  const size_t slash = out.find('/');
  const std::string first = slash == std::string::npos ? "" : out.substr(0, slash);
  const bool has_domain =
      slash != std::string::npos &&
      (first.find('.') != std::string::npos || first.find(':') != std::string::npos || first == "localhost");
  if (!has_domain) out = (slash == std::string::npos ? "docker.io/library/" : "docker.io/") + out;
  const size_t last_slash = out.rfind('/');
  const bool has_tag = out.find(':', last_slash) != std::string::npos || out.find('@') != std::string::npos;
  if (!has_tag) out += ":latest";
  return out;
}

}  // namespace k1s::scheduler
