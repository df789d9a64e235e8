#include "pkg/controller/common/pod_control.h"

#include "pkg/controller/common/owner.h"

namespace k1s::controller::common {

Json PodFromTemplate(const Json& template_spec, const Json& owner, const std::string& owner_api_version,
                     const std::string& owner_kind, const std::string& generate_prefix) {
  Json pod = {{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", Json::object()}};
  const Json tmeta = template_spec.value("metadata", Json::object());
  Json& meta = pod["metadata"];
  for (const char* field : {"labels", "annotations", "finalizers"}) {
    if (tmeta.contains(field) && !tmeta[field].is_null()) meta[field] = tmeta[field];
  }
  meta["generateName"] = generate_prefix + "-";
  meta["ownerReferences"] = Json::array({MakeControllerRef(owner, owner_api_version, owner_kind)});
  pod["spec"] = template_spec.value("spec", Json::object());
  return pod;
}

Json WithKind(Json object, const std::string& api_version, const std::string& kind) {
  object["apiVersion"] = api_version;
  object["kind"] = kind;
  return object;
}

Result<Json> PodControl::Create(const std::string& ns, const Json& pod, const Json& owner) {
  auto created = client_.Create(client::resources::kPods, ns, pod);
  if (!created.ok()) {
    recorder_.Event(owner, "Warning", "FailedCreate",
                    "Error creating: " + created.status().message());
    return created.status();
  }
  recorder_.Event(owner, "Normal", "SuccessfulCreate",
                  "Created pod: " + (*created)["metadata"].value("name", ""));
  return created;
}

Status PodControl::Delete(const std::string& ns, const std::string& name, const Json& owner) {
  Status s = client_.Delete(client::resources::kPods, ns, name);
  if (!s.ok() && !s.IsNotFound()) {
    recorder_.Event(owner, "Warning", "FailedDelete", "Error deleting: " + s.message());
    return s;
  }
  if (s.ok()) recorder_.Event(owner, "Normal", "SuccessfulDelete", "Deleted pod: " + name);
  return Status::Ok();
}

}  // namespace k1s::controller::common
