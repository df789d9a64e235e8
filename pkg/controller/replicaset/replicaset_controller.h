// The ReplicaSet controller, which also runs ReplicationControllers (the
// same loop; only the kind and the selector's spelling differ): keeps
// spec.replicas active pods that match the selector, adopting orphans and
// releasing pods that stop matching, deleting the least useful pods first,
// and reports replicas/fullyLabeledReplicas/readyReplicas/availableReplicas.
#pragma once

#include <memory>
#include <string>

#include "pkg/controller/controller.h"

namespace k1s::controller::replicaset {

Result<std::unique_ptr<Controller>> StartReplicaSetController(ControllerContext& ctx);
Result<std::unique_ptr<Controller>> StartReplicationController(ControllerContext& ctx);

}  // namespace k1s::controller::replicaset
