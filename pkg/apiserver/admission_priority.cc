// Priority: a new pod's spec.priorityClassName resolves to spec.priority and
// spec.preemptionPolicy from its PriorityClass (the globalDefault class, or
// priority 0, when it names none); an update keeps what the create set; and
// a second globalDefault PriorityClass is refused.
#include "pkg/apiserver/admission.h"
#include "pkg/util/json_fields.h"

namespace k1s::apiserver {

namespace {

bool IsPods(const api::Resource& r) { return r.group.empty() && r.plural == "pods"; }
bool IsPriorityClasses(const api::Resource& r) {
  return r.group == "scheduling.k8s.io" && r.plural == "priorityclasses";
}

std::string NameOf(const Json& object) {
  const Json& meta = object.value("metadata", Json::object());
  std::string name = meta.value("name", "");
  // As kube-apiserver names an object whose name is not generated yet.
  const std::string generate = meta.value("generateName", "");
  if (!generate.empty() && name.size() == generate.size() + 5 && name.rfind(generate, 0) == 0)
    return generate;
  return name;
}

// The classes marked globalDefault. Every pod create without a class asks,
// so the classes come from the read cache: decoded once per change to any
// of them, not read and parsed per pod.
Result<std::vector<Json>> DefaultClasses(RestContext& ctx) {
  auto resource = ctx.registry.Find("scheduling.k8s.io", "v1", "priorityclasses");
  if (resource == nullptr) return std::vector<Json>();
  K1S_ASSIGN_OR_RETURN(std::vector<Json> classes, ctx.objects.ListCached(*resource, ""));
  std::erase_if(classes, [](const Json& pc) { return JsonField(pc, "globalDefault") != true; });
  return classes;
}

// The globalDefault class; of several (a race of creates), the lowest.
Result<std::optional<Json>> DefaultClass(RestContext& ctx) {
  K1S_ASSIGN_OR_RETURN(std::vector<Json> classes, DefaultClasses(ctx));
  std::optional<Json> best;
  for (Json& pc : classes) {
    if (!best || pc.value("value", int64_t{0}) < best->value("value", int64_t{0}))
      best = std::move(pc);
  }
  return best;
}

Status AdmitPod(AdmissionRequest& request) {
  Json& pod = *request.object;
  if (!pod.contains("spec") || !pod["spec"].is_object()) return Status::Ok();
  Json& spec = pod["spec"];
  if (request.operation == AdmissionOperation::kUpdate) {
    const Json& old_spec = request.old_object->value("spec", Json::object());
    for (const char* key : {"priority", "preemptionPolicy"}) {
      if ((!spec.contains(key) || spec[key].is_null()) && old_spec.contains(key))
        spec[key] = old_spec[key];
    }
    return Status::Ok();
  }
  const std::string forbidden = "pods \"" + NameOf(pod) + "\" is forbidden: ";
  int64_t priority = 0;
  Json policy = "PreemptLowerPriority";
  const std::string class_name = spec.value("priorityClassName", "");
  if (class_name.empty()) {
    K1S_ASSIGN_OR_RETURN(std::optional<Json> pc, DefaultClass(request.ctx));
    if (pc) {
      spec["priorityClassName"] = (*pc)["metadata"].value("name", "");
      priority = pc->value("value", int64_t{0});
      policy = pc->value("preemptionPolicy", Json("PreemptLowerPriority"));
    }
  } else {
    auto resource = request.ctx.registry.Find("scheduling.k8s.io", "v1", "priorityclasses");
    if (resource == nullptr) return Status::Ok();
    auto pc = request.ctx.objects.GetCached(*resource, "", class_name);
    if (!pc.ok()) {
      if (pc.status().IsNotFound()) {
        return Status::Forbidden(forbidden + "no PriorityClass with name " + class_name +
                                 " was found");
      }
      return Status::Internal("failed to get PriorityClass with name " + class_name + ": " +
                              pc.status().message());
    }
    priority = pc->value("value", int64_t{0});
    policy = pc->value("preemptionPolicy", Json("PreemptLowerPriority"));
  }
  if (spec.contains("priority") && spec["priority"].is_number_integer() &&
      spec["priority"].get<int64_t>() != priority) {
    return Status::Forbidden(
        forbidden + "the integer value of priority (" +
        std::to_string(spec["priority"].get<int64_t>()) +
        ") must not be provided in pod spec; priority admission controller computed " +
        std::to_string(priority) + " from the given PriorityClass name");
  }
  spec["priority"] = priority;
  if (policy.is_string()) {
    if (spec.contains("preemptionPolicy") && spec["preemptionPolicy"].is_string() &&
        spec["preemptionPolicy"] != policy) {
      return Status::Forbidden(
          forbidden + "the string value of PreemptionPolicy (" +
          spec["preemptionPolicy"].get<std::string>() +
          ") must not be provided in pod spec; priority admission controller computed " +
          policy.get<std::string>() + " from the given PriorityClass name");
    }
    spec["preemptionPolicy"] = policy;
  }
  return Status::Ok();
}

Status AdmitPriorityClass(AdmissionRequest& request) {
  const Json& pc = *request.object;
  if (!pc.value("globalDefault", false)) return Status::Ok();
  K1S_ASSIGN_OR_RETURN(std::optional<Json> existing, DefaultClass(request.ctx));
  if (!existing) return Status::Ok();
  const std::string name = pc["metadata"].value("name", "");
  const std::string existing_name = (*existing)["metadata"].value("name", "");
  if (request.operation == AdmissionOperation::kCreate || existing_name != name) {
    return Status::Forbidden("priorityclasses.scheduling.k8s.io \"" + name +
                             "\" is forbidden: PriorityClass " + existing_name +
                             " is already marked as default. Only one default can exist");
  }
  return Status::Ok();
}

class PriorityAdmission final : public AdmissionPlugin {
 public:
  std::string_view name() const override { return "Priority"; }
  bool Handles(const api::Resource& resource, std::string_view subresource,
               AdmissionOperation operation) const override {
    if (operation == AdmissionOperation::kDelete || !subresource.empty()) return false;
    return IsPods(resource) || IsPriorityClasses(resource);
  }
  Status Admit(AdmissionRequest& request) const override {
    if (IsPods(request.ctx.resource)) return AdmitPod(request);
    return AdmitPriorityClass(request);
  }
};

}  // namespace

std::unique_ptr<AdmissionPlugin> NewPriorityAdmission() {
  return std::make_unique<PriorityAdmission>();
}

}  // namespace k1s::apiserver
