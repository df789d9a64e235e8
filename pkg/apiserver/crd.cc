#include "pkg/apiserver/crd.h"

#include <algorithm>
#include <cctype>

#include "pkg/apiserver/json_path.h"
#include "pkg/apiserver/object_rules.h"
#include "pkg/util/time_format.h"

namespace k1s::apiserver {

namespace {

using Json = nlohmann::json;

std::string Str(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> Strings(const Json& object, const char* key) {
  std::vector<std::string> out;
  auto it = object.find(key);
  if (it == object.end() || !it->is_array()) return out;
  for (const Json& s : *it) {
    if (s.is_string()) out.push_back(s.get<std::string>());
  }
  return out;
}

std::vector<api::PrinterColumn> Columns(const Json& version) {
  std::vector<api::PrinterColumn> columns{
      {"Name", "string", "name", "Name must be unique within a namespace.", 0, ""}};
  const Json extra = version.value("additionalPrinterColumns", Json::array());
  if (extra.empty()) {
    // A CRD without columns prints as kube-apiserver's default for CRs.
    columns.push_back({"Age", "date", "", "", 0, ".metadata.creationTimestamp"});
    return columns;
  }
  for (const Json& c : extra) {
    columns.push_back({Str(c, "name"), Str(c, "type"), Str(c, "format"), Str(c, "description"),
                       c.value("priority", 0), Str(c, "jsonPath")});
  }
  return columns;
}

StatusCause Cause(std::string field, std::string message) {
  return {"FieldValueInvalid", std::move(message), std::move(field)};
}

}  // namespace

Status ValidateCrd(const Json& crd) {
  std::vector<StatusCause> causes;
  const Json spec = crd.value("spec", Json::object());
  const Json names = spec.value("names", Json::object());
  const std::string group = Str(spec, "group");
  const std::string plural = Str(names, "plural");
  const std::string name = crd.value("metadata", Json::object()).value("name", "");
  if (group.empty()) {
    causes.push_back({"FieldValueRequired", "Required value", "spec.group"});
  } else if (group.find('.') == std::string::npos || !ValidateDnsSubdomain(group).empty()) {
    causes.push_back(Cause("spec.group", "Invalid value: \"" + group + "\": should be a domain with at least one dot"));
  }
  if (plural.empty()) causes.push_back({"FieldValueRequired", "Required value", "spec.names.plural"});
  else if (!ValidateDnsLabel(plural).empty()) causes.push_back(Cause("spec.names.plural", "Invalid value: \"" + plural + "\": " + ValidateDnsLabel(plural)));
  if (Str(names, "kind").empty()) causes.push_back({"FieldValueRequired", "Required value", "spec.names.kind"});
  if (!plural.empty() && !group.empty() && name != plural + "." + group) {
    causes.push_back(Cause("metadata.name", "Invalid value: \"" + name + "\": must be spec.names.plural+\".\"+spec.group"));
  }
  const std::string scope = Str(spec, "scope");
  if (scope != "Namespaced" && scope != "Cluster") {
    causes.push_back({"FieldValueNotSupported",
                      "Unsupported value: \"" + scope + "\": supported values: \"Cluster\", \"Namespaced\"",
                      "spec.scope"});
  }
  const Json versions = spec.value("versions", Json::array());
  if (!versions.is_array() || versions.empty()) {
    causes.push_back({"FieldValueRequired", "Required value: must have exactly one version marked as storage version", "spec.versions"});
  } else {
    int storage = 0;
    for (size_t i = 0; i < versions.size(); ++i) {
      const Json& v = versions[i];
      std::string field = "spec.versions[" + std::to_string(i) + "]";
      if (!v.is_object()) {
        causes.push_back(Cause(field, "must be an object"));
        continue;
      }
      if (v.value("storage", false)) ++storage;
      std::string vname = Str(v, "name");
      if (vname.empty() || !ValidateDnsLabel(vname).empty()) {
        causes.push_back(Cause(field + ".name", "Invalid value: \"" + vname + "\": a DNS-1035 label"));
      }
      const Json cols = v.value("additionalPrinterColumns", Json::array());
      for (size_t c = 0; c < cols.size(); ++c) {
        Status path = ValidateJsonPath(cols[c].value("jsonPath", ""));
        if (!path.ok()) {
          causes.push_back(Cause(field + ".additionalPrinterColumns[" + std::to_string(c) + "].jsonPath",
                                 "Invalid value: " + path.message()));
        }
      }
    }
    if (storage != 1) {
      causes.push_back(Cause("spec.versions", "Invalid value: must have exactly one version marked as storage version"));
    }
  }
  if (causes.empty()) return Status::Ok();
  std::string message;
  for (const auto& c : causes) message += (message.empty() ? "" : ", ") + c.field + ": " + c.message;
  return Status::Invalid(message).WithCauses(std::move(causes));
}

std::vector<api::Resource> CrdResources(const Json& crd) {
  const Json spec = crd.value("spec", Json::object());
  const Json names = spec.value("names", Json::object());
  std::vector<api::Resource> out;
  for (const Json& v : spec.value("versions", Json::array())) {
    if (!v.value("served", true)) continue;
    api::Resource r;
    r.group = Str(spec, "group");
    r.version = Str(v, "name");
    r.kind = Str(names, "kind");
    r.plural = Str(names, "plural");
    r.singular = Str(names, "singular");
    if (r.singular.empty()) {
      r.singular = r.kind;
      for (char& c : r.singular) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    r.scope = Str(spec, "scope") == "Cluster" ? api::Scope::kCluster : api::Scope::kNamespaced;
    r.short_names = Strings(names, "shortNames");
    r.categories = Strings(names, "categories");
    r.verbs = {"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"};
    const Json sub = v.value("subresources", Json::object());
    if (sub.contains("status")) r.subresources.push_back({"status", "", "", "", {"get", "patch", "update"}});
    if (sub.contains("scale")) {
      r.subresources.push_back({"scale", "autoscaling", "v1", "Scale", {"get", "patch", "update"}});
    }
    r.columns = Columns(v);
    out.push_back(std::move(r));
  }
  return out;
}

Json CrdStatus(const Json& crd, Clock::time_point now) {
  const Json spec = crd.value("spec", Json::object());
  Json names = spec.value("names", Json::object());
  if (!names.contains("singular")) {
    std::string singular = Str(names, "kind");
    for (char& c : singular) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    names["singular"] = singular;
  }
  if (!names.contains("listKind")) names["listKind"] = Str(names, "kind") + "List";
  const Json old = crd.value("status", Json::object()).value("conditions", Json::array());
  auto condition = [&](const char* type, const char* reason, const char* message) {
    std::string since = FormatRfc3339(now);
    for (const Json& c : old) {
      if (c.value("type", "") == type && c.value("status", "") == "True") {
        since = c.value("lastTransitionTime", since);
      }
    }
    return Json{{"type", type}, {"status", "True"}, {"lastTransitionTime", since},
                {"reason", reason}, {"message", message}};
  };
  Json stored = Json::array();
  for (const Json& v : spec.value("versions", Json::array())) {
    if (v.value("storage", false)) stored.push_back(Str(v, "name"));
  }
  for (const Json& v : crd.value("status", Json::object()).value("storedVersions", Json::array())) {
    if (std::find(stored.begin(), stored.end(), v) == stored.end()) stored.push_back(v);
  }
  return Json{{"acceptedNames", names},
              {"conditions",
               {condition("NamesAccepted", "NoConflicts", "no conflicts found"),
                condition("Established", "InitialNamesAccepted", "the initial names have been accepted")}},
              {"storedVersions", stored}};
}

}  // namespace k1s::apiserver
