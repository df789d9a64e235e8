// Strategic merge patch (application/strategic-merge-patch+json), as
// kube-apiserver applies it: maps merge, null deletes a key, lists merge by
// their field's patch merge key (or as sets of primitives) where the schema
// says so and are replaced otherwise, and the directives $patch
// (replace/delete/merge), $retainKeys, $setElementOrder/<list> and
// $deleteFromPrimitiveList/<list> are honoured.
#pragma once

#include <nlohmann/json.hpp>

#include "pkg/apiserver/type_schema.h"
#include "pkg/util/result.h"

namespace k1s::apiserver {

// The result of applying `patch` (a JSON object) to `original` whose shape is
// `schema`. A malformed patch (a directive's bad value, a list item without
// its merge key, keys outside $retainKeys) is BadRequest; a list of lists is
// Invalid, as kube-apiserver answers.
// Neither argument is modified.
Result<nlohmann::json> StrategicMergePatch(const nlohmann::json& original,
                                           const nlohmann::json& patch, const TypeSchema& schema);

}  // namespace k1s::apiserver
