#include "pkg/openapi/schema_table.h"

#include <utility>

#include "pkg/openapi/table_builder.h"

namespace k1s::openapi {

namespace {

struct Prefix {
  const char* short_prefix;
  const char* full_prefix;
};
constexpr Prefix kPrefixes[] = {
    {"meta.", "io.k8s.apimachinery.pkg.apis.meta.v1."},
    {"core.", "io.k8s.api.core.v1."},
    {"apps.", "io.k8s.api.apps.v1."},
    {"batch.", "io.k8s.api.batch.v1."},
    {"autoscaling.", "io.k8s.api.autoscaling.v1."},
    {"policy.", "io.k8s.api.policy.v1."},
};

std::map<std::string, Definition> BuildTable() {
  std::map<std::string, Definition> table;
  TableBuilder b(table);
  AddMetaSchemas(b);
  AddPodSchemas(b);
  AddCoreSchemas(b);
  AddWorkloadSchemas(b);
  return table;
}

std::string ExpandType(const std::string& type) {
  if (type.starts_with("[]")) return "[]" + ExpandType(type.substr(2));
  if (type.starts_with("{}")) return "{}" + ExpandType(type.substr(2));
  return FullDefinitionName(type);
}

}  // namespace

std::string FullDefinitionName(const std::string& short_name) {
  if (short_name == "Quantity") return "io.k8s.apimachinery.pkg.api.resource.Quantity";
  if (short_name == "IntOrString") return "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
  if (short_name == "RawExtension") return "io.k8s.apimachinery.pkg.runtime.RawExtension";
  for (const Prefix& p : kPrefixes) {
    if (short_name.starts_with(p.short_prefix)) {
      return p.full_prefix + short_name.substr(std::string(p.short_prefix).size());
    }
  }
  return short_name;
}

std::string ReferencedDefinition(const std::string& type) {
  if (type.starts_with("[]") || type.starts_with("{}")) return ReferencedDefinition(type.substr(2));
  return type.find('.') == std::string::npos ? "" : type;
}

const std::map<std::string, Definition>& SchemaTable() {
  static const std::map<std::string, Definition> table = BuildTable();
  return table;
}

DefBuilder& DefBuilder::F(std::string name, std::string type, std::string description) {
  d_.fields.push_back(Field{.name = std::move(name),
                            .type = ExpandType(type),
                            .description = std::move(description)});
  return *this;
}

Field& DefBuilder::last() { return d_.fields.back(); }

DefBuilder& DefBuilder::Req() {
  last().required = true;
  return *this;
}

DefBuilder& DefBuilder::Merge(std::string key, std::string strategy) {
  last().patch_merge_key = std::move(key);
  last().patch_strategy = std::move(strategy);
  return *this;
}

DefBuilder& DefBuilder::PatchStrategy(std::string strategy) {
  last().patch_strategy = std::move(strategy);
  return *this;
}

DefBuilder& DefBuilder::ListMap(std::vector<std::string> keys) {
  last().list_type = "map";
  last().list_map_keys = std::move(keys);
  return *this;
}

DefBuilder& DefBuilder::ListSet() {
  last().list_type = "set";
  return *this;
}

DefBuilder& DefBuilder::Atomic() {
  last().list_type = "atomic";
  return *this;
}

DefBuilder& DefBuilder::Enum(std::vector<std::string> values) {
  last().enum_values = std::move(values);
  return *this;
}

DefBuilder& DefBuilder::Open() {
  d_.complete = false;
  return *this;
}

DefBuilder TableBuilder::Def(const std::string& short_name, std::string description) {
  std::string name = FullDefinitionName(short_name);
  Definition& d = table_[name];
  d.name = name;
  d.description = std::move(description);
  return DefBuilder(d);
}

void TableBuilder::Alias(const std::string& short_name, std::string type, std::string format,
                         std::string description) {
  std::string name = FullDefinitionName(short_name);
  Definition& d = table_[name];
  d.name = name;
  d.type = std::move(type);
  d.format = std::move(format);
  d.description = std::move(description);
}

DefBuilder TableBuilder::Kind(const std::string& short_name, std::string description, bool spec,
                              bool status) {
  DefBuilder b = Def(short_name, std::move(description));
  b.F("apiVersion", "string",
      "Versioned schema of this representation of the object, such as v1 or apps/v1.")
      .F("kind", "string", "The kind of object, in CamelCase, such as Pod.")
      .F("metadata", "meta.ObjectMeta", "Standard object metadata: name, namespace, labels, ...");
  if (spec) b.F("spec", short_name + "Spec", "The desired state of the object.");
  if (status) {
    b.F("status", short_name + "Status",
        "The most recently observed state of the object; read-only, kept by the system.");
  }
  return b;
}

}  // namespace k1s::openapi
