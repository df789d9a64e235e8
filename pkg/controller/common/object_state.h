// Small readers of object and pod state that the housekeeping controllers
// share: readiness as kubelet reports it, deletion marks, finalizers.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace k1s::controller {

using Json = nlohmann::json;

// The pod's Ready condition is True.
bool IsPodReady(const Json& pod);
// Phase Succeeded or Failed: the pod will not run again.
bool IsPodTerminal(const Json& pod);
// metadata.deletionTimestamp is set.
bool IsBeingDeleted(const Json& object);
bool HasFinalizer(const Json& object, std::string_view finalizer);
// metadata.<field> as a string, "" when absent.
std::string MetaString(const Json& object, const char* field);
// spec.nodeName, read in place ("" when unset): controllers call it for every
// pod in the cache, where copying the spec to read one field added up.
std::string PodNodeName(const Json& pod);
// The object's label map, {} when absent.
const Json& LabelsOf(const Json& object);
// The condition of `type` in status.conditions, or nullptr.
const Json* FindCondition(const Json& object, std::string_view type);

}  // namespace k1s::controller
