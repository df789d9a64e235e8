// The StatefulSet controller: pods with stable names <set>-<ordinal>
// (hostname, serviceName subdomain, pod-name and pod-index labels), PVCs from
// volumeClaimTemplates (<claim>-<set>-<ordinal>, with the retention policy),
// OrderedReady (one at a time, in order) and Parallel management,
// ControllerRevisions with currentRevision/updateRevision, RollingUpdate
// from the highest ordinal down to the partition, and OnDelete.
#pragma once

#include <memory>

#include "pkg/controller/controller.h"

namespace k1s::controller::statefulset {

Result<std::unique_ptr<Controller>> StartStatefulSetController(ControllerContext& ctx);

}  // namespace k1s::controller::statefulset
