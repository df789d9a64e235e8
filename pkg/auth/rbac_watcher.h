// RbacWatcher: keeps an RbacPolicy equal to the RBAC objects in the store
// (list, then watch; re-list when the watch falls behind), so authorizing a
// request is a lookup in memory. It also runs Kubernetes' ClusterRole
// aggregation: a ClusterRole with an aggregationRule is rewritten with the
// rules of the ClusterRoles its selectors match whenever those change.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "pkg/auth/rbac_policy.h"
#include "pkg/store/store.h"
#include "pkg/util/log.h"
#include "pkg/util/result.h"

namespace k1s::auth {

class RbacWatcher {
 public:
  // Returns once the policy holds every RBAC object in the store.
  static Result<std::unique_ptr<RbacWatcher>> Start(store::Store& store, Logger log);
  ~RbacWatcher();
  RbacWatcher(const RbacWatcher&) = delete;
  RbacWatcher& operator=(const RbacWatcher&) = delete;

  const RbacPolicy& policy() const { return policy_; }
  // Applies every change committed before this call, so that a request that
  // follows a write of a Role or binding sees it.
  void CatchUp();

 private:
  RbacWatcher(store::Store& store, Logger log) : store_(store), log_(std::move(log)) {}
  // Re-lists everything and watches from there. Requires watch_mu_.
  Status Relist();
  // Applies the events the watcher has; true when a ClusterRole changed.
  // Requires watch_mu_.
  bool Drain();
  void Wake();
  void Aggregate();
  void Run();

  store::Store& store_;
  const Logger log_;
  RbacPolicy policy_;
  std::mutex watch_mu_;  // guards watcher_ and the order in which events are applied
  std::unique_ptr<store::Watcher> watcher_;
  std::mutex wake_mu_;
  std::condition_variable wake_cv_;
  bool woken_ = false;  // guarded by wake_mu_
  std::atomic<bool> stop_{false};
  std::atomic<bool> aggregate_pending_{false};
  std::thread thread_;
};

}  // namespace k1s::auth
