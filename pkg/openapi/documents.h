// The OpenAPI documents of a set of resources: one OpenAPI v3 document per
// group-version (what /openapi/v3/apis/<group>/<version> serves) and one
// Swagger 2.0 document for everything (/openapi/v2). Pure functions of the
// resources and the schema table; the service caches the results.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pkg/api/resource.h"

namespace k1s::openapi {

using Json = nlohmann::json;
using Resources = std::vector<std::shared_ptr<const api::Resource>>;

struct Documents {
  // Keyed by the discovery path without the /openapi/v3/ prefix:
  // "api/v1", "apis/apps/v1", ...
  std::map<std::string, Json> v3;
  Json v2;
};

Documents BuildDocuments(const Resources& resources);

// The definition name Kubernetes gives a kind, e.g. ("apps", "v1",
// "Deployment") -> "io.k8s.api.apps.v1.Deployment"; custom groups are
// reversed: ("example.com", "v1", "Widget") -> "com.example.v1.Widget".
std::string DefinitionName(const std::string& group, const std::string& version,
                           const std::string& kind);

// True for groups Kubernetes itself serves (core, "apps", "*.k8s.io"), whose
// objects accept strategic merge patches; custom resources do not.
bool IsBuiltinGroup(const std::string& group);

}  // namespace k1s::openapi
