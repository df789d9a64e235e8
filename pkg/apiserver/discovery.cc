#include "pkg/apiserver/discovery.h"

namespace k1s::apiserver {

namespace {

Json GroupVersionEntry(const std::string& group, const std::string& version) {
  return {{"groupVersion", group + "/" + version}, {"version", version}};
}

Json ResourceEntry(const api::Resource& r) {
  Json entry = {{"name", r.plural},
                {"singularName", r.singular},
                {"namespaced", r.namespaced()},
                {"kind", r.kind},
                {"verbs", r.verbs}};
  if (!r.short_names.empty()) entry["shortNames"] = r.short_names;
  if (!r.categories.empty()) entry["categories"] = r.categories;
  return entry;
}

}  // namespace

Json CoreVersions(const std::string& server_address) {
  return {{"kind", "APIVersions"},
          {"versions", {"v1"}},
          {"serverAddressByClientCIDRs",
           {{{"clientCIDR", "0.0.0.0/0"}, {"serverAddress", server_address}}}}};
}

Json GroupList(const api::Registry& registry) {
  Json groups = Json::array();
  for (const api::Registry::Group& g : registry.Groups()) {
    if (g.name.empty()) continue;  // the core group is served under /api
    groups.push_back(GroupEntry(g));
  }
  return {{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", std::move(groups)}};
}

Json GroupEntry(const api::Registry::Group& group) {
  Json versions = Json::array();
  for (const std::string& v : group.versions) versions.push_back(GroupVersionEntry(group.name, v));
  return {{"name", group.name},
          {"versions", versions},
          {"preferredVersion", versions.empty() ? Json::object() : versions[0]}};
}

std::optional<Json> Group(const api::Registry& registry, const std::string& name) {
  for (const api::Registry::Group& g : registry.Groups()) {
    if (g.name == name && !name.empty()) {
      Json out = GroupEntry(g);
      out["kind"] = "APIGroup";
      out["apiVersion"] = "v1";
      return out;
    }
  }
  return std::nullopt;
}

std::optional<Json> ResourceList(const api::Registry& registry, const std::string& group,
                                 const std::string& version) {
  Json resources = Json::array();
  bool found = false;
  for (const auto& r : registry.All()) {
    if (r->group != group || r->version != version) continue;
    found = true;
    resources.push_back(ResourceEntry(*r));
    for (const api::Subresource& sub : r->subresources) {
      Json entry = {{"name", r->plural + "/" + sub.name},
                    {"singularName", ""},
                    {"namespaced", r->namespaced()},
                    {"kind", sub.kind.empty() ? r->kind : sub.kind},
                    {"verbs", sub.verbs}};
      if (!sub.kind.empty() && (sub.group != group || sub.version != version)) {
        entry["group"] = sub.group;
        entry["version"] = sub.version;
      }
      resources.push_back(std::move(entry));
    }
  }
  if (!found) return std::nullopt;
  return Json{{"kind", "APIResourceList"},
              {"apiVersion", "v1"},
              {"groupVersion", group.empty() ? version : group + "/" + version},
              {"resources", std::move(resources)}};
}

}  // namespace k1s::apiserver
