// apps/v1 and batch/v1 workloads, and the autoscaling/v1 Scale subresource.
#include <string>

#include "pkg/openapi/table_builder.h"

namespace k1s::openapi {

namespace {

// Fields every workload status condition has.
void ConditionFields(DefBuilder& d, bool with_probe_time) {
  if (with_probe_time) d.F("lastProbeTime", "meta.Time", "When the condition was last checked.");
  d.F("lastTransitionTime", "meta.Time", "When the status last changed.")
      .F("lastUpdateTime", "meta.Time", "When the condition was last updated.")
      .F("message", "string", "Human-readable details.")
      .F("reason", "string", "CamelCase reason of the last transition.")
      .F("status", "string", "True, False or Unknown.")
      .Req()
      .F("type", "string", "Type of the condition.")
      .Req();
}

DefBuilder& ConditionsField(DefBuilder& d, const std::string& type) {
  return d.F("conditions", "[]" + type, "Current conditions.").Merge("type").ListMap({"type"});
}

}  // namespace

void AddWorkloadSchemas(TableBuilder& b) {
  b.Kind("apps.Deployment", "Declarative updates of a replicated set of pods.", true, true);
  b.Def("apps.DeploymentSpec", "The desired state of a deployment.")
      .F("minReadySeconds", "integer", "Seconds a new pod must be ready to count as available.")
      .F("paused", "boolean", "Stop rolling out changes while true.")
      .F("progressDeadlineSeconds", "integer",
         "Seconds a rollout may make no progress before it is reported failed. Default 600.")
      .F("replicas", "integer", "Number of desired pods. Default 1.")
      .F("revisionHistoryLimit", "integer", "Old ReplicaSets kept for rollback. Default 10.")
      .F("selector", "meta.LabelSelector",
         "Labels of the pods the deployment manages; must match the template's labels.")
      .Req()
      .F("strategy", "apps.DeploymentStrategy", "How old pods are replaced by new ones.")
      .PatchStrategy("retainKeys")
      .F("template", "core.PodTemplateSpec", "The pods to create.")
      .Req();
  b.Def("apps.DeploymentStrategy", "How a deployment replaces old pods with new ones.")
      .F("rollingUpdate", "apps.RollingUpdateDeployment",
         "Settings of a rolling update; only with type RollingUpdate.")
      .F("type", "string", "Recreate or RollingUpdate (default).")
      .Enum({"Recreate", "RollingUpdate"});
  b.Def("apps.RollingUpdateDeployment", "Pace of a rolling update.")
      .F("maxSurge", "IntOrString",
         "Pods that may exist above the desired count, a number or a percentage. Default 25%.")
      .F("maxUnavailable", "IntOrString",
         "Pods that may be unavailable during the update, a number or a percentage. "
         "Default 25%.");
  DefBuilder ds = b.Def("apps.DeploymentStatus", "The observed state of a deployment.");
  ds.F("availableReplicas", "integer", "Pods ready for at least minReadySeconds.")
      .F("collisionCount", "integer", "Count of template hash collisions.");
  ConditionsField(ds, "apps.DeploymentCondition")
      .F("observedGeneration", "int64", "Generation the controller last acted on.")
      .F("readyReplicas", "integer", "Pods that are ready.")
      .F("replicas", "integer", "Pods that exist.")
      .F("terminatingReplicas", "integer", "Pods being deleted.")
      .F("unavailableReplicas", "integer", "Pods still needed for full availability.")
      .F("updatedReplicas", "integer", "Pods with the current template.");
  DefBuilder dc = b.Def("apps.DeploymentCondition", "A condition of a deployment.");
  ConditionFields(dc, false);

  b.Kind("apps.ReplicaSet", "Keeps a number of identical pods running.", true, true);
  b.Def("apps.ReplicaSetSpec", "The desired state of a ReplicaSet.")
      .F("minReadySeconds", "integer", "Seconds a new pod must be ready to count as available.")
      .F("replicas", "integer", "Number of desired pods. Default 1.")
      .F("selector", "meta.LabelSelector", "Labels of the pods it manages.")
      .Req()
      .F("template", "core.PodTemplateSpec", "The pods to create.");
  DefBuilder rs = b.Def("apps.ReplicaSetStatus", "The observed state of a ReplicaSet.");
  rs.F("availableReplicas", "integer", "Pods available for minReadySeconds.");
  ConditionsField(rs, "apps.ReplicaSetCondition")
      .F("fullyLabeledReplicas", "integer", "Pods whose labels match the template's.")
      .F("observedGeneration", "int64", "Generation last acted on.")
      .F("readyReplicas", "integer", "Pods that are ready.")
      .F("replicas", "integer", "Pods that exist.")
      .Req()
      .F("terminatingReplicas", "integer", "Pods being deleted.");
  DefBuilder rc = b.Def("apps.ReplicaSetCondition", "A condition of a ReplicaSet.");
  ConditionFields(rc, false);

  b.Kind("apps.StatefulSet", "Pods with stable identities and storage, run in order.", true, true);
  b.Def("apps.StatefulSetSpec", "The desired state of a StatefulSet.")
      .F("minReadySeconds", "integer", "Seconds a new pod must be ready to count as available.")
      .F("ordinals", "apps.StatefulSetOrdinals", "Numbering of the pods.")
      .F("persistentVolumeClaimRetentionPolicy",
         "apps.StatefulSetPersistentVolumeClaimRetentionPolicy",
         "What happens to claims when the set shrinks or is deleted.")
      .F("podManagementPolicy", "string", "OrderedReady (default) or Parallel.")
      .F("replicas", "integer", "Number of desired pods. Default 1.")
      .F("revisionHistoryLimit", "integer", "Revisions kept. Default 10.")
      .F("selector", "meta.LabelSelector", "Labels of the pods it manages.")
      .Req()
      .F("serviceName", "string", "Headless service that gives the pods their DNS names.")
      .F("template", "core.PodTemplateSpec", "The pods to create.")
      .Req()
      .F("updateStrategy", "apps.StatefulSetUpdateStrategy", "How pods are updated.")
      .F("volumeClaimTemplates", "[]core.PersistentVolumeClaim",
         "Claims created for each pod and mounted by name.")
      .Atomic();
  b.Def("apps.StatefulSetOrdinals", "Pod numbering.")
      .F("start", "integer", "Number of the first pod. Default 0.");
  b.Def("apps.StatefulSetPersistentVolumeClaimRetentionPolicy", "Claim retention.")
      .F("whenDeleted", "string", "Retain (default) or Delete when the set is deleted.")
      .F("whenScaled", "string", "Retain (default) or Delete when the set scales down.");
  b.Def("apps.StatefulSetUpdateStrategy", "How a StatefulSet updates its pods.")
      .F("rollingUpdate", "apps.RollingUpdateStatefulSetStrategy", "Rolling update settings.")
      .F("type", "string", "RollingUpdate (default) or OnDelete.");
  b.Def("apps.RollingUpdateStatefulSetStrategy", "Rolling update of a StatefulSet.")
      .F("maxUnavailable", "IntOrString", "Pods that may be unavailable during the update.")
      .F("partition", "integer", "Only pods numbered at or above this are updated.");
  DefBuilder ss = b.Def("apps.StatefulSetStatus", "The observed state of a StatefulSet.");
  ss.F("availableReplicas", "integer", "Pods available for minReadySeconds.")
      .F("collisionCount", "integer", "Count of revision hash collisions.");
  ConditionsField(ss, "apps.StatefulSetCondition")
      .F("currentReplicas", "integer", "Pods at currentRevision.")
      .F("currentRevision", "string", "Revision of the older pods.")
      .F("observedGeneration", "int64", "Generation last acted on.")
      .F("readyReplicas", "integer", "Pods that are ready.")
      .F("replicas", "integer", "Pods that exist.")
      .Req()
      .F("updateRevision", "string", "Revision of the newest pods.")
      .F("updatedReplicas", "integer", "Pods at updateRevision.");
  DefBuilder sc = b.Def("apps.StatefulSetCondition", "A condition of a StatefulSet.");
  ConditionFields(sc, false);

  b.Kind("apps.DaemonSet", "Runs a copy of a pod on every (selected) node.", true, true);
  b.Def("apps.DaemonSetSpec", "The desired state of a DaemonSet.")
      .F("minReadySeconds", "integer", "Seconds a new pod must be ready to count as available.")
      .F("revisionHistoryLimit", "integer", "Revisions kept. Default 10.")
      .F("selector", "meta.LabelSelector", "Labels of the pods it manages.")
      .Req()
      .F("template", "core.PodTemplateSpec", "The pod to run on each node.")
      .Req()
      .F("updateStrategy", "apps.DaemonSetUpdateStrategy", "How pods are replaced.");
  b.Def("apps.DaemonSetUpdateStrategy", "How a DaemonSet replaces pods.")
      .F("rollingUpdate", "apps.RollingUpdateDaemonSet", "Rolling update settings.")
      .F("type", "string", "RollingUpdate (default) or OnDelete.");
  b.Def("apps.RollingUpdateDaemonSet", "Rolling update of a DaemonSet.")
      .F("maxSurge", "IntOrString", "Nodes that may run an old and a new pod at once.")
      .F("maxUnavailable", "IntOrString", "Nodes whose pod may be unavailable. Default 1.");
  DefBuilder dss = b.Def("apps.DaemonSetStatus", "The observed state of a DaemonSet.");
  dss.F("collisionCount", "integer", "Count of revision hash collisions.");
  ConditionsField(dss, "apps.DaemonSetCondition")
      .F("currentNumberScheduled", "integer", "Nodes running the pod that should.")
      .Req()
      .F("desiredNumberScheduled", "integer", "Nodes that should run the pod.")
      .Req()
      .F("numberAvailable", "integer", "Nodes with an available pod.")
      .F("numberMisscheduled", "integer", "Nodes running the pod that should not.")
      .Req()
      .F("numberReady", "integer", "Nodes with a ready pod.")
      .Req()
      .F("numberUnavailable", "integer", "Nodes without an available pod.")
      .F("observedGeneration", "int64", "Generation last acted on.")
      .F("updatedNumberScheduled", "integer", "Nodes running the current pod template.");
  DefBuilder dsc = b.Def("apps.DaemonSetCondition", "A condition of a DaemonSet.");
  ConditionFields(dsc, false);

  b.Kind("batch.Job", "Runs pods until a number of them complete successfully.", true, true);
  b.Def("batch.JobSpec", "The desired behaviour of a job.")
      .Open()
      .F("activeDeadlineSeconds", "int64", "Seconds the job may run before it is failed.")
      .F("backoffLimit", "integer", "Retries before the job is failed. Default 6.")
      .F("backoffLimitPerIndex", "integer", "Retries per index, for Indexed jobs.")
      .F("completionMode", "string", "NonIndexed (default) or Indexed.")
      .F("completions", "integer", "Successful pods needed. Default 1.")
      .F("managedBy", "string", "Controller that manages the job.")
      .F("manualSelector", "boolean", "Use the given selector instead of a generated one.")
      .F("maxFailedIndexes", "integer", "Failed indexes tolerated, for Indexed jobs.")
      .F("parallelism", "integer", "Pods that may run at once. Default 1.")
      .F("podReplacementPolicy", "string", "TerminatingOrFailed or Failed.")
      .F("selector", "meta.LabelSelector", "Labels of the job's pods; usually generated.")
      .F("suspend", "boolean", "While true, no pods are created.")
      .F("template", "core.PodTemplateSpec", "The pods to run.")
      .Req()
      .F("ttlSecondsAfterFinished", "integer", "Seconds after finishing before deletion.");
  DefBuilder js = b.Def("batch.JobStatus", "The observed state of a job.");
  js.Open()
      .F("active", "integer", "Pods running.")
      .F("completedIndexes", "string", "Completed indexes, as a range list.")
      .F("completionTime", "meta.Time", "When the job completed.")
      .F("conditions", "[]batch.JobCondition", "Current conditions, such as Complete.")
      .Atomic()
      .F("failed", "integer", "Pods that failed.")
      .F("failedIndexes", "string", "Failed indexes, as a range list.")
      .F("ready", "integer", "Pods that are ready.")
      .F("startTime", "meta.Time", "When the job started.")
      .F("succeeded", "integer", "Pods that succeeded.")
      .F("terminating", "integer", "Pods being deleted.");
  DefBuilder jc = b.Def("batch.JobCondition", "A condition of a job.");
  jc.F("lastProbeTime", "meta.Time", "When the condition was last checked.")
      .F("lastTransitionTime", "meta.Time", "When the status last changed.")
      .F("message", "string", "Human-readable details.")
      .F("reason", "string", "CamelCase reason.")
      .F("status", "string", "True, False or Unknown.")
      .Req()
      .F("type", "string", "Complete, Failed, Suspended, ...")
      .Req();

  b.Kind("batch.CronJob", "Creates jobs on a repeating schedule.", true, true);
  b.Def("batch.CronJobSpec", "The desired behaviour of a CronJob.")
      .F("concurrencyPolicy", "string", "Allow (default), Forbid or Replace overlapping runs.")
      .F("failedJobsHistoryLimit", "integer", "Failed jobs kept. Default 1.")
      .F("jobTemplate", "batch.JobTemplateSpec", "The job to create.")
      .Req()
      .F("schedule", "string", "Cron schedule, such as \"*/5 * * * *\".")
      .Req()
      .F("startingDeadlineSeconds", "int64", "Seconds a missed run may still start.")
      .F("successfulJobsHistoryLimit", "integer", "Successful jobs kept. Default 3.")
      .F("suspend", "boolean", "While true, no new runs start.")
      .F("timeZone", "string", "Time zone of the schedule, such as Etc/UTC.");
  b.Def("batch.JobTemplateSpec", "The job a CronJob creates.")
      .F("metadata", "meta.ObjectMeta", "Metadata of the jobs.")
      .F("spec", "batch.JobSpec", "Specification of the jobs.");
  b.Def("batch.CronJobStatus", "The observed state of a CronJob.")
      .F("active", "[]core.ObjectReference", "Jobs running now.")
      .Atomic()
      .F("lastScheduleTime", "meta.Time", "When a job was last scheduled.")
      .F("lastSuccessfulTime", "meta.Time", "When a job last succeeded.");

  b.Kind("autoscaling.Scale", "The scale subresource of a scalable object.", true, true);
  b.Def("autoscaling.ScaleSpec", "Desired scale.")
      .F("replicas", "integer", "Desired number of instances.");
  b.Def("autoscaling.ScaleStatus", "Observed scale.")
      .F("replicas", "integer", "Actual number of instances.")
      .Req()
      .F("selector", "string", "Label selector of the pods, in string form.");
}

}  // namespace k1s::openapi
