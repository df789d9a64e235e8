// Legacy discovery documents (/api, /apis, /api/v1, /apis/<g>[/<v>]), built
// from the registry on each request so custom resources appear at once.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "pkg/api/registry.h"

namespace k1s::apiserver {

using Json = nlohmann::json;

// /api: APIVersions.
Json CoreVersions(const std::string& server_address);
// /apis: APIGroupList of every non-core group.
Json GroupList(const api::Registry& registry);
// One APIGroupList entry.
Json GroupEntry(const api::Registry::Group& group);
// /apis/<group>: APIGroup; nullopt if the group is not served.
std::optional<Json> Group(const api::Registry& registry, const std::string& name);
// /api/v1 or /apis/<group>/<version>: APIResourceList with subresources;
// nullopt if nothing is served there.
std::optional<Json> ResourceList(const api::Registry& registry, const std::string& group,
                                 const std::string& version);

}  // namespace k1s::apiserver
