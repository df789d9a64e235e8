// The schema table: what k1s publishes about the shape of API objects, as a
// small C++ description that the OpenAPI v2 and v3 documents are rendered
// from. Names follow Kubernetes' definition names
// (io.k8s.api.core.v1.Pod, io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta);
// descriptions are k1s's own short wording.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace k1s::openapi {

// One property of an object definition.
struct Field {
  std::string name;
  // A type expression: "string", "integer" (int32), "int64", "number",
  // "double", "boolean", "object" (free-form), "[]T" (array of T), "{}T"
  // (map from string to T), or the full name of a definition.
  std::string type;
  std::string description;
  bool required = false;
  // Strategic-merge and list semantics, published as x-kubernetes-* extensions.
  std::string patch_merge_key;
  std::string patch_strategy;
  std::string list_type;
  std::vector<std::string> list_map_keys;
  std::vector<std::string> enum_values;
};

struct Gvk {
  std::string group, version, kind;
  bool operator==(const Gvk&) const = default;
};

// A named schema. Objects have fields; aliases of a primitive (Quantity,
// Time, IntOrString) have a type and format and no fields.
struct Definition {
  std::string name;
  std::string description;
  std::string type = "object";
  std::string format;
  std::vector<Field> fields;
  // False when Kubernetes' type has fields this table does not list yet:
  // the v3 document marks it x-kubernetes-preserve-unknown-fields and the v2
  // document publishes it as an open object, so clients that validate
  // against it do not reject real fields.
  bool complete = true;
  std::vector<Gvk> gvks;  // x-kubernetes-group-version-kind, for top-level kinds
};

// Every definition k1s describes in detail, by name. Built once; immutable.
const std::map<std::string, Definition>& SchemaTable();

// Expands the short names the table is written with ("meta.ObjectMeta",
// "core.Container", "Quantity") into full definition names.
std::string FullDefinitionName(const std::string& short_name);

// Names of the definitions a type expression refers to (none for primitives).
std::string ReferencedDefinition(const std::string& type);

}  // namespace k1s::openapi
