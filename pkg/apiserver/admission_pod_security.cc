// PodSecurity: the Pod Security Standards (pod_security_standards.h) a
// namespace's pod-security.kubernetes.io/ labels ask for. enforce refuses pod
// creates and significant pod updates; warn answers pods and the workload
// kinds with pod templates with `would violate PodSecurity ...` warnings;
// audit would only annotate audit events, which k1s does not write yet.
// Namespaces with bad labels are refused, and a namespace whose enforce level
// changes warns about the pods already in it.
#include <map>

#include "pkg/apiserver/admission.h"
#include "pkg/apiserver/field_errors.h"
#include "pkg/apiserver/pod_security_standards.h"

namespace k1s::apiserver {

namespace {

using pss::Policy;
using pss::Violation;

const Json& Field(const Json& object, const char* key) {
  static const Json kNull;
  if (!object.is_object()) return kNull;
  auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

std::string Str(const Json& v) { return v.is_string() ? v.get<std::string>() : ""; }

bool IsCore(const api::Resource& r, const char* plural) {
  return r.group.empty() && r.plural == plural;
}

// The kinds whose pod templates warn (never enforce: their pods are checked
// when they are created).
bool HasPodTemplate(const api::Resource& r) {
  if (r.group.empty()) return r.plural == "podtemplates" || r.plural == "replicationcontrollers";
  if (r.group == "apps") {
    return r.plural == "deployments" || r.plural == "replicasets" || r.plural == "statefulsets" ||
           r.plural == "daemonsets";
  }
  return r.group == "batch" && (r.plural == "jobs" || r.plural == "cronjobs");
}

// The pod template of a workload object; null when it has none.
const Json* PodTemplate(const api::Resource& r, const Json& object) {
  const Json* tmpl = nullptr;
  if (r.plural == "podtemplates") {
    tmpl = &Field(object, "template");
  } else if (r.plural == "cronjobs") {
    tmpl = &Field(Field(Field(object, "spec"), "jobTemplate"), "spec");
    tmpl = &Field(*tmpl, "template");
  } else {
    tmpl = &Field(Field(object, "spec"), "template");
  }
  return tmpl->is_object() ? tmpl : nullptr;
}

// The name kube-apiserver puts in the Forbidden message: the generateName
// of an object whose name is still to be generated (here: just generated).
std::string RequestName(const Json& object) {
  const Json& meta = Field(object, "metadata");
  const std::string name = Str(Field(meta, "name"));
  const std::string generate = Str(Field(meta, "generateName"));
  if (!generate.empty() && name.size() == generate.size() + 5 && name.rfind(generate, 0) == 0)
    return generate;
  return name;
}

// Only a changed image, a changed seccomp annotation or an added container
// can change a stored pod's verdict (everything else in its spec is
// immutable), so only those updates are checked.
bool SignificantPodUpdate(const Json& pod, const Json& old) {
  const Json& anns = Field(Field(pod, "metadata"), "annotations");
  const Json& old_anns = Field(Field(old, "metadata"), "annotations");
  auto annotation = [](const Json& a, const std::string& key) {
    return Str(Field(a, key.c_str()));
  };
  const std::string pod_key = "seccomp.security.alpha.kubernetes.io/pod";
  if (annotation(anns, pod_key) != annotation(old_anns, pod_key)) return true;
  const Json& spec = Field(pod, "spec");
  const Json& old_spec = Field(old, "spec");
  auto container_changed = [&](const Json& c, const Json& oc) {
    if (Str(Field(c, "image")) != Str(Field(oc, "image"))) return true;
    const std::string key =
        "container.seccomp.security.alpha.kubernetes.io/" + Str(Field(c, "name"));
    return annotation(anns, key) != annotation(old_anns, key);
  };
  for (const char* list : {"containers", "initContainers"}) {
    const Json& now = Field(spec, list);
    const Json& before = Field(old_spec, list);
    const size_t n = now.is_array() ? now.size() : 0;
    if (n != (before.is_array() ? before.size() : 0)) return true;
    for (size_t i = 0; i < n; ++i) {
      if (container_changed(now[i], before[i])) return true;
    }
  }
  const Json& ephemeral = Field(spec, "ephemeralContainers");
  const Json& old_ephemeral = Field(old_spec, "ephemeralContainers");
  if (ephemeral.is_array()) {
    for (const Json& c : ephemeral) {
      const Json* match = nullptr;
      if (old_ephemeral.is_array()) {
        for (const Json& oc : old_ephemeral) {
          if (Str(Field(oc, "name")) == Str(Field(c, "name"))) match = &oc;
        }
      }
      if (match == nullptr || container_changed(c, *match)) return true;
    }
  }
  return false;
}

class PodSecurityAdmission final : public AdmissionPlugin {
 public:
  std::string_view name() const override { return "PodSecurity"; }

  bool Handles(const api::Resource& resource, std::string_view subresource,
               AdmissionOperation operation) const override {
    if (operation == AdmissionOperation::kDelete) return false;
    if (IsCore(resource, "pods"))
      return subresource.empty() || subresource == "ephemeralcontainers";
    if (!subresource.empty()) return false;
    return IsCore(resource, "namespaces") || HasPodTemplate(resource);
  }

  Status Admit(AdmissionRequest& request) const override {
    const api::Resource& r = request.ctx.resource;
    if (IsCore(r, "namespaces")) return AdmitNamespace(request);
    std::vector<StatusCause> label_errors;
    auto policy = NamespacePolicy(request.ctx, &label_errors);
    if (!policy || (label_errors.empty() && policy->FullyPrivileged())) return Status::Ok();
    const Json& object = *request.object;
    if (IsCore(r, "pods")) {
      if (request.operation == AdmissionOperation::kUpdate &&
          !SignificantPodUpdate(object, *request.old_object)) {
        return Status::Ok();
      }
      const Json& meta = Field(object, "metadata");
      const Json& spec = Field(object, "spec");
      std::vector<Violation> enforced = pss::Evaluate(policy->enforce, meta, spec);
      if (!enforced.empty()) {
        return Status::Forbidden(
            "pods \"" + RequestName(object) + "\" is forbidden: violates PodSecurity \"" +
            policy->enforce.String() + "\": " + pss::ForbiddenDetail(enforced));
      }
      // The same level and version as enforce has just passed.
      if (!(policy->warn == policy->enforce)) Warn(request, policy->warn, meta, spec);
      return Status::Ok();
    }
    if (policy->warn.level == pss::Level::kPrivileged) return Status::Ok();
    const Json* tmpl = PodTemplate(r, object);
    if (tmpl == nullptr) return Status::Ok();
    Warn(request, policy->warn, Field(*tmpl, "metadata"), Field(*tmpl, "spec"));
    return Status::Ok();
  }

 private:
  static void Warn(AdmissionRequest& request, const pss::LevelVersion& lv, const Json& meta,
                   const Json& spec) {
    if (request.warnings == nullptr || lv.level == pss::Level::kPrivileged) return;
    std::vector<Violation> violations = pss::Evaluate(lv, meta, spec);
    if (violations.empty()) return;
    request.warnings->push_back("would violate PodSecurity \"" + lv.String() +
                                "\": " + pss::ForbiddenDetail(violations));
  }

  // The policy of the request's namespace; nullopt when it cannot be read
  // (NamespaceLifecycle answers for a missing one).
  static std::optional<Policy> NamespacePolicy(RestContext& ctx, std::vector<StatusCause>* errors) {
    const Result<Json>* ns = ctx.NamespaceObject();
    if (ns == nullptr || !ns->ok()) return std::nullopt;
    return pss::PolicyFromLabels(Field(Field(**ns, "metadata"), "labels"), errors);
  }

  static Status AdmitNamespace(AdmissionRequest& request) {
    const Json& labels = Field(Field(*request.object, "metadata"), "labels");
    std::vector<StatusCause> errors;
    const Policy policy = pss::PolicyFromLabels(labels, &errors);
    const std::string name = Str(Field(Field(*request.object, "metadata"), "name"));
    if (request.operation == AdmissionOperation::kCreate) {
      if (!errors.empty()) return InvalidObjectError("Namespace", name, std::move(errors));
      return Status::Ok();
    }
    const Json& old_labels = Field(Field(*request.old_object, "metadata"), "labels");
    auto policy_labels = [](const Json& all) {
      std::map<std::string, std::string> out;
      if (!all.is_object()) return out;
      for (const auto& [key, value] : all.items()) {
        if (key.rfind("pod-security.kubernetes.io/", 0) == 0) out[key] = value.dump();
      }
      return out;
    };
    if (policy_labels(labels) == policy_labels(old_labels)) return Status::Ok();
    if (!errors.empty()) return InvalidObjectError("Namespace", name, std::move(errors));
    const Policy old_policy = pss::PolicyFromLabels(old_labels, nullptr);
    if (policy.enforce.level == pss::Level::kPrivileged || policy.enforce == old_policy.enforce)
      return Status::Ok();
    if (request.warnings != nullptr) WarnAboutExistingPods(request, name, policy.enforce);
    return Status::Ok();
  }

  // What kube-apiserver says when a namespace's new enforce level would
  // refuse pods it already runs: one line per distinct set of reasons,
  // naming the first pod (by name) and how many others share it.
  static void WarnAboutExistingPods(AdmissionRequest& request, const std::string& ns,
                                    const pss::LevelVersion& enforce) {
    auto pods = request.ctx.registry.Find("", "v1", "pods");
    if (pods == nullptr) return;
    ListQuery query;
    query.namespace_name = ns;
    auto page = request.ctx.objects.List(*pods, query);
    if (!page.ok()) return;
    struct Seen {
      std::string pod;
      int count = 0;
    };
    std::vector<std::string> order;
    std::map<std::string, Seen> seen;
    for (const Json& pod : page->items) {
      std::vector<Violation> violations =
          pss::Evaluate(enforce, Field(pod, "metadata"), Field(pod, "spec"));
      if (violations.empty()) continue;
      std::string reasons;
      for (size_t i = 0; i < violations.size(); ++i)
        reasons += (i ? ", " : "") + violations[i].reason;
      const std::string pod_name = Str(Field(Field(pod, "metadata"), "name"));
      auto [it, inserted] = seen.try_emplace(reasons, Seen{pod_name, 0});
      if (inserted) order.push_back(reasons);
      if (pod_name < it->second.pod) it->second.pod = pod_name;
      ++it->second.count;
    }
    if (order.empty()) return;
    request.warnings->push_back("existing pods in namespace \"" + ns +
                                "\" violate the new PodSecurity enforce level \"" +
                                enforce.String() + "\"");
    for (const std::string& reasons : order) {
      const Seen& s = seen[reasons];
      if (s.count == 1) {
        request.warnings->push_back(s.pod + ": " + reasons);
      } else {
        request.warnings->push_back(s.pod + " (and " + std::to_string(s.count - 1) + " other " +
                                    (s.count == 2 ? "pod" : "pods") + "): " + reasons);
      }
    }
  }
};

}  // namespace

std::unique_ptr<AdmissionPlugin> NewPodSecurityAdmission() {
  return std::make_unique<PodSecurityAdmission>();
}

}  // namespace k1s::apiserver
