// Which nodes a DaemonSet's pod belongs on: its nodeSelector, required node
// affinity and the node's NoSchedule/NoExecute taints against the pod's
// tolerations plus the ones every daemon pod gets automatically.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace k1s::controller::daemonset {

using Json = nlohmann::json;

// The pod spec with the DaemonSet tolerations added (not-ready and
// unreachable NoExecute; disk/memory/pid pressure and unschedulable
// NoSchedule; network-unavailable for host-network pods).
Json WithDaemonTolerations(Json pod_spec);
// The pod spec pinned to `node` through required node affinity
// (matchFields metadata.name), replacing other required terms.
Json WithNodeAffinity(Json pod_spec, const std::string& node);
// The node a daemon pod is bound or pinned to ("" if neither).
std::string PodNode(const Json& pod);
// True when a pod with `pod_spec` (tolerations already added) should run on `node`.
bool ShouldRun(const Json& pod_spec, const Json& node);

}  // namespace k1s::controller::daemonset
