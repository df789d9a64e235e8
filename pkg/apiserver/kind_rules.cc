#include "pkg/apiserver/kind_rules.h"

#include <map>

#include "pkg/api/proto_values.h"
#include "pkg/apiserver/crd.h"
#include "pkg/apiserver/field_errors.h"
#include "pkg/apiserver/service_fields.h"
#include "pkg/util/labels.h"

namespace k1s::apiserver {

namespace {

using Json = nlohmann::json;

constexpr const char* kControllerUid = "batch.kubernetes.io/controller-uid";
constexpr const char* kJobName = "batch.kubernetes.io/job-name";
constexpr const char* kLegacyControllerUid = "controller-uid";
constexpr const char* kLegacyJobName = "job-name";

bool IsJob(const api::Resource& r) { return r.group == "batch" && r.plural == "jobs"; }

bool IsCsr(const api::Resource& r) {
  return r.group == "certificates.k8s.io" && r.plural == "certificatesigningrequests";
}

std::string Text(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A present, non-null member of `object`, or nullptr.
const Json* Member(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

std::string JsonTypeName(const Json& v) {
  if (v.is_string()) return "string";
  if (v.is_boolean()) return "bool";
  if (v.is_array()) return "array";
  if (v.is_object()) return "object";
  return "number";
}

Status JobShapeError(const Json& value, const std::string& field, const std::string& type) {
  return Status::BadRequest(
      "Job in version \"v1\" cannot be handled as a Job: json: cannot unmarshal " +
      JsonTypeName(value) + " into Go struct field " + field + " of type " + type);
}

// The fields the selector rules read, with the types Kubernetes' decoder
// insists on; anything else is BadRequest before any rule runs.
Status CheckJobShapes(const Json& job) {
  const Json* spec = Member(job, "spec");
  if (spec == nullptr) return Status::Ok();
  if (!spec->is_object()) return JobShapeError(*spec, "Job.spec", "v1.JobSpec");
  if (const Json* m = Member(*spec, "manualSelector"); m != nullptr && !m->is_boolean()) {
    return JobShapeError(*m, "JobSpec.spec.manualSelector", "bool");
  }
  if (const Json* s = Member(*spec, "selector"); s != nullptr && !s->is_object()) {
    return JobShapeError(*s, "JobSpec.spec.selector", "v1.LabelSelector");
  }
  const Json* tmpl = Member(*spec, "template");
  if (tmpl == nullptr) return Status::Ok();
  if (!tmpl->is_object())
    return JobShapeError(*tmpl, "JobSpec.spec.template", "v1.PodTemplateSpec");
  const Json* meta = Member(*tmpl, "metadata");
  if (meta == nullptr) return Status::Ok();
  if (!meta->is_object()) {
    return JobShapeError(*meta, "PodTemplateSpec.spec.template.metadata", "v1.ObjectMeta");
  }
  const Json* labels = Member(*meta, "labels");
  if (labels == nullptr) return Status::Ok();
  const std::string field = "ObjectMeta.spec.template.metadata.labels";
  if (!labels->is_object()) return JobShapeError(*labels, field, "map[string]string");
  for (const Json& value : *labels) {
    if (!value.is_string()) return JobShapeError(value, field, "string");
  }
  return Status::Ok();
}

Json TemplateLabels(const Json& job) {
  const Json* spec = Member(job, "spec");
  const Json* tmpl = spec ? Member(*spec, "template") : nullptr;
  const Json* meta = tmpl ? Member(*tmpl, "metadata") : nullptr;
  const Json* labels = meta ? Member(*meta, "labels") : nullptr;
  return labels ? *labels : Json::object();
}

bool ManualSelector(const Json& job) {
  const Json* spec = Member(job, "spec");
  const Json* manual = spec ? Member(*spec, "manualSelector") : nullptr;
  return manual != nullptr && manual->is_boolean() && manual->get<bool>();
}

void GenerateSelector(Json& job, const std::string& name, const std::string& uid) {
  Json& spec = job["spec"];
  if (!spec.contains("template") || spec["template"].is_null()) spec["template"] = Json::object();
  Json& meta = spec["template"]["metadata"];
  if (!meta.is_object()) meta = Json::object();
  Json& labels = meta["labels"];
  if (!labels.is_object()) labels = Json::object();
  // Labels the client set are kept; a conflict fails validation below.
  for (const char* key : {kLegacyJobName, kJobName}) {
    if (!labels.contains(key)) labels[key] = name;
  }
  for (const char* key : {kLegacyControllerUid, kControllerUid}) {
    if (!labels.contains(key)) labels[key] = uid;
  }
  Json& selector = spec["selector"];
  if (!selector.is_object()) selector = Json::object();
  Json& match = selector["matchLabels"];
  if (!match.is_object()) match = Json::object();
  if (!match.contains(kControllerUid)) match[kControllerUid] = uid;
}

void ExpectLabel(std::vector<StatusCause>& causes, const Json& labels, const std::string& key,
                 const std::string& value) {
  const std::string field = "spec.template.metadata.labels[" + key + "]";
  if (!labels.contains(key)) {
    causes.push_back(FieldRequired(field, "must be '" + value + "'"));
  } else if (labels[key] != value) {
    causes.push_back(FieldInvalid(field, GoStringMap(labels), "must be '" + value + "'"));
  }
}

// A LabelSelector::FromJson error as a cause: "<field>: <message>".
StatusCause SelectorCause(const Status& error) {
  const std::string& msg = error.message();
  const size_t colon = msg.find(": ");
  if (msg.starts_with("[") || colon == std::string::npos) {
    return {"FieldValueInvalid", msg, "spec.selector"};
  }
  return {"FieldValueInvalid", msg.substr(colon + 2), msg.substr(0, colon)};
}

std::vector<StatusCause> ValidateJobSelector(const Json& job, bool generated) {
  std::vector<StatusCause> causes;
  const Json meta = job.value("metadata", Json::object());
  const std::string name = Text(meta, "name");
  const std::string uid = Text(meta, "uid");
  const Json labels = TemplateLabels(job);
  const Json* spec = Member(job, "spec");
  const Json* selector = spec ? Member(*spec, "selector") : nullptr;
  if (generated && selector != nullptr) {
    if (uid.empty()) causes.push_back(FieldRequired("metadata.uid"));
    ExpectLabel(causes, labels, kLegacyControllerUid, uid);
    ExpectLabel(causes, labels, kLegacyJobName, name);
    ExpectLabel(causes, labels, kControllerUid, uid);
    ExpectLabel(causes, labels, kJobName, name);
    const std::map<std::string, std::string> expected = {{kControllerUid, uid},
                                                         {kJobName, name},
                                                         {kLegacyControllerUid, uid},
                                                         {kLegacyJobName, name}};
    auto parsed = LabelSelector::FromJson(*selector, "spec.selector");
    if (parsed.ok() && !parsed->Matches(expected)) {
      causes.push_back(FieldInvalid("spec.selector", GoLabelSelector(*selector),
                                    "`selector` not auto-generated"));
    }
  }
  if (selector == nullptr) {
    causes.push_back(FieldRequired("spec.selector"));
    return causes;
  }
  auto parsed = LabelSelector::FromJson(*selector, "spec.selector");
  if (!parsed.ok()) {
    causes.push_back(SelectorCause(parsed.status()));
  } else if (!parsed->MatchesJson(labels)) {
    causes.push_back(FieldInvalid("spec.template.metadata.labels", GoStringMap(labels),
                                  "`selector` does not match template `labels`"));
  }
  return causes;
}

}  // namespace

Status CheckDecodable(const api::Resource& resource, const Json& object) {
  if (IsJob(resource)) return CheckJobShapes(object);
  if (resource.group.empty() && resource.plural == "services")
    return service_fields::CheckShapes(object);
  return Status::Ok();
}

namespace {

bool IsCrd(const api::Resource& resource) {
  return resource.group == "apiextensions.k8s.io" && resource.plural == "customresourcedefinitions";
}

// A CRD that could not be served is refused, as kube-apiserver does.
Status CheckCrd(const api::Resource& resource, const Json& crd) {
  Status valid = ValidateCrd(crd);
  if (valid.ok()) return valid;
  std::vector<StatusCause> causes = valid.causes();
  return InvalidObjectError(resource.kind, Text(crd.value("metadata", Json::object()), "name"),
                            std::move(causes));
}

}  // namespace

namespace {

bool IsSecret(const api::Resource& resource) { return resource.group.empty() && resource.plural == "secrets"; }

// stringData is write-only: kube-apiserver folds it into data (base64, its
// keys winning over data's) while converting the request, so it is never
// stored or returned.
Status FoldStringData(Json& secret) {
  auto string_data = secret.find("stringData");
  if (string_data == secret.end()) return Status::Ok();
  if (!string_data->is_null()) {
    if (!string_data->is_object()) {
      return Status::BadRequest("Secret in version \"v1\" cannot be handled as a Secret: json: cannot unmarshal " +
                                std::string(string_data->type_name()) +
                                " into Go struct field Secret.stringData of type map[string]string");
    }
    Json& data = secret["data"];
    if (!data.is_object()) data = Json::object();
    for (const auto& [key, value] : string_data->items()) {
      if (!value.is_string()) {
        return Status::BadRequest(
            "Secret in version \"v1\" cannot be handled as a Secret: json: cannot unmarshal " +
            std::string(value.type_name()) + " into Go struct field Secret.stringData of type string");
      }
      data[key] = api::proto::Base64(value.get<std::string>());
    }
  }
  secret.erase("stringData");
  return Status::Ok();
}

}  // namespace

Status ApplyCreateRules(const api::Resource& resource, Json& object) {
  if (IsSecret(resource)) return FoldStringData(object);
  if (IsCrd(resource)) return CheckCrd(resource, object);
  if (!IsJob(resource)) return Status::Ok();
  K1S_RETURN_IF_ERROR(CheckJobShapes(object));
  const Json& meta = object["metadata"];
  const std::string name = Text(meta, "name");
  const bool manual = ManualSelector(object);
  if (!manual) GenerateSelector(object, name, Text(meta, "uid"));
  auto causes = ValidateJobSelector(object, !manual);
  if (!causes.empty()) return InvalidObjectError(resource.kind, name, std::move(causes));
  return Status::Ok();
}

Status ApplyUpdateRules(const api::Resource& resource, const Json& current, Json& next) {
  if (IsSecret(resource)) return FoldStringData(next);
  if (IsCrd(resource)) return CheckCrd(resource, next);
  if (IsCsr(resource)) {
    // The requester and the request are what was asked for at create.
    if (current.contains("spec")) next["spec"] = current["spec"];
    return Status::Ok();
  }
  if (!IsJob(resource)) return Status::Ok();
  K1S_RETURN_IF_ERROR(CheckJobShapes(next));
  const std::string name = Text(next.value("metadata", Json::object()), "name");
  const Json* spec = Member(next, "spec");
  const Json* old_spec = Member(current, "spec");
  const Json* selector = spec ? Member(*spec, "selector") : nullptr;
  const Json* old_selector = old_spec ? Member(*old_spec, "selector") : nullptr;
  std::vector<StatusCause> causes;
  if ((selector == nullptr) != (old_selector == nullptr) ||
      (selector != nullptr && *selector != *old_selector)) {
    causes.push_back(FieldInvalid("spec.selector", selector ? GoLabelSelector(*selector) : "null",
                                  "field is immutable"));
  }
  for (StatusCause& c : ValidateJobSelector(next, /*generated=*/false))
    causes.push_back(std::move(c));
  if (!causes.empty()) return InvalidObjectError(resource.kind, name, std::move(causes));
  return Status::Ok();
}

void StampRequester(const api::Resource& resource, Json& object, const std::string& user,
                    const std::string& uid, const std::vector<std::string>& groups) {
  if (!IsCsr(resource) || !object.is_object()) return;
  Json& spec = object["spec"];
  if (spec.is_null()) spec = Json::object();
  if (!spec.is_object()) return;
  for (const char* key : {"username", "uid", "groups", "extra"}) spec.erase(key);
  spec["username"] = user;
  if (!uid.empty()) spec["uid"] = uid;
  if (!groups.empty()) spec["groups"] = groups;
}

}  // namespace k1s::apiserver
