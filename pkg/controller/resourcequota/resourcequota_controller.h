// The resourcequota controller (kube-controller-manager's): keeps every
// ResourceQuota's status.hard equal to spec.hard and status.used equal to
// what its namespace holds, counted by the quota evaluators (pkg/quota):
// object counts, and the compute resources of pods that have not finished,
// within the quota's scopes.
//
// A quota is recounted when it is created or its spec changes; when an
// object it counts is deleted, a pod finishes (or its deletion grace period
// runs out), a service changes type or a claim's allocated size changes;
// and every five minutes, which corrects any drift (a create that failed
// after admission charged it). Creates are charged by the ResourceQuota
// admission plugin before the object is stored; a create still makes the
// controller look, but only to raise a usage that missed it (a full recount
// then could undo a charge whose object is not in the cache yet).
//
// Informers are those of the kinds the quotas count, started on first need
// (count/<resource>.<group> is found through discovery).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "pkg/controller/common/housekeeping_base.h"
#include "pkg/quota/evaluator.h"

namespace k1s::controller {

class ResourceQuotaController final : public HousekeepingController {
 public:
  // kube-controller-manager's --resource-quota-sync-period.
  static constexpr auto kResyncPeriod = std::chrono::minutes(5);
  static constexpr const char* kResyncKey = "resync";
  // A key "+ns/name" recounts ns/name but only raises its usage.
  static constexpr char kRaiseOnlyPrefix = '+';

  explicit ResourceQuotaController(ControllerContext& ctx);
  ~ResourceQuotaController() override { Stop(); }
  Status Sync(const std::string& key) override;

 private:
  // What the controller knows of a kind a quota counts.
  struct Tracked {
    client::Informer* informer = nullptr;  // null: cluster-scoped (nothing in a namespace)
  };

  Status SyncQuota(const std::string& key, bool raise_only);
  // The informer for `gr`, created (with its handlers) on first use; nullopt
  // when the API does not serve the kind.
  Result<std::optional<Tracked>> Track(const quota::GroupResource& gr);
  struct Served {
    client::ResourceId id;
    bool namespaced = true;
  };
  // Where the API serves `gr`; nullopt when it does not. Called with mu_ held.
  Result<std::optional<Served>> ResolveLocked(const quota::GroupResource& gr);
  client::EventHandler HandlerFor(const quota::GroupResource& gr);
  // Queues the quotas of `ns` that count `gr`.
  void EnqueueQuotasOf(const std::string& ns, const quota::GroupResource& gr, bool raise_only,
                       std::chrono::milliseconds delay = std::chrono::milliseconds(0));
  void OnQuotaUpdate(const client::ObjectPtr& old_quota, const client::ObjectPtr& new_quota);

  client::Informer* quotas_ = nullptr;
  std::mutex mu_;
  std::map<quota::GroupResource, Tracked> tracked_;  // guarded by mu_
  // Served kinds from the last discovery, and when it ran.
  std::map<quota::GroupResource, Served> discovered_;  // guarded by mu_
  std::optional<std::chrono::steady_clock::time_point> discovered_at_;  // guarded by mu_
};

Result<std::unique_ptr<Controller>> StartResourceQuotaController(ControllerContext& ctx);

}  // namespace k1s::controller
