#include "pkg/controller/common/object_state.h"

#include "pkg/util/json_fields.h"

namespace k1s::controller {

namespace {
const Json kEmptyObject = Json::object();
}  // namespace

const Json* FindCondition(const Json& object, std::string_view type) {
  auto status = object.find("status");
  if (status == object.end() || !status->is_object()) return nullptr;
  auto conditions = status->find("conditions");
  if (conditions == status->end() || !conditions->is_array()) return nullptr;
  for (const Json& c : *conditions) {
    if (c.is_object() && c.value("type", "") == type) return &c;
  }
  return nullptr;
}

bool IsPodReady(const Json& pod) {
  const Json* ready = FindCondition(pod, "Ready");
  return ready != nullptr && ready->value("status", "") == "True";
}

bool IsPodTerminal(const Json& pod) {
  auto status = pod.find("status");
  if (status == pod.end() || !status->is_object()) return false;
  std::string phase = status->value("phase", "");
  return phase == "Succeeded" || phase == "Failed";
}

bool IsBeingDeleted(const Json& object) {
  auto meta = object.find("metadata");
  return meta != object.end() && meta->is_object() && meta->contains("deletionTimestamp") &&
         !(*meta)["deletionTimestamp"].is_null();
}

bool HasFinalizer(const Json& object, std::string_view finalizer) {
  auto meta = object.find("metadata");
  if (meta == object.end() || !meta->is_object()) return false;
  auto f = meta->find("finalizers");
  if (f == meta->end() || !f->is_array()) return false;
  for (const Json& v : *f) {
    if (v.is_string() && v.get_ref<const std::string&>() == finalizer) return true;
  }
  return false;
}

std::string MetaString(const Json& object, const char* field) {
  auto meta = object.find("metadata");
  if (meta == object.end() || !meta->is_object()) return "";
  auto v = meta->find(field);
  return v != meta->end() && v->is_string() ? v->get<std::string>() : "";
}

std::string PodNodeName(const Json& pod) { return JsonString(JsonField(pod, "spec"), "nodeName"); }

const Json& LabelsOf(const Json& object) {
  auto meta = object.find("metadata");
  if (meta == object.end() || !meta->is_object()) return kEmptyObject;
  auto labels = meta->find("labels");
  return labels != meta->end() && labels->is_object() ? *labels : kEmptyObject;
}

}  // namespace k1s::controller
