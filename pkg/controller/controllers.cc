#include "pkg/controller/controllers.h"

#include "pkg/controller/endpoints/endpoints_controller.h"
#include "pkg/controller/endpointslice/endpointslice_controller.h"
#include "pkg/controller/garbagecollector/garbage_collector.h"
#include "pkg/controller/namespace/namespace_controller.h"
#include "pkg/controller/nodeipam/nodeipam_controller.h"
#include "pkg/controller/nodelifecycle/nodelifecycle_controller.h"
#include "pkg/controller/podgc/podgc_controller.h"
#include "pkg/controller/serviceaccount/serviceaccounts_controller.h"
#include "pkg/controller/ttlafterfinished/ttlafterfinished_controller.h"

// One include and one line per controller.

namespace k1s::controller {

const std::vector<ControllerEntry>& ControllerTable() {
  static const std::vector<ControllerEntry> table = {
      {"endpoints", StartEndpointsController},
      {"endpointslice", StartEndpointSliceController},
      {"namespace", StartNamespaceController},
      {"garbage-collector", StartGarbageCollector},
      {"node-lifecycle", StartNodeLifecycleController},
      {"node-ipam", StartNodeIpamController},
      {"serviceaccount", StartServiceAccountsController},
      {"root-ca-cert-publisher", StartRootCaPublisher},
      {"ttl-after-finished", StartTtlAfterFinishedController},
      {"pod-garbage-collector", StartPodGcController},
  };
  return table;
}

}  // namespace k1s::controller
