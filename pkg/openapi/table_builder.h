// A small fluent builder the schema table is written with, so each Kubernetes
// type reads as one short block:
//
//   b.Def("core.ContainerPort", "A port a container listens on.")
//       .F("containerPort", "integer", "Port number on the pod's IP.").Req()
//       .F("protocol", "string", "TCP (default), UDP or SCTP.");
#pragma once

#include <map>
#include <string>
#include <vector>

#include "pkg/openapi/schema_table.h"

namespace k1s::openapi {

class DefBuilder {
 public:
  explicit DefBuilder(Definition& d) : d_(d) {}
  // Adds a field; type names may be short ("meta.Time", "[]core.EnvVar").
  DefBuilder& F(std::string name, std::string type, std::string description);
  // Modifiers of the field added last.
  DefBuilder& Req();
  DefBuilder& Merge(std::string key, std::string strategy = "merge");
  DefBuilder& PatchStrategy(std::string strategy);
  DefBuilder& ListMap(std::vector<std::string> keys);
  DefBuilder& ListSet();
  DefBuilder& Atomic();
  DefBuilder& Enum(std::vector<std::string> values);
  // The definition leaves out fields Kubernetes has.
  DefBuilder& Open();

 private:
  Field& last();
  Definition& d_;
};

class TableBuilder {
 public:
  explicit TableBuilder(std::map<std::string, Definition>& table) : table_(table) {}
  DefBuilder Def(const std::string& short_name, std::string description);
  // A named alias of a primitive type (Quantity, Time).
  void Alias(const std::string& short_name, std::string type, std::string format,
             std::string description);
  // apiVersion, kind, metadata, and optionally spec/status referring to
  // <name>Spec / <name>Status in the same package.
  DefBuilder Kind(const std::string& short_name, std::string description, bool spec, bool status);

 private:
  std::map<std::string, Definition>& table_;
};

// The table's parts, one function per area.
void AddMetaSchemas(TableBuilder& b);
void AddPodSchemas(TableBuilder& b);
void AddCoreSchemas(TableBuilder& b);
void AddWorkloadSchemas(TableBuilder& b);

}  // namespace k1s::openapi
