// Sets of field paths, as server-side apply tracks ownership: the FieldsV1
// trie of metadata.managedFields. A path is a list of elements in
// Kubernetes' spelling: "f:<field>", "k:<key fields as JSON>" for an item of
// a keyed list, "v:<value as JSON>" for an item of a set, "i:<index>".
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "pkg/apiserver/type_schema.h"

namespace k1s::apiserver {

using FieldPath = std::vector<std::string>;
struct FieldChanges;

class FieldSet {
 public:
  bool empty() const { return root_.children.empty(); }
  void Insert(const FieldPath& path);
  bool Has(const FieldPath& path) const;
  // True when `path` or anything below it is in the set.
  bool Touches(const FieldPath& path) const;
  // True when `path` or one of its parents is in the set.
  bool Covers(const FieldPath& path) const;
  // Drops `path` and everything below it.
  void EraseSubtree(const FieldPath& path);
  FieldSet Union(const FieldSet& other) const;
  FieldSet Difference(const FieldSet& other) const;
  FieldSet Intersection(const FieldSet& other) const;
  // Every member path, parents before children, siblings in order.
  std::vector<FieldPath> Paths() const;
  // The first elements of all member paths ("f:spec", "f:status").
  std::set<std::string> TopElements() const;
  // True for a member with no members below it: the value itself is owned.
  bool IsLeaf(const FieldPath& path) const;
  bool operator==(const FieldSet& other) const = default;

  // FieldsV1 JSON: {"f:spec":{"f:replicas":{}}}, with {".":{}} marking a
  // member that also has members below it. FromJson skips what it cannot read.
  nlohmann::json ToJson() const;
  static FieldSet FromJson(const nlohmann::json& fields_v1);

 private:
  friend FieldSet FieldsOf(const nlohmann::json& object, const TypeSchema& schema);
  friend FieldChanges CompareFields(const nlohmann::json& before, const nlohmann::json& after,
                                    const TypeSchema& schema);
  struct Node {
    bool member = false;
    std::map<std::string, Node> children;
    bool operator==(const Node& other) const = default;
  };
  static void Collect(const Node& node, FieldPath& prefix, std::vector<FieldPath>& out);
  Node root_;
};

// ".spec.template.spec.containers[name=\"web\"].image": how Kubernetes
// prints a path in conflict messages.
std::string PathString(const FieldPath& path);

// The fields `object` sets, as server-side apply counts ownership: every
// scalar, atomic list, null or empty object, each item of a keyed list or
// set, and each entry of a map.
FieldSet FieldsOf(const nlohmann::json& object, const TypeSchema& schema);

// What changed from `before` to `after` (either may be null for "absent").
struct FieldChanges {
  FieldSet added, modified, removed;
};
FieldChanges CompareFields(const nlohmann::json& before, const nlohmann::json& after,
                           const TypeSchema& schema);

// Removes the value at `path` from `object`, if it is there.
void RemoveField(nlohmann::json& object, const FieldPath& path);

// Server-side apply's merge of an applied configuration into the live
// object: maps and structs merge, keyed lists merge item by item, sets
// merge as unions, everything else takes the configuration's value.
nlohmann::json MergeApplied(const nlohmann::json& live, const nlohmann::json& config,
                            const TypeSchema& schema);

}  // namespace k1s::apiserver
