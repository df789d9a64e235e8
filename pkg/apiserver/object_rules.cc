#include "pkg/apiserver/object_rules.h"

#include <charconv>
#include <iterator>

#include "pkg/apiserver/defaults.h"
#include "pkg/apiserver/kind_rules.h"
#include "pkg/util/ids.h"
#include "pkg/util/labels.h"
#include "pkg/util/time_format.h"

namespace k1s::apiserver {

namespace {

bool IsAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool IsLabel(std::string_view s, bool letter_first) {
  if (s.empty() || s.size() > 63) return false;
  if (!IsAlnum(s.front()) || !IsAlnum(s.back())) return false;
  if (letter_first && !(s.front() >= 'a' && s.front() <= 'z')) return false;
  for (char c : s) {
    if (!IsAlnum(c) && c != '-') return false;
  }
  return true;
}

constexpr const char* kSubdomainMessage =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
    "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
constexpr const char* kLabelMessage =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used "
    "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
constexpr const char* kDns1035Message =
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
    "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

std::string ValidateDns1035Label(const std::string& name) {
  if (name.size() > 63) return "must be no more than 63 characters";
  return IsLabel(name, true) ? "" : kDns1035Message;
}

// Which name rule a kind follows, as in Kubernetes' per-kind validation.
std::string ValidateName(const api::Resource& resource, const std::string& name) {
  if (resource.group.empty() && resource.plural == "namespaces") return ValidateDnsLabel(name);
  if (resource.group.empty() && resource.plural == "services") return ValidateDns1035Label(name);
  // RBAC names only need to be a URL path segment ("system:node" is one).
  if (resource.group == "rbac.authorization.k8s.io") {
    if (name == "." || name == "..") return "may not be '" + name + "'";
    if (name.find('/') != std::string::npos) return "may not contain '/'";
    if (name.find('%') != std::string::npos) return "may not contain '%'";
    return "";
  }
  return ValidateDnsSubdomain(name);
}

std::string Quote(const std::string& s) { return "\"" + s + "\""; }

Status InvalidObject(const api::Resource& resource, const std::string& name,
                     std::vector<StatusCause> causes) {
  std::string details;
  for (const StatusCause& c : causes) {
    if (!details.empty()) details += ", ";
    details += c.field + ": " + c.message;
  }
  if (causes.size() > 1) details = "[" + details + "]";
  return Status::Invalid(resource.kind + " " + Quote(name) + " is invalid: " + details)
      .WithCauses(std::move(causes));
}

StatusCause InvalidValue(const std::string& field, const std::string& value, const std::string& why) {
  return {"FieldValueInvalid", "Invalid value: " + Quote(value) + ": " + why, field};
}

// metadata.labels as Kubernetes' ValidateObjectMeta checks them: each key a
// qualified name, each value at most 63 characters of a label's alphabet.
void ValidateLabels(const Json& meta, std::vector<StatusCause>& causes) {
  auto labels = meta.find("labels");
  if (labels == meta.end() || !labels->is_object()) return;
  for (auto it = labels->begin(); it != labels->end(); ++it) {
    for (const std::string& why : LabelKeyErrors(it.key())) {
      causes.push_back(InvalidValue("metadata.labels", it.key(), why));
    }
    if (!it->is_string()) continue;
    for (const std::string& why : LabelValueErrors(it->get_ref<const std::string&>())) {
      causes.push_back(InvalidValue("metadata.labels", it->get_ref<const std::string&>(), why));
    }
  }
}

std::string StringField(const Json& object, const char* field) {
  auto it = object.find(field);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The parts of an object outside metadata and status: what generation counts.
Json SpecPart(const Json& object) {
  Json rest = object;
  rest.erase("metadata");
  rest.erase("status");
  rest.erase("apiVersion");
  rest.erase("kind");
  return rest;
}

bool HasStatusSubresource(const api::Resource& resource) {
  return resource.FindSubresource("status") != nullptr;
}

// Kinds whose objects carry metadata.generation. Kubernetes sets it for kinds
// with a spec their controllers observe; kinds without a spec never get one.
bool TracksGeneration(const api::Resource& resource, const Json& object) {
  if (resource.group.empty() && (resource.plural == "namespaces" || resource.plural == "nodes" ||
                                 resource.plural == "services")) {
    return false;
  }
  return object.contains("spec");
}

}  // namespace

std::string ValidateDnsSubdomain(const std::string& name) {
  if (name.size() > 253) return "must be no more than 253 characters";
  size_t start = 0;
  while (true) {
    size_t dot = name.find('.', start);
    std::string_view part(name.data() + start, (dot == std::string::npos ? name.size() : dot) - start);
    if (part.empty()) return kSubdomainMessage;
    for (char c : part) {
      if (!IsAlnum(c) && c != '-') return kSubdomainMessage;
    }
    if (!IsAlnum(part.front()) || !IsAlnum(part.back())) return kSubdomainMessage;
    if (dot == std::string::npos) return "";
    start = dot + 1;
  }
}

std::string ValidateDnsLabel(const std::string& name) {
  if (name.size() > 63) return "must be no more than 63 characters";
  return IsLabel(name, false) ? "" : kLabelMessage;
}

Result<int64_t> ResourceVersionOf(const Json& object) {
  auto meta = object.find("metadata");
  if (meta == object.end() || !meta->is_object()) return int64_t{0};
  std::string rv = StringField(*meta, "resourceVersion");
  if (rv.empty()) return int64_t{0};
  int64_t value = 0;
  auto [end, ec] = std::from_chars(rv.data(), rv.data() + rv.size(), value);
  if (ec != std::errc() || end != rv.data() + rv.size() || value <= 0) {
    return Status::BadRequest("invalid resourceVersion " + Quote(rv));
  }
  return value;
}

Result<Json> PrepareForCreate(const api::Resource& resource, Json object, const CreateContext& ctx) {
  if (!object.is_object()) return Status::BadRequest("the request body must be a JSON object");
  K1S_RETURN_IF_ERROR(CheckDecodable(resource, object));
  if (!object.contains("metadata")) object["metadata"] = Json::object();
  Json& meta = object["metadata"];
  if (!meta.is_object()) return Status::BadRequest("metadata must be an object");

  const std::string kind = StringField(object, "kind");
  const std::string api_version = StringField(object, "apiVersion");
  if ((!kind.empty() && kind != resource.kind) ||
      (!api_version.empty() && api_version != resource.api_version())) {
    return Status::BadRequest("the API version in the data (" + api_version +
                              ") does not match the expected API version (" +
                              resource.api_version() + ")" +
                              (kind != resource.kind && !kind.empty()
                                   ? "; kind " + kind + " is not " + resource.kind
                                   : ""));
  }
  object["kind"] = resource.kind;
  object["apiVersion"] = resource.api_version();

  std::string name = StringField(meta, "name");
  const std::string generate = StringField(meta, "generateName");
  if (name.empty() && !generate.empty()) {
    name = generate + RandomNameSuffix();
    meta["name"] = name;
  }
  std::vector<StatusCause> causes;
  if (name.empty()) {
    causes.push_back({"FieldValueRequired", "Required value: name or generateName is required",
                      "metadata.name"});
  } else if (std::string why = ValidateName(resource, name); !why.empty()) {
    causes.push_back(InvalidValue("metadata.name", name, why));
  }
  ValidateLabels(meta, causes);

  const std::string ns = StringField(meta, "namespace");
  if (resource.namespaced()) {
    if (!ns.empty() && ns != ctx.namespace_name) {
      return Status::BadRequest(
          "the namespace of the provided object does not match the namespace sent on the request");
    }
    meta["namespace"] = ctx.namespace_name;
  } else {
    meta.erase("namespace");
  }
  if (!causes.empty()) return InvalidObject(resource, name, std::move(causes));

  if (meta.contains("resourceVersion") && !StringField(meta, "resourceVersion").empty()) {
    return Status::BadRequest("resourceVersion should not be set on objects to be created");
  }
  meta.erase("resourceVersion");
  meta["uid"] = NewUid();
  meta["creationTimestamp"] = FormatRfc3339(ctx.now);
  meta.erase("deletionTimestamp");
  meta.erase("deletionGracePeriodSeconds");
  meta.erase("selfLink");
  if (TracksGeneration(resource, object)) {
    meta["generation"] = 1;
  } else {
    meta.erase("generation");
  }
  if (HasStatusSubresource(resource)) object.erase("status");
  ApplyDefaults(resource, object);
  if (Json status = InitialStatus(resource, object); !status.is_null()) object["status"] = status;
  K1S_RETURN_IF_ERROR(ApplyCreateRules(resource, object));
  return object;
}

Result<Json> PrepareForUpdate(const api::Resource& resource, const std::string& subresource,
                              const Json& current, Json incoming) {
  if (!incoming.is_object()) return Status::BadRequest("the request body must be a JSON object");
  K1S_RETURN_IF_ERROR(CheckDecodable(resource, incoming));
  if (!incoming.contains("metadata") || !incoming["metadata"].is_object()) {
    incoming["metadata"] = Json::object();
  }
  const Json& old_meta = current["metadata"];
  Json& meta = incoming["metadata"];
  const std::string name = StringField(old_meta, "name");
  const std::string new_name = StringField(meta, "name");
  if (!new_name.empty() && new_name != name) {
    return Status::BadRequest("the name of the object (" + new_name +
                              ") does not match the name on the URL (" + name + ")");
  }
  const std::string new_ns = StringField(meta, "namespace");
  if (resource.namespaced() && !new_ns.empty() && new_ns != StringField(old_meta, "namespace")) {
    return Status::BadRequest(
        "the namespace of the provided object does not match the namespace sent on the request");
  }
  // Identity and system fields are the server's, whatever the client sent.
  for (const char* field : {"name", "namespace", "uid", "creationTimestamp", "deletionTimestamp",
                            "deletionGracePeriodSeconds", "generation"}) {
    if (old_meta.contains(field)) {
      meta[field] = old_meta[field];
    } else {
      meta.erase(field);
    }
  }
  meta.erase("resourceVersion");
  incoming["kind"] = resource.kind;
  incoming["apiVersion"] = resource.api_version();
  std::vector<StatusCause> causes;
  ValidateLabels(meta, causes);
  if (!causes.empty()) return InvalidObject(resource, name, std::move(causes));

  if (subresource == "status") {
    // /status changes status (and, as in Kubernetes, not the spec): every
    // other member is the current object's. `incoming` is most often the
    // current object patched, so its members are kept where they are equal
    // instead of copying the current ones over them.
    for (auto it = incoming.begin(); it != incoming.end();) {
      const bool own = it.key() == "metadata" || it.key() == "status";
      it = own || current.contains(it.key()) ? std::next(it) : incoming.erase(it);
    }
    for (const auto& [key, value] : current.items()) {
      if (key == "metadata" || key == "status") continue;
      auto have = incoming.find(key);
      if (have == incoming.end() || *have != value) incoming[key] = value;
    }
    return incoming;
  }
  if (HasStatusSubresource(resource)) {
    if (current.contains("status")) {
      incoming["status"] = current["status"];
    } else {
      incoming.erase("status");
    }
  }
  ApplyDefaults(resource, incoming);
  K1S_RETURN_IF_ERROR(ApplyUpdateRules(resource, current, incoming));
  // Compare with the current object defaulted too, so that a default added
  // since it was stored does not count as a change.
  Json defaulted_current = current;
  ApplyDefaults(resource, defaulted_current);
  if (TracksGeneration(resource, incoming) && SpecPart(incoming) != SpecPart(defaulted_current)) {
    int64_t generation = old_meta.value("generation", int64_t{0});
    meta["generation"] = generation + 1;
  }
  return incoming;
}

}  // namespace k1s::apiserver
