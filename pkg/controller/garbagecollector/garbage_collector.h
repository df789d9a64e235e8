// The garbage collector: follows ownerReferences across every kind the API
// serves with list and watch (events excepted), as kube-controller-manager's
// does:
//  - background: a dependent all of whose owners are gone (absent, or a
//    different uid under that name) is deleted;
//  - foreground: an owner with deletionTimestamp and the foregroundDeletion
//    finalizer has its dependents deleted; the finalizer is removed once no
//    dependent with blockOwnerDeletion is left;
//  - orphan: an owner with the orphan finalizer has its ownerReferences
//    removed from its dependents, then the finalizer.
// The graph is built from the shared informers, so pods are cached once for
// the whole process. Kinds are discovered at start and every 30 s (for new
// custom resources).
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "pkg/controller/common/discovery.h"
#include "pkg/controller/common/housekeeping_base.h"
#include "pkg/controller/garbagecollector/graph.h"

namespace k1s::controller {

class GarbageCollector final : public HousekeepingController {
 public:
  static constexpr const char* kDiscoveryKey = "#discovery";

  explicit GarbageCollector(ControllerContext& ctx);
  ~GarbageCollector() override { Stop(); }
  // Keys are object uids, or kDiscoveryKey.
  Status Sync(const std::string& key) override;
  const gc::Graph& graph() const { return graph_; }
  // True once every watched kind has listed, or after a minute: a kind the
  // server lists badly must not stop collection for good (deletions are
  // confirmed with the server, so an incomplete graph only costs requests).
  bool CachesSynced() const override;

 private:
  enum class OwnerState { kSolid, kWaiting, kDangling };
  Status Rediscover();
  void WatchResource(const DiscoveredResource& r);
  const DiscoveredResource* ResourceAt(int index) const;
  const DiscoveredResource* ResourceForRef(const gc::OwnerRef& ref) const;

  Status ProcessOrphan(const gc::GraphNode& owner);
  Status ProcessForeground(const gc::GraphNode& owner);
  Status ProcessDependent(const gc::GraphNode& node);
  Result<OwnerState> Classify(const gc::GraphNode& dependent, const gc::OwnerRef& ref);
  Status DeleteObject(const gc::GraphNode& node, bool foreground);
  Status RemoveFinalizer(const gc::GraphNode& node, const std::string& finalizer);
  // Drops the references to `uids` from `node`'s ownerReferences.
  Status RemoveOwnerRefs(const gc::GraphNode& node, const std::vector<std::string>& uids);

  gc::Graph graph_;
  const std::chrono::steady_clock::time_point started_;
  mutable std::mutex mu_;
  std::deque<DiscoveredResource> resources_;         // append-only; guarded by mu_
  std::map<std::string, int> by_group_kind_;          // "group/Kind" -> index; guarded by mu_
};

Result<std::unique_ptr<Controller>> StartGarbageCollector(ControllerContext& ctx);

}  // namespace k1s::controller
