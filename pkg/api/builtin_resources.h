// The built-in resources of the Kubernetes v1.33 API that k1s serves, as one
// table: the facts a real cluster reports in discovery and in Table output.
#pragma once

#include <vector>

#include "pkg/api/resource.h"

namespace k1s::api {

// Every built-in resource, grouped by API group in discovery order; within a
// group-version the resources are in the order /apis/<g>/<v> lists them.
std::vector<Resource> BuiltinResources();

}  // namespace k1s::api
