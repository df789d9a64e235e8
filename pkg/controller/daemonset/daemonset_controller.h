// The DaemonSet controller: one pod per eligible node (node_fit.h), pinned
// to its node through node affinity and then bound by the scheduler;
// ControllerRevisions of the template (pods labelled
// controller-revision-hash); RollingUpdate within maxUnavailable (or
// maxSurge: the new pod first) and OnDelete; and the status counts kubectl
// shows (desired, current, ready, up-to-date, available, misscheduled).
#pragma once

#include <memory>

#include "pkg/controller/controller.h"

namespace k1s::controller::daemonset {

Result<std::unique_ptr<Controller>> StartDaemonSetController(ControllerContext& ctx);

}  // namespace k1s::controller::daemonset
