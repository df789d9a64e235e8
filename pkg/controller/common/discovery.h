// Which resources the API serves, for the controllers that act on every
// kind (namespace deletion, garbage collection): the built-in groups at
// their preferred versions, plus every served version of each
// CustomResourceDefinition, each read from the server's discovery document.
#pragma once

#include <string>
#include <vector>

#include "pkg/client/client.h"

namespace k1s::controller {

struct DiscoveredResource {
  client::ResourceId id;
  std::string kind;
  bool namespaced = false;
  std::vector<std::string> verbs;

  bool Supports(std::string_view verb) const;
  // "apps/v1", "v1": what ownerReferences and apiVersion say.
  std::string ApiVersion() const { return id.group.empty() ? id.version : id.group + "/" + id.version; }
};

// Top-level resources (no subresources). A group version the server does not
// serve is skipped; any other failure is returned.
Result<std::vector<DiscoveredResource>> DiscoverResources(client::Client& client);

}  // namespace k1s::controller
