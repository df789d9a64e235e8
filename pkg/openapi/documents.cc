#include "pkg/openapi/documents.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <utility>

#include "pkg/openapi/model.h"
#include "pkg/util/version.h"

namespace k1s::openapi {

namespace {

constexpr const char* kV3Ref = "#/components/schemas/";
constexpr const char* kV2Ref = "#/definitions/";

// How a type expression is written in one of the two dialects.
class SchemaWriter {
 public:
  explicit SchemaWriter(bool v3) : v3_(v3) {}

  Json Ref(const std::string& name) const {
    return {{"$ref", std::string(v3_ ? kV3Ref : kV2Ref) + name}};
  }

  // The schema of a value of `type`, standing alone (array items, map values).
  Json Type(const std::string& type) const {
    if (type.starts_with("[]")) return {{"type", "array"}, {"items", Type(type.substr(2))}};
    if (type.starts_with("{}")) {
      return {{"type", "object"}, {"additionalProperties", Type(type.substr(2))}};
    }
    if (type == "string" || type == "boolean" || type == "number") return {{"type", type}};
    if (type == "integer") return {{"type", "integer"}, {"format", "int32"}};
    if (type == "int64") return {{"type", "integer"}, {"format", "int64"}};
    if (type == "double") return {{"type", "number"}, {"format", "double"}};
    if (type == "object") {
      Json j = {{"type", "object"}};
      if (v3_) j["x-kubernetes-preserve-unknown-fields"] = true;
      return j;
    }
    return Ref(type);
  }

  // A property: the type plus description and extensions. In v3 a reference
  // with siblings is wrapped in allOf, as Kubernetes does.
  Json Property(const Field& f) const {
    Json j;
    if (!ReferencedDefinition(f.type).empty() && !f.type.starts_with("[]") &&
        !f.type.starts_with("{}")) {
      j = v3_ ? Json{{"allOf", Json::array({Ref(f.type)})}} : Ref(f.type);
    } else {
      j = Type(f.type);
    }
    if (!f.description.empty()) j["description"] = f.description;
    if (!f.enum_values.empty()) j["enum"] = f.enum_values;
    if (!f.list_type.empty()) j["x-kubernetes-list-type"] = f.list_type;
    if (!f.list_map_keys.empty()) j["x-kubernetes-list-map-keys"] = f.list_map_keys;
    if (!f.patch_merge_key.empty()) j["x-kubernetes-patch-merge-key"] = f.patch_merge_key;
    if (!f.patch_strategy.empty()) j["x-kubernetes-patch-strategy"] = f.patch_strategy;
    return j;
  }

  Json Definition(const openapi::Definition& d) const {
    Json j = {{"type", d.type}};
    if (!d.format.empty()) j["format"] = d.format;
    if (!d.description.empty()) j["description"] = d.description;
    // Swagger clients validate against properties strictly; an incomplete
    // definition is published to them as an open object.
    if (d.type == "object" && !d.fields.empty() && (v3_ || d.complete)) {
      Json props = Json::object();
      Json required = Json::array();
      for (const Field& f : d.fields) {
        props[f.name] = Property(f);
        if (f.required) required.push_back(f.name);
      }
      j["properties"] = std::move(props);
      if (!required.empty()) j["required"] = std::move(required);
    }
    if (v3_ && !d.complete) j["x-kubernetes-preserve-unknown-fields"] = true;
    if (!d.gvks.empty()) {
      Json gvks = Json::array();
      for (const Gvk& g : d.gvks) {
        gvks.push_back({{"group", g.group}, {"kind", g.kind}, {"version", g.version}});
      }
      j["x-kubernetes-group-version-kind"] = std::move(gvks);
    }
    return j;
  }

 private:
  bool v3_;
};

const std::vector<std::string>& PatchContentTypes() {
  static const std::vector<std::string> types = {
      "application/apply-patch+yaml", "application/json-patch+json",
      "application/merge-patch+json", "application/strategic-merge-patch+json"};
  return types;
}

std::vector<std::string> ConsumedPatchTypes(bool smp) {
  std::vector<std::string> out;
  for (const std::string& t : PatchContentTypes()) {
    if (smp || t != "application/strategic-merge-patch+json") out.push_back(t);
  }
  return out;
}

std::vector<std::string> Produces(const Operation& op) {
  if (op.response.empty()) return {"*/*"};
  std::vector<std::string> out = {"application/json", "application/yaml",
                                  "application/vnd.kubernetes.protobuf"};
  if (op.streams) {
    out.push_back("application/json;stream=watch");
    out.push_back("application/vnd.kubernetes.protobuf;stream=watch");
  }
  return out;
}

const char* CodeText(int code) {
  switch (code) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    default: return "Unauthorized";
  }
}

Json ParamV3(const Parameter& p) {
  Json schema = {{"type", p.type}, {"uniqueItems", true}};
  Json j = {{"name", p.name}, {"in", p.in}, {"description", p.description}, {"schema", schema}};
  if (p.required) j["required"] = true;
  return j;
}

Json ParamV2(const Parameter& p) {
  Json j = {{"name", p.name},       {"in", p.in},           {"description", p.description},
            {"type", p.type},       {"uniqueItems", true}};
  if (p.required) j["required"] = true;
  return j;
}

Json GvkJson(const Gvk& g) { return {{"group", g.group}, {"kind", g.kind}, {"version", g.version}}; }

Json OperationV3(const Operation& op, const SchemaWriter& w) {
  Json j = {{"tags", {op.tag}}, {"description", op.description}, {"operationId", op.id}};
  Json params = Json::array();
  for (const Parameter& p : op.query) params.push_back(ParamV3(p));
  if (!params.empty()) j["parameters"] = std::move(params);
  if (op.patch) {
    Json content = Json::object();
    for (const std::string& t : ConsumedPatchTypes(op.smp)) content[t] = {{"schema", w.Ref(op.body)}};
    j["requestBody"] = {{"content", content}, {"required", true}};
  } else if (!op.body.empty()) {
    j["requestBody"] = {{"content", {{"*/*", {{"schema", w.Ref(op.body)}}}}}, {"required", !op.optional_body}};
  }
  Json responses = Json::object();
  for (int code : op.codes) {
    Json content = Json::object();
    Json schema = op.response.empty() ? Json{{"type", "string"}} : w.Ref(op.response);
    for (const std::string& t : Produces(op)) content[t] = {{"schema", schema}};
    responses[std::to_string(code)] = {{"description", CodeText(code)}, {"content", content}};
  }
  responses["401"] = {{"description", "Unauthorized"}};
  j["responses"] = std::move(responses);
  j["x-kubernetes-action"] = op.action;
  if (op.gvk) j["x-kubernetes-group-version-kind"] = GvkJson(*op.gvk);
  return j;
}

Json OperationV2(const Operation& op, const SchemaWriter& w) {
  Json j = {{"tags", {op.tag}}, {"description", op.description}, {"operationId", op.id}};
  j["consumes"] = op.patch ? ConsumedPatchTypes(op.smp) : std::vector<std::string>{"*/*"};
  j["produces"] = Produces(op);
  j["schemes"] = {"https"};
  Json params = Json::array();
  if (!op.body.empty()) {
    Json body = {{"name", "body"}, {"in", "body"}, {"schema", w.Ref(op.body)}};
    if (!op.optional_body) body["required"] = true;
    params.push_back(std::move(body));
  }
  for (const Parameter& p : op.query) params.push_back(ParamV2(p));
  if (!params.empty()) j["parameters"] = std::move(params);
  Json responses = Json::object();
  for (int code : op.codes) {
    Json r = {{"description", CodeText(code)}};
    r["schema"] = op.response.empty() ? Json{{"type", "string"}} : w.Ref(op.response);
    responses[std::to_string(code)] = std::move(r);
  }
  responses["401"] = {{"description", "Unauthorized"}};
  j["responses"] = std::move(responses);
  j["x-kubernetes-action"] = op.action;
  if (op.gvk) j["x-kubernetes-group-version-kind"] = GvkJson(*op.gvk);
  return j;
}

Json PathItemJson(const PathItem& item, const SchemaWriter& w, bool v3) {
  Json j = Json::object();
  for (const Operation& op : item.ops) j[op.method] = v3 ? OperationV3(op, w) : OperationV2(op, w);
  Json params = Json::array();
  for (const Parameter& p : item.params) params.push_back(v3 ? ParamV3(p) : ParamV2(p));
  if (!params.empty()) j["parameters"] = std::move(params);
  return j;
}

// Every definition reachable from the roots.
std::set<std::string> Closure(const std::map<std::string, Definition>& defs,
                              std::vector<std::string> roots) {
  std::set<std::string> seen;
  while (!roots.empty()) {
    std::string name = std::move(roots.back());
    roots.pop_back();
    if (name.empty() || !seen.insert(name).second) continue;
    auto it = defs.find(name);
    if (it == defs.end()) continue;
    for (const Field& f : it->second.fields) roots.push_back(ReferencedDefinition(f.type));
  }
  return seen;
}

std::vector<std::string> OperationRoots(const PathItem& item) {
  std::vector<std::string> roots;
  for (const Operation& op : item.ops) {
    roots.push_back(op.body);
    roots.push_back(op.response);
  }
  return roots;
}

Json Info() {
  return {{"title", "Kubernetes"}, {"version", std::string(KubernetesVersion())}};
}

}  // namespace

Documents BuildDocuments(const Resources& resources) {
  Model model = BuildModel(resources);
  SchemaWriter v3(true), v2(false);
  Documents docs;

  for (const auto& [key, gv] : model.group_versions) {
    Json paths = Json::object();
    std::vector<std::string> roots;
    for (const PathItem& item : gv.paths) {
      paths[item.path] = PathItemJson(item, v3, true);
      for (std::string& r : OperationRoots(item)) roots.push_back(std::move(r));
    }
    Json schemas = Json::object();
    for (const std::string& name : Closure(model.definitions, roots)) {
      auto it = model.definitions.find(name);
      if (it != model.definitions.end()) schemas[name] = v3.Definition(it->second);
    }
    docs.v3[key] = {
        {"openapi", "3.0.0"},
        {"info", Info()},
        {"paths", std::move(paths)},
        {"components",
         {{"schemas", std::move(schemas)},
          {"securitySchemes",
           {{"BearerToken",
             {{"type", "apiKey"},
              {"description", "Bearer Token authentication"},
              {"name", "authorization"},
              {"in", "header"}}}}}}}};
  }

  Json paths = Json::object();
  std::vector<std::string> roots;
  for (const auto& [key, gv] : model.group_versions) {
    for (const PathItem& item : gv.paths) {
      paths[item.path] = PathItemJson(item, v2, false);
      for (std::string& r : OperationRoots(item)) roots.push_back(std::move(r));
    }
  }
  Json definitions = Json::object();
  for (const std::string& name : Closure(model.definitions, roots)) {
    auto it = model.definitions.find(name);
    if (it != model.definitions.end()) definitions[name] = v2.Definition(it->second);
  }
  docs.v2 = {{"swagger", "2.0"},
             {"info", Info()},
             {"paths", std::move(paths)},
             {"definitions", std::move(definitions)},
             {"securityDefinitions",
              {{"BearerToken",
                {{"type", "apiKey"},
                 {"description", "Bearer Token authentication"},
                 {"name", "authorization"},
                 {"in", "header"}}}}},
             {"security", Json::array({{{"BearerToken", Json::array()}}})}};
  return docs;
}

}  // namespace k1s::openapi
