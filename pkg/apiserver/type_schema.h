// The shape of a kind's objects, as the OpenAPI schema table
// (pkg/openapi/schema_table) describes it, for the code that walks objects
// field by field: strategic merge patch, field validation and server-side
// apply. A TypeSchema is one position in that shape: the object, a field's
// value, a list's item. The merge keys and list semantics it reports are the
// table's x-kubernetes-* facts; nothing here repeats them.
#pragma once

#include <string>
#include <vector>

#include "pkg/openapi/schema_table.h"

namespace k1s::apiserver {

class TypeSchema {
 public:
  enum class Shape {
    kUnknown,  // not described: any value is accepted, lists are atomic
    kStruct,   // an object definition with named fields
    kMap,      // a map from string keys to one value type
    kList,
    kScalar,
  };
  // How a list merges, in strategic merge patch and server-side apply alike.
  enum class ListKind {
    kAtomic,  // replaced as a whole
    kMap,     // items matched by key fields (keys())
    kSet,     // primitive items, unique values
  };

  // The schema of objects of a kind. A kind the table does not describe is
  // Unknown; for kinds Kubernetes itself serves (`builtin`), lists in it
  // still merge by a field name's merge key when every described type that
  // has a list of that name agrees on it (containers by name, ...).
  static TypeSchema ForKind(const std::string& group, const std::string& version,
                            const std::string& kind);
  static TypeSchema Unknown(bool builtin = false);

  Shape shape() const { return shape_; }
  // True for a struct whose definition lists all of Kubernetes' fields, so a
  // field it does not list is unknown. Incomplete definitions accept anything.
  bool closed() const;
  // The schema of the value under `key` of an object at this position: a
  // struct's field (Unknown if it has none of that name) or a map's value.
  TypeSchema Child(const std::string& key) const;
  // For a struct: whether it declares `key`. False for maps and unknowns.
  bool HasField(const std::string& key) const;
  // The schema of a list's items.
  TypeSchema Item() const;

  // How the list at this position merges in server-side apply (list-type,
  // list-map-keys, falling back to the patch merge key and strategy as
  // Kubernetes does), and its key fields for kMap.
  ListKind list_kind() const;
  std::vector<std::string> keys() const;
  // Strategic merge patch: whether the field's patch strategy merges lists,
  // and by which key (empty for primitives).
  bool patch_merges() const;
  std::string patch_merge_key() const;
  // A field of a struct that a list-map key may omit and its default, such
  // as a port's protocol; "" when none.
  static std::string KeyDefault(const std::string& key_field);

 private:
  TypeSchema() = default;
  static TypeSchema FromType(const std::string& type, const openapi::Field* field, bool builtin);
  // The list field's facts: the field itself or, for an unknown built-in
  // list, the facts every described list of that name shares.
  const openapi::Field* ListField() const;

  Shape shape_ = Shape::kUnknown;
  std::string type_;  // the table's type expression
  const openapi::Definition* def_ = nullptr;
  const openapi::Field* field_ = nullptr;  // the field this value sits in, if any
  std::string name_;                        // that field's name (for the built-in fallback)
  bool builtin_ = false;
};

}  // namespace k1s::apiserver
