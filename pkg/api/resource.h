// What k1s knows about one kind of API object: the facts discovery, routing,
// storage and kubectl need. Built-in kinds come from one table
// (builtin_resources.cc); custom resources are added at run time.
#pragma once

#include <string>
#include <vector>

namespace k1s::api {

enum class Scope { kNamespaced, kCluster };

struct Subresource {
  std::string name;     // "status", "scale", "binding", "log", ...
  std::string group;    // group/version/kind of the subresource's own object,
  std::string version;  // e.g. autoscaling/v1 Scale for "scale"; empty kind
  std::string kind;     // means the parent kind (as for "status")
  std::vector<std::string> verbs;
};

// A printer column of the server-side Table (kubectl get). Names are spelled
// as the real server sends them ("Ready", "Nominated Node"); kubectl
// upper-cases them for display.
struct PrinterColumn {
  std::string name;    // "Ready"
  std::string type;    // "string", "integer", "boolean", "date", ...
  std::string format;  // "name" for the NAME column, else ""
  std::string description;
  int priority = 0;  // 0: always shown; 1: with -o wide
  // Custom resources: where the cell's value is (a CRD's
  // additionalPrinterColumns jsonPath, e.g. ".spec.replicas"); built-in
  // kinds leave it empty and have printers.
  std::string json_path;
};

struct Resource {
  std::string group;     // "" for the core group
  std::string version;   // "v1"
  std::string kind;      // "Deployment"
  std::string plural;    // "deployments"
  std::string singular;  // "deployment"
  Scope scope = Scope::kNamespaced;
  std::vector<std::string> short_names;  // "deploy"
  std::vector<std::string> categories;   // "all"
  std::vector<std::string> verbs;        // as discovery lists them
  std::vector<Subresource> subresources;
  // NAME first; AGE usually last. Kinds the real server prints with its
  // default table convertor get Name + "Created At" (type "date").
  std::vector<PrinterColumn> columns;

  bool namespaced() const { return scope == Scope::kNamespaced; }
  // "apps/v1", or "v1" for the core group.
  std::string api_version() const { return group.empty() ? version : group + "/" + version; }
  const Subresource* FindSubresource(const std::string& name) const;
  // Where objects of this resource live in the store:
  // /registry/<group or "core">/<plural>/<namespace>/<name> (no namespace part
  // for cluster-scoped kinds). The prefix form ends in '/'. StoragePrefix()
  // covers every namespace; StoragePrefix(ns) only ns's objects (for a
  // cluster-scoped kind ns is ignored). StorageKey ignores namespace_name for
  // cluster-scoped kinds; a namespaced kind needs a non-empty one.
  std::string StoragePrefix(const std::string& namespace_name = "") const;
  std::string StorageKey(const std::string& namespace_name, const std::string& name) const;
};

}  // namespace k1s::api
