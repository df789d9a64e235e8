// Template hashes and ControllerRevisions. Deployments name ReplicaSets and
// DaemonSets/StatefulSets label pods by a hash of the pod template; the
// hash is FNV-1a (32 bit) over the template's JSON plus the collision count,
// spelled with Kubernetes' "safe" alphabet so it never forms words.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pkg/client/client.h"
#include "pkg/util/result.h"

namespace k1s::controller::common {

using Json = nlohmann::json;

std::string TemplateHash(const Json& template_spec, std::optional<int64_t> collision_count);

// What a DaemonSet's or StatefulSet's ControllerRevision stores: the patch
// that restores its template ({"spec":{"template":{...,"$patch":"replace"}}}).
Json RevisionData(const Json& owner);
// The template a revision's data holds.
Json TemplateFromRevision(const Json& revision);

struct Revisions {
  Json current;                // the revision matching the owner's template now
  std::vector<Json> history;   // every revision the owner controls, oldest first
};

// Finds or creates the owner's revision for its current template (name
// "<owner>-<hash>", label controller-revision-hash), numbering a new one
// after the highest so far, and re-numbering a re-used old one. Removes the
// oldest unused ones beyond `history_limit` except those in `in_use` (hashes).
Result<Revisions> SyncRevisions(client::Client& client, const Json& owner,
                                const std::string& api_version, const std::string& kind,
                                const std::vector<std::shared_ptr<const Json>>& namespace_revisions,
                                int64_t history_limit, const std::vector<std::string>& in_use);

}  // namespace k1s::controller::common
