// Owner references: who controls an object, and the adoption and release
// rules every workload controller follows (controller-runtime's "ref
// manager"): an orphan that matches a controller's selector is adopted, an
// owned object that stops matching is released.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pkg/client/client.h"
#include "pkg/util/labels.h"

namespace k1s::controller::common {

using Json = nlohmann::json;

// The ownerReference with controller: true, if any.
std::optional<Json> ControllerRef(const Json& object);
// True when `object`'s controller reference names `owner_uid`.
bool IsControlledBy(const Json& object, const std::string& owner_uid);
// A controller reference to `owner` (kind and apiVersion given, since cached
// objects may lack them), with blockOwnerDeletion as Kubernetes sets it.
Json MakeControllerRef(const Json& owner, const std::string& api_version, const std::string& kind);

// Who claims objects, and how to patch them.
struct Claimer {
  client::Client& client;
  client::ResourceId resource;  // of the claimed objects (e.g. pods)
  Json owner;                   // the controller object
  std::string owner_api_version;
  std::string owner_kind;
  LabelSelector selector;
};

// Of `candidates` (all objects of the namespace), the ones `c.owner`
// controls after adopting matching orphans and releasing owned ones that no
// longer match. An owner being deleted adopts nothing. Failed adoptions
// (someone else won the race) are skipped, not errors.
std::vector<Json> Claim(const Claimer& c, const std::vector<std::shared_ptr<const Json>>& candidates);
// False for objects Claim would skip untouched (owned by another controller,
// or orphans it would not adopt), judged from metadata alone: a filter for
// an informer's list, so a compact cache parses only the candidates.
bool MayClaim(const Claimer& c, const Json& object);

}  // namespace k1s::controller::common
