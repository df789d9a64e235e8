#include "pkg/api/resource.h"

namespace k1s::api {

const Subresource* Resource::FindSubresource(const std::string& name) const {
  for (const Subresource& sub : subresources) {
    if (sub.name == name) return &sub;
  }
  return nullptr;
}

std::string Resource::StoragePrefix(const std::string& namespace_name) const {
  std::string prefix = "/registry/";
  prefix += group.empty() ? "core" : group;
  prefix += '/';
  prefix += plural;
  prefix += '/';
  if (namespaced() && !namespace_name.empty()) {
    prefix += namespace_name;
    prefix += '/';
  }
  return prefix;
}

std::string Resource::StorageKey(const std::string& namespace_name, const std::string& name) const {
  std::string key = StoragePrefix();
  if (namespaced()) {
    key += namespace_name;
    key += '/';
  }
  key += name;
  return key;
}

}  // namespace k1s::api
