#include "pkg/controller/common/discovery.h"

#include <algorithm>
#include <set>

namespace k1s::controller {

namespace {

// The built-in group versions that hold objects, at their preferred version
// (autoscaling/v2 over v1, as /apis prefers it). The review kinds of the
// authentication and authorization groups are never stored and say so by
// offering no list verb.
const std::vector<std::pair<std::string, std::string>> kBuiltinGroupVersions = {
    {"", "v1"},
    {"admissionregistration.k8s.io", "v1"},
    {"apiextensions.k8s.io", "v1"},
    {"apps", "v1"},
    {"autoscaling", "v2"},
    {"batch", "v1"},
    {"certificates.k8s.io", "v1"},
    {"coordination.k8s.io", "v1"},
    {"discovery.k8s.io", "v1"},
    {"events.k8s.io", "v1"},
    {"flowcontrol.apiserver.k8s.io", "v1"},
    {"networking.k8s.io", "v1"},
    {"node.k8s.io", "v1"},
    {"policy", "v1"},
    {"rbac.authorization.k8s.io", "v1"},
    {"scheduling.k8s.io", "v1"},
    {"storage.k8s.io", "v1"},
};

// Reads /api/v1 or /apis/<group>/<version> (an APIResourceList). The client
// addresses collections; a ResourceId with no resource names the group
// version itself ("/apis/apps/v1/").
Status AddGroupVersion(client::Client& client, const std::string& group, const std::string& version,
                       std::vector<DiscoveredResource>& out) {
  auto list = client.Get(client::ResourceId{group, version, ""}, "", "");
  if (!list.ok()) return list.status().IsNotFound() ? Status::Ok() : list.status();
  if (!list->contains("resources") || !(*list)["resources"].is_array()) return Status::Ok();
  for (const client::Json& r : (*list)["resources"]) {
    std::string name = r.value("name", "");
    if (name.empty() || name.find('/') != std::string::npos) continue;
    DiscoveredResource d;
    d.id = client::ResourceId{group, version, name};
    d.kind = r.value("kind", "");
    d.namespaced = r.value("namespaced", false);
    if (r.contains("verbs") && r["verbs"].is_array()) {
      for (const client::Json& v : r["verbs"]) {
        if (v.is_string()) d.verbs.push_back(v.get<std::string>());
      }
    }
    out.push_back(std::move(d));
  }
  return Status::Ok();
}

}  // namespace

bool DiscoveredResource::Supports(std::string_view verb) const {
  return std::find(verbs.begin(), verbs.end(), verb) != verbs.end();
}

Result<std::vector<DiscoveredResource>> DiscoverResources(client::Client& client) {
  std::vector<DiscoveredResource> out;
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& [group, version] : kBuiltinGroupVersions) {
    K1S_RETURN_IF_ERROR(AddGroupVersion(client, group, version, out));
    seen.insert({group, version});
  }
  K1S_ASSIGN_OR_RETURN(client::Json crds,
                       client.List(client::ResourceId{"apiextensions.k8s.io", "v1",
                                                      "customresourcedefinitions"},
                                   ""));
  for (const client::Json& crd : crds.value("items", client::Json::array())) {
    const client::Json spec = crd.value("spec", client::Json::object());
    std::string group = spec.value("group", "");
    for (const client::Json& v : spec.value("versions", client::Json::array())) {
      if (!v.value("served", true)) continue;
      std::string version = v.value("name", "");
      if (group.empty() || version.empty() || !seen.insert({group, version}).second) continue;
      K1S_RETURN_IF_ERROR(AddGroupVersion(client, group, version, out));
    }
  }
  return out;
}

}  // namespace k1s::controller
