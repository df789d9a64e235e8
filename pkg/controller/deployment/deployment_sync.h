// One sync of one Deployment: the steps of kube-controller-manager's
// deployment controller, split over replica_sets.cc (finding, creating,
// scaling and pruning ReplicaSets), rollout.cc (RollingUpdate, Recreate,
// proportional scaling) and status.cc (counts and conditions).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pkg/client/client.h"
#include "pkg/client/event_recorder.h"
#include "pkg/util/clock.h"
#include "pkg/util/result.h"

namespace k1s::controller::deployment {

using Json = nlohmann::json;

inline constexpr const char* kRevisionAnnotation = "deployment.kubernetes.io/revision";
inline constexpr const char* kDesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
inline constexpr const char* kMaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";
inline constexpr const char* kHashLabel = "pod-template-hash";

int64_t Replicas(const Json& object);           // spec.replicas (Deployment default 1)
int64_t StatusInt(const Json& object, const char* field);
int64_t Revision(const Json& rs);               // its revision annotation, 0 if none
bool IsRollingUpdate(const Json& d);
int64_t MaxSurge(const Json& d);
int64_t MaxUnavailable(const Json& d);
// The pod template without the pod-template-hash label, for comparisons.
Json TemplateWithoutHash(const Json& template_spec);

class DeploymentSync {
 public:
  DeploymentSync(client::Client& client, client::EventRecorder& recorder, const Clock& clock,
                 Json deployment, std::vector<Json> replica_sets, std::vector<Json> pods)
      : client_(client), recorder_(recorder), clock_(clock), d_(std::move(deployment)),
        rss_(std::move(replica_sets)), pods_(std::move(pods)) {}

  // Runs the sync. `requeue_after` is set when the deployment must be looked
  // at again without an event (progress deadline, minReadySeconds).
  Status Run(std::optional<std::chrono::seconds>* requeue_after);

 private:
  // replica_sets.cc
  // Splits rss_ into the new ReplicaSet (template equal to the
  // deployment's) and the old ones; with `create`, creates the new one.
  Status FindOrCreateNewRs(bool create);
  Status ScaleRs(Json& rs, int64_t replicas, const std::string& operation);
  Status CleanupOldRss();
  Status UpdateDeploymentAnnotations(const std::string& revision);

  // rollout.cc
  Status RolloutRolling();
  Status RolloutRecreate();
  Status ScaleProportionally();
  bool IsScalingEvent() const;
  Result<bool> ReconcileNewRs();
  // What RollingUpdate lets the new set grow to now (0 for a set not yet made).
  int64_t NewRsTarget();
  Result<bool> ReconcileOldRss();
  bool OldPodsRunning() const;

  // status.cc
  Json CalculateStatus() const;
  Status SyncRolloutStatus();
  Status SyncStatusOnly();
  Status CheckPausedConditions();
  Status WriteStatus(const Json& status);
  bool Complete(const Json& status) const;

  std::vector<Json*> AllRss();  // new (if any) first, then old
  int64_t SumReplicas(bool spec_field, const char* status_field) const;

  client::Client& client_;
  client::EventRecorder& recorder_;
  const Clock& clock_;
  Json d_;
  std::vector<Json> rss_;
  std::vector<Json> pods_;
  std::optional<size_t> new_rs_;  // index into rss_
  std::optional<std::chrono::seconds> requeue_;
};

}  // namespace k1s::controller::deployment
