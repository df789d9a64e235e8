#include "pkg/apiserver/type_schema.h"

#include <map>

#include "pkg/openapi/documents.h"

namespace k1s::apiserver {

namespace {

bool Contains(const std::string& list, const std::string& word) {
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    if (list.compare(start, comma - start, word) == 0 && comma - start == word.size()) return true;
    start = comma + 1;
  }
  return false;
}

bool SameListFacts(const openapi::Field& a, const openapi::Field& b) {
  return a.patch_merge_key == b.patch_merge_key && a.patch_strategy == b.patch_strategy &&
         a.list_type == b.list_type && a.list_map_keys == b.list_map_keys;
}

// For each list field name, the one field whose facts every described list
// of that name shares; names whose lists disagree (a container's ports merge
// by containerPort, a service's by port) are left out.
const std::map<std::string, const openapi::Field*>& SharedListFacts() {
  static const std::map<std::string, const openapi::Field*> shared = [] {
    std::map<std::string, const openapi::Field*> by_name;
    std::map<std::string, bool> disagree;
    for (const auto& [name, def] : openapi::SchemaTable()) {
      for (const openapi::Field& f : def.fields) {
        if (!f.type.starts_with("[]")) continue;
        auto [it, added] = by_name.emplace(f.name, &f);
        if (!added && !SameListFacts(*it->second, f)) disagree[f.name] = true;
      }
    }
    for (const auto& [name, _] : disagree) by_name.erase(name);
    return by_name;
  }();
  return shared;
}

}  // namespace

TypeSchema TypeSchema::ForKind(const std::string& group, const std::string& version,
                               const std::string& kind) {
  return FromType(openapi::DefinitionName(group, version, kind), nullptr,
                  openapi::IsBuiltinGroup(group));
}

TypeSchema TypeSchema::Unknown(bool builtin) {
  TypeSchema s;
  s.builtin_ = builtin;
  return s;
}

TypeSchema TypeSchema::FromType(const std::string& type, const openapi::Field* field,
                                bool builtin) {
  TypeSchema s = Unknown(builtin);
  s.type_ = type;
  s.field_ = field;
  if (field != nullptr) s.name_ = field->name;
  if (type.starts_with("[]")) {
    s.shape_ = Shape::kList;
  } else if (type.starts_with("{}")) {
    s.shape_ = Shape::kMap;
  } else if (type == "string" || type == "integer" || type == "int64" || type == "number" ||
             type == "double" || type == "boolean") {
    s.shape_ = Shape::kScalar;
  } else if (auto it = openapi::SchemaTable().find(type); it != openapi::SchemaTable().end()) {
    s.def_ = &it->second;
    // Aliases (Quantity, Time, IntOrString) are scalars; definitions without
    // fields (RawExtension, FieldsV1) hold anything.
    if (s.def_->type != "object") s.shape_ = Shape::kScalar;
    if (s.def_->type == "object" && !s.def_->fields.empty()) s.shape_ = Shape::kStruct;
  }
  return s;
}

bool TypeSchema::closed() const { return shape_ == Shape::kStruct && def_->complete; }

bool TypeSchema::HasField(const std::string& key) const {
  if (shape_ != Shape::kStruct) return false;
  for (const openapi::Field& f : def_->fields) {
    if (f.name == key) return true;
  }
  return false;
}

TypeSchema TypeSchema::Child(const std::string& key) const {
  if (shape_ == Shape::kStruct) {
    for (const openapi::Field& f : def_->fields) {
      if (f.name == key) return FromType(f.type, &f, builtin_);
    }
  } else if (shape_ == Shape::kMap) {
    return FromType(type_.substr(2), nullptr, builtin_);
  }
  TypeSchema s = Unknown(builtin_);
  s.name_ = key;
  return s;
}

TypeSchema TypeSchema::Item() const {
  if (shape_ == Shape::kList) return FromType(type_.substr(2), nullptr, builtin_);
  return Unknown(builtin_);
}

const openapi::Field* TypeSchema::ListField() const {
  if (field_ != nullptr) return field_;
  if (shape_ != Shape::kUnknown || !builtin_ || name_.empty()) return nullptr;
  auto it = SharedListFacts().find(name_);
  return it == SharedListFacts().end() ? nullptr : it->second;
}

TypeSchema::ListKind TypeSchema::list_kind() const {
  const openapi::Field* f = ListField();
  if (f == nullptr) return ListKind::kAtomic;
  if (f->list_type == "map") return ListKind::kMap;
  if (f->list_type == "set") return ListKind::kSet;
  if (f->list_type == "atomic") return ListKind::kAtomic;
  // Without x-kubernetes-list-type, Kubernetes derives it from the patch
  // strategy: merge by a key is a map, merge of primitives a set.
  if (Contains(f->patch_strategy, "merge")) {
    return f->patch_merge_key.empty() ? ListKind::kSet : ListKind::kMap;
  }
  return ListKind::kAtomic;
}

std::vector<std::string> TypeSchema::keys() const {
  const openapi::Field* f = ListField();
  if (f == nullptr) return {};
  if (f->list_type == "map") return f->list_map_keys;
  if (f->patch_merge_key.empty()) return {};
  return {f->patch_merge_key};
}

bool TypeSchema::patch_merges() const {
  const openapi::Field* f = ListField();
  return f != nullptr && Contains(f->patch_strategy, "merge");
}

std::string TypeSchema::patch_merge_key() const {
  const openapi::Field* f = ListField();
  return f == nullptr ? "" : f->patch_merge_key;
}

std::string TypeSchema::KeyDefault(const std::string& key_field) {
  // Ports (of containers and services) are keyed by number and protocol,
  // and the protocol defaults to TCP; a manifest usually leaves it out.
  return key_field == "protocol" ? "TCP" : "";
}

}  // namespace k1s::apiserver
