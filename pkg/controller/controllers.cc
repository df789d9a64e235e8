#include "pkg/controller/controllers.h"

#include "pkg/controller/cronjob/cronjob_controller.h"
#include "pkg/controller/daemonset/daemonset_controller.h"
#include "pkg/controller/deployment/deployment_controller.h"
#include "pkg/controller/disruption/disruption_controller.h"
#include "pkg/controller/endpoints/endpoints_controller.h"
#include "pkg/controller/endpointslice/endpointslice_controller.h"
#include "pkg/controller/garbagecollector/garbage_collector.h"
#include "pkg/controller/hpa/hpa_controller.h"
#include "pkg/controller/job/job_controller.h"
#include "pkg/controller/namespace/namespace_controller.h"
#include "pkg/controller/nodeipam/nodeipam_controller.h"
#include "pkg/controller/nodelifecycle/nodelifecycle_controller.h"
#include "pkg/controller/podgc/podgc_controller.h"
#include "pkg/controller/replicaset/replicaset_controller.h"
#include "pkg/controller/resourcequota/resourcequota_controller.h"
#include "pkg/controller/serviceaccount/serviceaccounts_controller.h"
#include "pkg/controller/statefulset/statefulset_controller.h"
#include "pkg/controller/ttlafterfinished/ttlafterfinished_controller.h"

// One include and one line per controller.

namespace k1s::controller {

const std::vector<ControllerEntry>& ControllerTable() {
  static const std::vector<ControllerEntry> table = {
      {"replicaset", replicaset::StartReplicaSetController},
      {"replicationcontroller", replicaset::StartReplicationController},
      {"deployment", deployment::StartDeploymentController},
      {"job", job::StartJobController},
      {"cronjob", cronjob::StartCronJobController},
      {"daemonset", daemonset::StartDaemonSetController},
      {"statefulset", statefulset::StartStatefulSetController},
      {"horizontalpodautoscaling", hpa::StartHpaController},
      {"disruption", disruption::StartDisruptionController},
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
      {"resourcequota", StartResourceQuotaController},
  };
  return table;
}

}  // namespace k1s::controller
