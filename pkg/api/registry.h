// Registry: the kinds the API server serves, looked up by the ways requests
// and manifests name them. Thread-safe; resources may be added and removed at
// run time (CustomResourceDefinitions).
#pragma once

#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

#include "pkg/api/resource.h"

namespace k1s::api {

class Registry {
 public:
  // A registry holding every built-in resource of the Kubernetes API k1s serves.
  static std::unique_ptr<Registry> WithBuiltins();
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // nullptr when not served. Lookups return shared pointers so a caller keeps
  // a consistent view even if the resource is removed meanwhile.
  std::shared_ptr<const Resource> Find(const std::string& group, const std::string& version,
                                       const std::string& plural) const;
  std::shared_ptr<const Resource> FindKind(const std::string& group, const std::string& version,
                                           const std::string& kind) const;

  // Every served resource, in registration order.
  std::vector<std::shared_ptr<const Resource>> All() const;
  // Served groups in discovery order (core "" first), each with its versions,
  // preferred version first.
  struct Group {
    std::string name;
    std::vector<std::string> versions;
  };
  std::vector<Group> Groups() const;

  // Adds (or replaces, matching group/version/plural) a resource.
  void Add(Resource resource);
  void Remove(const std::string& group, const std::string& version, const std::string& plural);

 private:
  mutable std::shared_mutex mu_;
  std::vector<std::shared_ptr<const Resource>> resources_;  // guarded by mu_
};

}  // namespace k1s::api
